"""Head count in every written form: '500-person', '~1,200 staff', '2.5k people',
'twelve hundred employees', 'Size: 75', 'headcount 340', 'a workforce of about 900'."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company.numbers import NUMBER, parse_number
from advisor.company.text import Sentence

_HEDGE = r"(?:(?:about|around|roughly|approximately|approx\.?|some|over|nearly|almost|just over|"
_HEDGE += r"just under|more than|fewer than|close to|under|~|c\.|ca\.|±)\s*)?"
_PEOPLE = (
    r"(?:(?:full[- ]time|part[- ]time|permanent|total|year[- ]round|salaried|direct|core|"
    r"office|in-house)\s+)?(?:employees|employee|staff|people|ppl|person|full[- ]timers|"
    r"persons|workers|colleagues|ftes?|team members|members of staff|personnel|strong|"
    r"headcount|head count|heads|souls|associates|on (?:the )?payroll|faculty and staff|"
    r"faculty & staff|staff and faculty)\b"
)
_PATTERNS = (
    re.compile(rf"(?P<n>{NUMBER})\+?\s*-?\s*(?:[a-z-]+\s+(?:and|&)\s+)?{_PEOPLE}", re.I),
    re.compile(
        rf"\b(?:head ?count|staff|employees|size|company size|team size|workforce|people|"
        rf"ftes?|number of employees|# ?employees|employee count)\s*(?:of|is|are|:|=|-|–|—|"
        rf"around|about|at|stands at|numbers)?\s*{_HEDGE}(?P<n>{NUMBER})",
        re.I,
    ),
    re.compile(rf"\bemploy(?:s|ing|ed)?\s+{_HEDGE}(?P<n>{NUMBER})", re.I),
    re.compile(
        rf"(?:^|,\s*|\b(?:a|our)\s+)(?:total )?(?:team|workforce) of\s+{_HEDGE}(?P<n>{NUMBER})",
        re.I,
    ),
)
_NOT_COMPANY = re.compile(
    r"\b(?:my|our|the|a) (?:\w+ )?team (?:is|are|has|of|counts)\s*(?:only |just |about |around )?$|"
    r"\b(?:data|it|bi|analytics|support|sales|dev|engineering|ml|ai|service|finance|"
    r"marketing|legal|ops|operations|pilot|project|small|tech|technical|science|"
    r"call[- ]cent(?:re|er)|contact[- ]cent(?:re|er)|front[- ]desk)\s+(?:team|staff|people)\b"
    r"[^.]{0,5}$",
    re.I,
)


@dataclass(frozen=True)
class HeadCount:
    value: int
    sentence: Sentence
    start: int
    end: int


def read_head_count(sentences: Sequence[Sentence]) -> HeadCount | None:
    """The first head count stated (company-wide, not a team's size)."""
    best: HeadCount | None = None
    for index, sentence in enumerate(sentences):
        for pattern in _PATTERNS:
            for match in pattern.finditer(sentence.text):
                before = sentence.text[max(0, match.start() - 30) : match.start() + 12]
                if _NOT_COMPANY.search(before[: before.rfind(match.group("n")) or None]):
                    continue
                value = parse_number(match.group("n"))
                # "a staff of 300": a lone article is not a head count of one.
                if value is None or not 2 <= value <= 10_000_000 or value != int(value):
                    continue
                found = HeadCount(int(value), sentence, match.start(), match.end())
                if best is None or (index, match.start()) < (
                    sentences.index(best.sentence),
                    best.start,
                ):
                    best = found
        if best is not None:
            return best
    return best
