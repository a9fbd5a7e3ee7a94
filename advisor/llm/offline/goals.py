"""Stated goals from a description's sentences, as short verb phrases."""

from __future__ import annotations

import re

from advisor.llm.offline.text import clip

VERBS = frozenset(
    """automate forecast predict reduce improve increase cut lower speed build use deploy
    streamline detect extract classify create introduce launch personalise personalize optimise
    optimize scale digitise digitize replace summarise summarize generate answer route triage
    process monitor analyse analyze roll move make help support enable offer provide handle draft
    write search find match recommend spot flag anticipate estimate schedule modernise modernize
    boost shorten prevent avoid understand identify read review transcribe translate resolve
    deflect free bring turn speed-up accelerate capture assess score prioritise prioritize
    centralise centralize consolidate integrate connect plan""".split()
)
_GERUNDS = {v[:-1] + "ing" if v.endswith("e") else v + "ing": v for v in VERBS}
_GERUNDS.update({"planning": "plan", "cutting": "cut", "scanning": "scan"})

_MARKER = re.compile(
    r"\b(?:(?:we|i)(?:'d| would) (?:like|love) to|(?:we|i|they) (?:really )?want to|wants? to|"
    r"aims? to|(?:our |the |main |primary |key |first |top )*(?:goal|aim|objective|ambition|"
    r"priority|focus|plan|idea)s? (?:is|are|would be|will be) to|looking to|hop(?:e|ing) to|"
    r"plan(?:ning)? to|intends? to|trying to|seek(?:ing)? to|would like to|needs? to|keen to|"
    r"eager to|ambition is to|(?:goal|aim|objective|priority)s?\s*:|interested in|"
    r"we'd like to)\s+(?P<rest>.+)",
    re.I,
)
_CLAUSE_END = re.compile(
    r"\s+(?:so that|so we|so our|because|while|but|which|since|as we|without|before|"
    r"in order to|whilst|given that)\b|[;:(]",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:start |begin )?(?:using|use|leverage|apply|adopt|employ|deploy|introduce|bring in)"
    r"\s+(?:ai|artificial intelligence|machine learning|ml|gen(?:erative)? ?ai|llms?|a model)"
    r"\s+(?:to|for|in)\s+|be able to\s+|finally\s+|also\s+|better\s+|really\s+|further\s+|"
    r"ai (?:for|in)\s+|(?:an? )?ai\s+)",
    re.I,
)
_SPLIT = re.compile(r",?\s+(?:and|as well as|plus|or)\s+|,\s+", re.I)
_SKIP = re.compile(
    r"^(?:comply|stay compliant|remain compliant|be compliant|meet (?:the )?(?:regulat|gdpr|hipaa)|"
    r"follow|respect|keep within|stay within|get (?:a|an|the) (?:roadmap|plan)|have (?:a|an) "
    r"(?:roadmap|plan)|understand (?:how|what|where)|know (?:how|what)|learn|explore|"
    r"see (?:how|what|whether|if)|do (?:this|it|that)|be |keep )"
    r"|\b(?:roadmap|road map|timeline)\b",
    re.I,
)


def _base_verb(word: str) -> str | None:
    low = word.lower()
    if low in VERBS:
        return low
    return _GERUNDS.get(low)


_WHEN = re.compile(
    r"\s+(?:(?:in|within|over|by|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?(?:\S+\s+)?"
    r"(?:months?|years?|quarters?|weeks?)|by\s+(?:the\s+end\s+of\s+)?(?:next year|\d{4}|q\d)|"
    r"(?:this|next) (?:year|quarter))\s*$",
    re.I,
)


def _normalise(clause: str) -> str | None:
    clause = _WHEN.sub("", clause.strip(" .,!?'\""))
    for _ in range(3):
        clause = _LEAD.sub("", clause).strip()
    words = clause.split()
    if len(words) < 2:
        return None
    verb = _base_verb(words[0])
    if verb:
        words[0] = verb
    elif not re.search(r"[a-z]{4,}", clause):
        return None
    phrase = clip(" ".join(words), 80)
    if _SKIP.search(phrase):
        return None
    return phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase


def _clauses(rest: str) -> list[str]:
    rest = _CLAUSE_END.split(rest, maxsplit=1)[0]
    parts = _SPLIT.split(rest)
    merged: list[str] = []
    for part in parts:
        first = part.strip().split(" ", 1)[0] if part.strip() else ""
        starts_with_verb = _base_verb(first) is not None
        if merged and not starts_with_verb:
            merged[-1] = f"{merged[-1]} and {part.strip()}"  # "tickets and emails"
        else:
            merged.append(part.strip())
    return merged


def extract_goals(sentences: list[str], limit: int = 4) -> list[str]:
    """Short goal phrases ("automate customer support tickets") in the order stated."""
    goals: list[str] = []
    for sentence in sentences:
        for match in _MARKER.finditer(sentence):
            for clause in _clauses(match.group("rest")):
                phrase = _normalise(clause)
                if phrase and phrase.lower() not in (g.lower() for g in goals):
                    goals.append(phrase)
            break
        if len(goals) >= limit:
            break
    return goals[:limit]
