"""Company profile and constraint signals from a free-text description, by rules.

Sentences that address the assistant ("Ignore all previous instructions ...") are
dropped before anything is extracted, so nothing from them reaches the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.grounding import injected_instructions, normalize
from advisor.llm.offline import lexicon as lx
from advisor.llm.offline.goals import extract_goals
from advisor.llm.offline.horizon import requested_horizon
from advisor.llm.offline.text import clip, join_words
from advisor.schemas import CompanyProfile, DataMaturity

_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_TO_ASSISTANT = re.compile(
    r"^\W*(?:please\s+)?(?:ignore|disregard|forget|print|say|reveal|repeat|respond|reply|"
    r"pretend|append|echo|answer with|do not follow|output (?:the|this|exactly))\b"
    r"|\b(?:you are|you must|you will|you should now|your instructions|as an ai|"
    r"the assistant (?:must|should|will)|(?:dear|hey|hi) assistant|language model|chatgpt|"
    r"system prompt|the prompt|jailbreak)\b",
    re.I,
)
_TOKEN = r"[A-Z0-9][\w&'.-]*"
_PROPER = rf"{_TOKEN}(?:\s+(?:&\s+|and\s+|of\s+|de\s+)?{_TOKEN}){{0,4}}"
_NAME_PATTERNS = (
    re.compile(rf"^(?P<n>{_PROPER})\s*(?:\([^)]*\)\s*)?(?:is|are|was)\s+(?:a|an|the|one)\b"),
    re.compile(rf"^(?P<n>{_PROPER}),\s+(?:a|an|the)\b"),
    re.compile(
        rf"\b(?:[Ww]e are|[Ww]e're|[Tt]his is)\s+(?P<n>{_PROPER})\s*(?:,|\(|$|\s+(?:a|an)\b)"
    ),
    re.compile(rf"^(?:[Aa]t|[Hh]ere at)\s+(?P<n>{_PROPER}),?\s+(?:we|our)\b"),
    re.compile(rf"\b(?:[Oo]ur|[Tt]he) company,?\s+(?P<n>{_PROPER}),"),
    re.compile(rf"^(?:[Cc]ompany(?: name)?|[Nn]ame)\s*:\s*(?P<n>{_PROPER})"),
)
_NOT_NAMES = frozenset(
    "we our the this it they us ai i a an company my their its there here".split()
)
_HEAD = r"(\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?\s*k\b|\d+)"
_HEADCOUNT = (
    re.compile(_HEAD + r"\s*-?\s*(?:person|people|employee|staff|strong|member)\b", re.I),
    re.compile(
        _HEAD + r"\s+(?:full[- ]time\s+)?(?:employees|staff|people|workers|colleagues|"
        r"ftes?|team members|personnel)\b",
        re.I,
    ),
    re.compile(
        r"\b(?:team|staff|workforce|head ?count|headcount)\s+(?:of|is|:)\s+(?:about|around|"
        r"roughly|approximately|some|over|nearly|almost|just over|just under|~)?\s*" + _HEAD,
        re.I,
    ),
    re.compile(
        r"\bemploy(?:s|ing)?\s+(?:about|around|roughly|approximately|some|over|nearly|almost)?"
        r"\s*" + _HEAD,
        re.I,
    ),
)
_DESCRIBES = re.compile(
    r"\b(?:is|are)\s+(?:a|an)\b|\bwe are\b|\bwe're\b|\bcompany\b|\bfirm\b", re.I
)


@dataclass(frozen=True)
class Signals:
    """Constraints and context read from a description; drives roadmap tailoring."""

    regulated: list[str] = field(default_factory=list)
    privacy: bool = False
    budget_tight: bool = False
    skills_thin: bool = False
    no_data_team: bool = False
    legacy_systems: list[str] = field(default_factory=list)
    cloud: str | None = None
    pilot_done: bool = False
    horizon_months: int | None = None


def clean_sentences(description: str) -> list[str]:
    """The description's sentences, minus any that try to instruct the assistant."""
    out = []
    for raw in _SPLIT.split(description or ""):
        sentence = normalize(raw)
        if not sentence:
            continue
        if _TO_ASSISTANT.search(sentence) or injected_instructions([sentence]):
            continue
        out.append(sentence)
    return out


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text) is not None


def _first(text: str, phrases: tuple[str, ...]) -> int:
    found = [
        m.start()
        for p in phrases
        for m in [re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]
        if m
    ]
    return min(found) if found else -1


def extract_signals(description: str) -> Signals:
    text = " ".join(clean_sentences(description))
    low = text.lower()
    regulated = [name for name, keys in lx.REGULATIONS.items() if any(_has(low, k) for k in keys)]
    if not regulated and any(_has(low, k) for k in lx.GENERAL_REGULATION):
        regulated = ["industry regulation"]
    privacy = bool(set(regulated) & {"GDPR", "HIPAA", "CCPA", "PCI DSS"}) or any(
        _has(low, k) for k in lx.PRIVACY
    )
    no_data_team = bool(lx.NO_DATA_TEAM.search(text))
    clouds = [name for name, keys in lx.CLOUDS.items() if any(_has(low, k) for k in keys)]
    if len(clouds) > 1:
        cloud: str | None = "hybrid"
    else:
        cloud = clouds[0] if clouds else None
    return Signals(
        regulated=regulated,
        privacy=privacy,
        budget_tight=bool(lx.BUDGET_TIGHT.search(text)),
        skills_thin=bool(lx.SKILLS_THIN.search(text)) or no_data_team,
        no_data_team=no_data_team,
        legacy_systems=_systems(text),
        cloud=cloud,
        pilot_done=bool(lx.PILOT_DONE.search(text)) and not lx.PILOT_NOT_DONE.search(text),
        horizon_months=requested_horizon(text),
    )


def _systems(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    low = text.lower()
    for name, keys in lx.SYSTEMS.items():
        hits = [
            (m.start(), k)
            for k in keys
            for m in [re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", low)]
            if m
        ]
        if not hits:
            continue
        pos = min(hits)[0]
        vendor = next((lx.VENDORS[k] for _, k in sorted(hits) if k in lx.VENDORS), None)
        label = name
        if vendor and name not in ("spreadsheets",):
            label = (
                f"{vendor} {name}" if name not in ("helpdesk", "document management") else vendor
            )
        if re.search(
            r"\b(?:legacy|old|outdated|ageing|aging)\s+(?:\w+\s+){0,2}$",
            low[max(0, pos - 40) : pos],
        ):
            label = f"legacy {label}"
        found.append((pos, label))
    return [label for _, label in sorted(found)]


def data_maturity(description: str) -> DataMaturity:
    text = " ".join(clean_sentences(description)).lower()
    negated = lx.NO_DATA_TEAM.findall(text)
    text = lx.NO_DATA_TEAM.sub(" ", text)
    low = sum(_has(text, k) for k in lx.MATURITY_LOW) + 2 * len(negated)
    medium = sum(_has(text, k) for k in lx.MATURITY_MEDIUM)
    high = sum(_has(text, k) for k in lx.MATURITY_HIGH)
    if high and high >= low:
        return "high"
    if medium and medium >= low:
        return "medium"
    if low:
        return "low"
    return "unknown"


def company_name(sentences: list[str]) -> str | None:
    for sentence in sentences[:6]:
        for pattern in _NAME_PATTERNS:
            match = pattern.search(sentence)
            if not match:
                continue
            name = match.group("n").strip(" .,'")
            if name.lower() in _NOT_NAMES or name.split()[0].lower() in {"we", "our", "it"}:
                continue
            return clip(name, 120)
    return None


def industry(text: str) -> str | None:
    low = text.lower()
    best: tuple[int, str] | None = None
    for name, keys in lx.INDUSTRIES.items():
        pos = _first(low, keys)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    return best[1] if best else None


def head_count(text: str) -> int | None:
    hits: list[tuple[int, int]] = []
    for pattern in _HEADCOUNT:
        for match in pattern.finditer(text):
            raw = match.group(1).lower().replace(" ", "")
            if raw.endswith("k"):
                value = float(raw[:-1]) * 1000
            elif re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", raw):
                value = float(re.sub(r"[,.]", "", raw))
            else:
                value = float(raw)
            if 1 <= value <= 10_000_000:
                hits.append((match.start(), int(value)))
    return min(hits)[1] if hits else None


def constraints(signals: Signals, maturity: DataMaturity) -> list[str]:
    out: list[str] = []
    if signals.regulated:
        out.append(f"Must comply with {join_words(signals.regulated)}")
    elif signals.privacy:
        out.append("Handles personal or confidential data")
    if signals.legacy_systems:
        out.append(f"Data and processes in {join_words(signals.legacy_systems)}")
    if signals.no_data_team:
        out.append("No data team in house")
    elif signals.skills_thin:
        out.append("Thin in-house AI and data skills")
    if signals.budget_tight:
        out.append("Tight budget")
    if signals.cloud:
        out.append(f"Runs on {lx.CLOUD_NAMES.get(signals.cloud, signals.cloud)}")
    if signals.pilot_done:
        out.append("A pilot has already been run")
    if maturity == "low" and not signals.legacy_systems:
        out.append("Low data maturity")
    return out[:10]


def article(phrase: str) -> str:
    """'a' or 'an' for a phrase: 'an 80-person', 'an insurance', 'a 450-person'."""
    low = phrase.lower()
    num = re.match(r"\d+", low)
    if num:
        n = num.group(0)
        vowel = n.startswith("8") or n in ("11", "18") or (len(n) == 5 and n[:2] in ("11", "18"))
    else:
        vowel = low[:1] in "aeio" or (low[:1] == "u" and not low.startswith(("uni", "use", "usu")))
    return "an" if vowel else "a"


def extract_profile(description: str) -> CompanyProfile:
    sentences = clean_sentences(description)
    text = " ".join(sentences)
    name = company_name(sentences)
    maturity = data_maturity(description)
    signals = extract_signals(description)
    describing = next((s for s in sentences[:3] if _DESCRIBES.search(s) and len(s) <= 300), None)
    employees = head_count(text)
    sector = industry(describing or "") or industry(text)
    if describing:
        summary = describing
    else:
        size = f"{employees}-person " if employees else ""
        kind = f"{sector} company" if sector else "company"
        phrase = f"{size}{kind}"
        summary = (
            f"{name or 'The company'} is {article(phrase)} {phrase}." if name or sector else ""
        )
    return CompanyProfile(
        name=name,
        industry=sector,
        employees=employees,
        summary=clip(summary, 600),
        goals=extract_goals(sentences)[:8],
        constraints=constraints(signals, maturity),
        data_maturity=maturity,
    )
