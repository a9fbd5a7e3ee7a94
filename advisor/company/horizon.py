"""The plan horizon a text asks for: 'we have 9 months', 'our board gave us 15 months',
'over two years', 'within a year', 'Timeline: 18 months', 'a year and a half'.

A duration is a horizon when what surrounds it says so (a time word before it, a
plan word after it); durations of the past ('ran for 3 months', '10 years of data',
'founded 20 years ago') are not. When a text states several, the shortest binds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from advisor.company.numbers import NUMBER, parse_number

_DURATION = re.compile(
    rf"(?P<ah>{NUMBER})\s+and\s+a\s+half\s+years?\b"
    rf"|(?P<yh>{NUMBER})\s+years?\s+and\s+(?:a\s+)?half\b"
    r"|\b(?P<half>half\s+a\s+year)\b"
    r"|\b(?P<yah>(?:a|one)?\s*year\s+and\s+a\s+half)\b"
    rf"|(?P<n>{NUMBER})\s*-?\s*(?P<unit>months?|mos?|years?|yrs?)\b",
    re.I,
)
_BEFORE = re.compile(
    r"(?:\b(?:within|in|over|across|during|next|coming|under|inside|up to|than|have|has|had|"
    r"gave us|give us|given|giving us|got|allow|allows|allowed|approved|budgeted|runway of|"
    r"window of|deadline of|plan for|roadmap for|needs? to be (?:live|done|running) in|"
    r"cover|covers|covering|spanning|spans|span|lasting|give this|give it|plan of|call it|"
    r"about|around|roughly|approximately|some|only|just|max|maximum|at most|no more than)"
    r"|\b(?:timeline|timeframe|time frame|horizon|deadline|duration|time ?line|window|runway)"
    r"\s*(?::|is|of|=|-|–|—)?|[:~≈])"
    r"(?:\s+(?:about|around|roughly|approximately|just|only|the next|the coming|us|of))*\s*$",
    re.I,
)
_AFTER = re.compile(
    r"^\s*-?\s*(?:(?:max|maximum|at most|tops|or less|at the most)\s*,?\s*)?"
    r"(?:for (?:the |our |a |this |your )?)?(?:long\s+|total\s+)?(?:plan|roadmap|road map"
    r"|timeline|horizon|programme|"
    r"program|transformation|journey|window|strategy|time ?frame|schedule|rollout|initiative|"
    r"deadline|runway|budget|to (?:get|go|be|have|deliver|reach|roll|launch|make|ship))",
    re.I,
)
_PAST_BEFORE = re.compile(
    r"\b(?:last|past|previous|for the past|for|since|spent|took|ran|run|lasted|after|"
    r"every|each|per)\s+(?:about\s+|around\s+|roughly\s+|the\s+)?$",
    re.I,
)
_NOT_AFTER = re.compile(
    r"^\s*-?\s*(?:long\s+)?(?:pilot|poc|proof|trial|ago|old|contract|warranty|payback|"
    r"of (?:data|history|records|experience|sales|logs)|history|experience|in business|"
    r"worth|later|earlier|before)",
    re.I,
)
_PLAN_WORDS = re.compile(r"\b(?:plan|roadmap|timeline|horizon|deadline)\b", re.I)


@dataclass(frozen=True)
class Duration:
    months: int
    start: int
    end: int


def _months(match: re.Match[str]) -> int | None:
    if match.group("half"):
        return 6
    if match.group("yah"):
        return 18
    half = match.group("ah") or match.group("yh")
    if half:
        value = parse_number(half)
        return None if value is None else round((value + 0.5) * 12)
    value = parse_number(match.group("n") or "")
    if value is None or value <= 0:
        return None
    unit = (match.group("unit") or "").lower()
    return round(value * 12) if unit.startswith("y") else round(value)


def horizons(text: str) -> list[Duration]:
    """Every duration in the text that reads as the plan's horizon, in order."""
    found: list[Duration] = []
    for match in _DURATION.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 40]
        if _NOT_AFTER.match(after):
            continue
        planned = _BEFORE.search(before) or _AFTER.match(after)
        if not planned or (_PAST_BEFORE.search(before) and not _PLAN_WORDS.search(before)):
            continue
        months = _months(match)
        if months is not None and 1 <= months <= 120:
            found.append(Duration(months, match.start(), match.end()))
    return found


def requested_horizon(text: str) -> int | None:
    """The binding horizon in months (the shortest stated), or None."""
    found = horizons(text)
    return min(d.months for d in found) if found else None


# "instead of 12 months", "rather than a year": the horizon being replaced.
_REPLACED = re.compile(r"\b(?:instead of|rather than|from|not|than|of the)\s+(?:the\s+)?$", re.I)


def follow_up_horizon(text: str) -> Duration | None:
    """The horizon a follow-up about a plan asks for ("make it 9 months", "squeeze it
    into half a year"): in a message about the plan any duration is one, unless it is
    a past or a pilot's duration, or the one being replaced. The last one binds."""
    found: list[Duration] = []
    for match in _DURATION.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 40]
        if _NOT_AFTER.match(after) or _PAST_BEFORE.search(before) or _REPLACED.search(before):
            continue
        months = _months(match)
        if months is not None and 1 <= months <= 120:
            found.append(Duration(months, match.start(), match.end()))
    return found[-1] if found else None
