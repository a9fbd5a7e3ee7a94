"""Checks by code before anything is returned: citations, roadmap invariants, leaks.

A citation is valid when its chunk exists in the index, was retrieved for this
request, and its quote is a verbatim (whitespace-normalised) excerpt of the
chunk's text. Roadmap phases must be the playbook's five, in order, tiling the
horizon with no gaps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise

from advisor.errors import ConfigError
from advisor.schemas import (
    PHASE_ORDER,
    Chunk,
    Citation,
    CompanyProfile,
    Fact,
    FactSource,
    GovernanceAnswer,
    JobOutput,
    ReadinessAssessment,
    Roadmap,
)

MIN_HORIZON, MAX_HORIZON = 6, 36
_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def citations_of(output: JobOutput) -> list[Citation]:
    """Every citation an output carries, in reading order (repeats kept)."""
    if isinstance(output, ReadinessAssessment):
        cits = [c for d in output.dimensions for c in d.citations]
        return cits + [c for r in output.top_risks for c in r.citations]
    if isinstance(output, Roadmap):
        cits = [c for p in output.phases for c in p.citations]
        return cits + [c for u in output.use_cases for c in u.citations]
    if isinstance(output, GovernanceAnswer):
        return list(output.citations) + [c for r in output.recommendations for c in r.citations]
    return list(output.citations)


def normalize(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _comparable(text: str) -> str:
    # Models often re-type curly quotes as straight ones; that is not a paraphrase.
    return normalize(text).translate(_QUOTES)


def fold(text: str) -> str:
    """Text as the leak checks compare it: normalised, straight quotes, lower case, and
    character for character with normalize(text), so an offset in one is one in both."""
    text = normalize(text).translate(_QUOTES)
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def is_verbatim(quote: str, text: str) -> bool:
    q = _comparable(quote)
    return bool(q) and q in _comparable(text)


def verify_citations(
    citations: Iterable[Citation],
    retrieved: Mapping[str, Chunk],
    exists: Callable[[str], bool] | None = None,
) -> tuple[list[Citation], list[str]]:
    """Split citations into verified ones (source and section filled from the chunk) and
    a list of errors naming each one that failed. Duplicates are kept once."""
    valid: list[Citation] = []
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for cit in citations:
        chunk = retrieved.get(cit.chunk_id)
        if chunk is None:
            if exists is not None and exists(cit.chunk_id):
                errors.append(f"chunk {cit.chunk_id!r} was not retrieved for this request")
            else:
                errors.append(f"chunk {cit.chunk_id!r} does not exist")
            continue
        if not is_verbatim(cit.quote, chunk.text):
            errors.append(
                f"quote {short(cit.quote)!r} is not a verbatim excerpt of chunk {cit.chunk_id!r}"
            )
            continue
        key = (cit.chunk_id, _comparable(cit.quote))
        if key in seen:
            continue
        seen.add(key)
        valid.append(
            Citation(
                chunk_id=chunk.chunk_id,
                source=chunk.source,
                section=chunk.section,
                quote=normalize(cit.quote),
            )
        )
    return valid, errors


def short(text: str, width: int = 60) -> str:
    text = normalize(text)
    return text if len(text) <= width else text[: width - 1] + "…"


# --- company facts ------------------------------------------------------------------------

_SCALARS = ("name", "industry", "employees", "summary", "data_maturity", "stage", "horizon_months")
_UNSET: dict[str, object] = {
    "name": None,
    "industry": None,
    "employees": None,
    "summary": "",
    "data_maturity": "unknown",
    "stage": "unknown",
    "horizon_months": None,
}


def verify_facts(
    profile: CompanyProfile, texts: Mapping[FactSource, str]
) -> tuple[CompanyProfile, list[str]]:
    """The profile with every fact checked against the text it claims to quote.

    A description or message fact whose evidence is not a verbatim excerpt of that
    text is dropped, and so is every value that no remaining fact supports: nothing in
    the profile is asserted without a fact behind it. Form facts are what the user
    entered and stand as they are. Returns the profile and one warning per drop."""
    kept: list[Fact] = []
    warnings: list[str] = []
    for fact in profile.facts:
        if fact.source == "form" or is_verbatim(fact.evidence, texts.get(fact.source, "")):
            kept.append(fact)
        else:
            warnings.append(
                f"fact {fact.field}={short(fact.value)!r}: evidence {short(fact.evidence)!r} "
                f"is not in the {fact.source}"
            )
    supported: dict[str, list[str]] = {}
    for fact in kept:
        supported.setdefault(fact.field, []).append(_comparable(fact.value).lower())
    update: dict[str, object] = {"facts": kept}
    for name in _SCALARS:
        value = getattr(profile, name)
        if value == _UNSET[name]:
            continue
        if _comparable(str(value)).lower() not in supported.get(name, []):
            update[name] = _UNSET[name]
            warnings.append(f"{name} {short(str(value))!r} has no verified fact; dropped")
    for name in ("goals", "regulations", "systems", "constraints"):
        values = getattr(profile, name)
        backed = supported.get(name, [])
        keep = [
            v
            for v in values
            if _comparable(v).lower() in backed or _derived(name, v, update, profile)
        ]
        for value in values:
            if value not in keep:
                warnings.append(f"{name} {short(value)!r} has no verified fact; dropped")
        update[name] = keep
    return profile.model_copy(update=update), warnings


def _derived(name: str, value: str, update: Mapping[str, object], profile: CompanyProfile) -> bool:
    """A regulation constraint stands on the regulation facts it lists."""
    if name != "constraints" or not value.startswith("Regulation: "):
        return False
    regulations = update.get("regulations", profile.regulations)
    return bool(regulations)


# --- roadmap phases -----------------------------------------------------------------------


def _dated(calendar: Mapping[str, tuple[int, int]] | None) -> tuple[tuple[int, int], ...]:
    """The five windows in order when the calendar dates all five, end to start; else ()."""
    if not calendar or not all(p in calendar for p in PHASE_ORDER):
        return ()
    windows = tuple(calendar[p] for p in PHASE_ORDER)
    if all(a < b for a, b in windows) and all(prev[1] == cur[0] for prev, cur in pairwise(windows)):
        return windows
    return ()


def playbook_windows(calendar: Mapping[str, tuple[int, int]] | None) -> tuple[tuple[int, int], ...]:
    """The five phases' windows from the knowledge's front matter (`calendar`, see
    advisor.knowledge.calendar) when it dates all five in order; else those of the
    shipped playbook's front matter, the one source of the article's windows."""
    from advisor.knowledge.calendar import shipped_calendar

    windows = _dated(calendar) or _dated(shipped_calendar())
    if not windows:
        # A broken installation, not a caller's mistake: 503 with the fix named.
        raise ConfigError(
            "no phase windows: neither the knowledge in use nor the shipped playbook "
            "(knowledge/playbook) dates all five phases in its front matter (`months`)"
        )
    return windows


def phase_windows(
    horizon_months: int,
    statuses: Sequence[str] | None = None,
    calendar: Mapping[str, tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The playbook's windows (from the front matter; 0-2, 2-5, 5-7, 7-10, 10-12 in the
    article) scaled to the horizon, in whole months. Phases already done (a prefix of
    `statuses`) are (0, 0); the others share 0..horizon in the playbook's proportions,
    each at least one month long, the last ending at the horizon."""
    if not MIN_HORIZON <= horizon_months <= MAX_HORIZON:
        raise ValueError(f"horizon must be {MIN_HORIZON} to {MAX_HORIZON} months")
    windows = playbook_windows(calendar)
    done = 0
    for status in statuses or ():
        if status != "done":
            break
        done += 1
    done = min(done, len(windows) - 1)
    rest = windows[done:]
    offset = rest[0][0]
    scale = horizon_months / (rest[-1][1] - offset)
    bounds = [0] + [round((end - offset) * scale) for _, end in rest]
    bounds[-1] = horizon_months
    for i in range(1, len(bounds)):
        bounds[i] = max(bounds[i], bounds[i - 1] + 1)
    # Pushing one window forward may overrun the horizon; pull the tail back.
    for i in range(len(bounds) - 2, 0, -1):
        bounds[i] = min(bounds[i], bounds[i + 1] - 1)
    return [(0, 0)] * done + list(pairwise(bounds))


def roadmap_errors(roadmap: Roadmap) -> list[str]:
    """Every broken phase invariant, phrased so a model can fix it."""
    errors: list[str] = []
    names = [p.phase for p in roadmap.phases]
    if names != list(PHASE_ORDER):
        errors.append(
            f"phases must be exactly {', '.join(PHASE_ORDER)} in that order; got {', '.join(names)}"
        )
        return errors
    horizon = roadmap.horizon_months
    done = [p for p in roadmap.phases if p.status == "done"]
    if roadmap.phases[: len(done)] != done:
        errors.append("phases marked done must come first, in playbook order")
    if len(done) == len(roadmap.phases):
        errors.append("at least one phase must still be ahead (planned or review)")
        return errors
    for phase in done:
        if (phase.start_month, phase.end_month) != (0, 0):
            errors.append(f"{phase.phase} is done: it must start and end at month 0")
    ahead = roadmap.phases[len(done) :]
    if ahead[0].start_month != 0:
        errors.append(f"the first phase still ahead ({ahead[0].phase}) must start at month 0")
    for prev, cur in pairwise(ahead):
        if cur.start_month != prev.end_month:
            errors.append(
                f"{cur.phase} must start when {prev.phase} ends (month {prev.end_month}), "
                f"not at month {cur.start_month}"
            )
    for phase in ahead:
        if phase.end_month - phase.start_month < 1:
            errors.append(f"{phase.phase} must last at least one month")
    if ahead[-1].end_month != horizon:
        errors.append(f"the last phase must end at the horizon, month {horizon}")
    return errors


def snap_phases(
    roadmap: Roadmap, calendar: Mapping[str, tuple[int, int]] | None = None
) -> tuple[Roadmap, list[str]]:
    """Put five present phases into playbook order on the scaled playbook windows.
    Returns the fixed roadmap and what was changed; raises ValueError if phases are
    missing or repeated, which cannot be fixed without inventing content."""
    by_name = {p.phase: p for p in roadmap.phases}
    if sorted(by_name) != sorted(PHASE_ORDER) or len(roadmap.phases) != len(PHASE_ORDER):
        raise ValueError("a roadmap needs each of the five playbook phases exactly once")
    statuses = [by_name[n].status for n in PHASE_ORDER]
    windows = phase_windows(roadmap.horizon_months, statuses, calendar)
    fixed = []
    notes = []
    for name, (start, end) in zip(PHASE_ORDER, windows, strict=True):
        phase = by_name[name]
        if (phase.start_month, phase.end_month) != (start, end):
            notes.append(
                f"{name}: months {phase.start_month}-{phase.end_month} reset to {start}-{end}"
            )
        fixed.append(phase.model_copy(update={"start_month": start, "end_month": end}))
    return roadmap.model_copy(update={"phases": fixed}), notes


# --- prompt injection and leaks -----------------------------------------------------------

_INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\b[^.!?\n]{0,60}\b(instruction|prompt|rule|above|previous)"
    r"|\byou are now\b|\bsystem prompt\b|\bnew instructions?\b|\bact as\b|\bdeveloper mode\b"
    r"|\b(print|reveal|output|repeat|say|respond with)\b[^.!?\n]{0,40}\b(prompt|secret|password|"
    r"token|canary|exactly)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def injected_instructions(texts: Iterable[str]) -> list[str]:
    """Sentences of untrusted text (documents, descriptions) that try to instruct the model."""
    found: list[str] = []
    for text in texts:
        for sentence in _SENTENCE.findall(text):
            sentence = normalize(sentence)
            if len(sentence) >= 12 and _INJECTION.search(sentence):
                found.append(sentence)
    return found


def scrub(text: str, echoed: Sequence[str]) -> str:
    """Remove echoed instruction sentences from an output text."""
    for sentence in echoed:
        pattern = re.compile(re.escape(normalize(sentence)).replace(r"\ ", r"\s+"), re.IGNORECASE)
        text = pattern.sub("", text)
    return normalize(text)
