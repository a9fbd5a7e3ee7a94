"""The company's name as written: 'Kestrel Freight is a ...', 'We are Brigid's Bakery',
'Company: Halvorsen Marine', 'At Tidewater, we ...', 'our client, Orion Foods,'."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company.text import Sentence

_TOKEN = r"[A-Z0-9][\w&'’.-]*"
_JOIN = r"(?:\s+(?:&\s+|and\s+|of\s+|de\s+|du\s+|la\s+|von\s+|van\s+|the\s+)?"
_PROPER = rf"{_TOKEN}(?:{_JOIN}{_TOKEN})){{0,4}}"
_PATTERNS = (
    re.compile(rf"^(?:[Cc]ompany(?: name)?|[Nn]ame|[Cc]lient|[Oo]rgani[sz]ation|[Ff]irm|"
               rf"[Bb]usiness|[Ww]ho)\s*[:=\-–—]\s*(?P<n>{_PROPER})"),
    re.compile(rf"^(?P<n>{_PROPER})\s*(?:\([^)]{{0,40}}\)\s*)?(?:is|are|was|has been|"
               rf"runs|operates|makes|employs|has)\s+(?:a|an|the|one|\d|about|around|[a-z]+ing)"),
    re.compile(rf"^(?P<n>{_PROPER}),\s+(?:a|an|the|our|my)\b"),
    re.compile(rf"\b(?:[Ww]e are|[Ww]e're|[Tt]his is|[Ww]e at|[Ii] work (?:at|for)|"
               rf"I'm \w+ (?:at|from)|I am \w+ (?:at|from)|[Hh]ere at)\s+(?P<n>{_PROPER})"),
    re.compile(rf"^(?:[Aa]t|[Hh]ere at|[Ff]or)\s+(?P<n>{_PROPER}),?\s+(?:we|our|they)\b"),
    re.compile(rf"\b(?:[Oo]ur|[Tt]he|[Mm]y) (?:company|client|firm|organi[sz]ation|business|"
               rf"customer),?\s+(?P<n>{_PROPER})\s*(?:,|\(|is|has|$)"),
    re.compile(rf"\b(?:[Ff]rom|[Aa]t|[Ww]ith) (?P<n>{_PROPER})\s*(?:\((?:[^)]{{0,40}})\)\s*)?"
               rf"[:,]?\s*$"),
)
_NOT_NAMES = frozenset(
    """we our the this it they us ai i a an company my their its there here hi hello dear
    hey thanks team size goal goals timeline industry sector stage systems regulations
    company: our client client we're subject re fwd""".split()
)
_BAD_FIRST = frozenset(
    "we our it they i my in on at for by with from to as if when after before since this "
    "that these those hi hello dear hey thanks please".split()
)


@dataclass(frozen=True)
class Name:
    value: str
    sentence: Sentence
    start: int
    end: int


def read_name(sentences: Sequence[Sentence]) -> Name | None:
    for sentence in sentences[:8]:
        for pattern in _PATTERNS:
            match = pattern.search(sentence.text)
            if not match:
                continue
            raw = match.group("n")
            name = raw.strip(" .,'’")
            name = re.sub(r"'s$|’s$", "", name)
            words = name.split()
            if not words or name.lower() in _NOT_NAMES or words[0].lower() in _BAD_FIRST:
                continue
            if name.isdigit() or len(name) < 2:
                continue
            start = match.start("n")
            return Name(name[:120], sentence, start, start + len(name))
    return None
