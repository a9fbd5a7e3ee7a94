"""Reading numbers and a requested plan horizon ("within nine months") from free text."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NUM = (
    r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an)"
)
_DURATION = re.compile(
    r"\b(?:(?P<yh>" + _NUM + r")\s+years?\s+and\s+a\s+half"
    r"|(?P<ah>" + _NUM + r")\s+and\s+a\s+half\s+years?"
    r"|(?P<m>" + _NUM + r")\s*-?\s*(?P<unit>months?|years?|yrs?|mos?)\b"
    r"|half\s+a\s+year)",
    re.I,
)
# A duration is a horizon when it follows one of these, or precedes a planning noun.
_BEFORE = re.compile(
    r"(?:\b(?:within|in|over|across|during|next|by|coming|under|inside|up to|than)"
    r"|\b(?:timeline|horizon|time ?frame|deadline|duration)\s*(?::|is|of|-))"
    r"(?:\s+(?:about|around|roughly|approximately|just|the next|the coming))?\s*$",
    re.I,
)
_AFTER = re.compile(
    r"^\s*-?\s*(?:long\s+)?(?:plan|roadmap|road map|timeline|horizon|programme|program|"
    r"transformation|journey|window|strategy|time ?frame|schedule|rollout|initiative)",
    re.I,
)
_NOT_HORIZON = re.compile(
    r"^\s*-?\s*(?:long\s+)?(?:pilot|poc|proof|trial|ago|old|contract|warranty|payback|"
    r"of (?:data|history|records))",
    re.I,
)


def number(token: str) -> float | None:
    """'12' -> 12, 'nine' -> 9, 'twenty-four' -> 24, 'a' -> 1, '1.5' -> 1.5."""
    token = token.lower().strip()
    try:
        return float(token)
    except ValueError:
        pass
    if token in _UNITS:
        return float(_UNITS[token])
    parts = re.split(r"[- ]", token)
    if parts[0] in _TENS:
        extra = _UNITS.get(parts[1], 0) if len(parts) > 1 else 0
        return float(_TENS[parts[0]] + extra)
    return None


def requested_horizon(description: str) -> int | None:
    """The plan horizon in months a description asks for ("within nine months",
    "18-month plan", "in 2 years", "a year and a half"), if it is 6 to 36 months."""
    text = " ".join(description.split())
    for match in _DURATION.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        after = text[match.end() : match.end() + 30]
        if _NOT_HORIZON.match(after):
            continue
        if not (_BEFORE.search(before) or _AFTER.match(after)):
            continue
        months = _months(match)
        if months is not None and 6 <= months <= 36:
            return months
    return None


def _months(match: re.Match[str]) -> int | None:
    if match.group(0).lower().startswith("half"):
        return 6
    half = match.group("yh") or match.group("ah")
    if half:
        value = number(half)
        return None if value is None else round((value + 0.5) * 12)
    value = number(match.group("m") or "")
    if value is None:
        return None
    unit = (match.group("unit") or "").lower()
    return round(value * 12) if unit.startswith("y") else round(value)
