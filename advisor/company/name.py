"""The company's name as written: 'Kestrel Freight is a ...', 'We are Brigid's Bakery',
'Company: Halvorsen Marine', 'I'm the COO at Harrowgate Lyle LLP, a ...',
'Client brief: Maple & Ash Home is ...', 'our client, Orion Foods,'.

Candidates come from patterns, ranked by how surely each names the company; a
candidate that is a regulation, a named system or a common sentence opener is not
a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company.gazetteer import find_regulations, find_systems
from advisor.company.text import Sentence

_TOKEN = r"[A-Z0-9][\w&'’.\-]*"
_JOIN = r"(?:\s+(?:&\s+|and\s+|of\s+|de\s+|du\s+|la\s+|von\s+|van\s+|the\s+|für\s+)?"
_PROPER = rf"{_TOKEN}(?:{_JOIN}{_TOKEN})){{0,5}}"
_PAREN = r"\s*(?:\([^)]{0,80}\)\s*)?"
_VERBS = (
    r"(?:is|are|was|has been|runs|operates|makes|employs|has|had|finished|completed|ran|wants|"
    r"plans|needs|builds|sells|serves|provides|designs|manufactures|owns|manages|started|"
    r"recently|currently|now)\b"
)
# (rank, pattern): a lower rank names the company more surely.
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        0,
        re.compile(
            rf"^(?:[Cc]ompany(?: name)?|[Nn]ame|[Cc]lient|[Oo]rgani[sz]ation|[Ff]irm|[Bb]usiness|"
            rf"[Ww]ho|[Ee]mployer|[Cc]ustomer|[Aa]ccount|[Oo]rg)\s*[:=\-–—]\s*(?P<n>{_PROPER})"
        ),
    ),
    (
        1,
        re.compile(
            rf"\b(?:[Ww]e are|[Ww]e're|[Ww]e’re|[Tt]his is|[Ww]e at|[Ii] work (?:at|for)"
            rf"|[Hh]ere at|"
            rf"[Oo]n behalf of)\s+(?P<n>{_PROPER})"
        ),
    ),
    (
        1,
        re.compile(
            rf"\b(?:[Oo]ur|[Tt]he|[Mm]y) (?:company|client|firm|organi[sz]ation|business"
            rf"|customer),?"
            rf"\s+(?P<n>{_PROPER})"
        ),
    ),
    (1, re.compile(rf"\b(?:[Nn]ame is|[Cc]alled|[Nn]amed)\s+(?P<n>{_PROPER})")),
    (2, re.compile(rf"(?:^|[:\-–—]\s+)(?P<n>{_PROPER})(?:\s*\([^)]{{0,80}}\))?\s+{_VERBS}")),
    (2, re.compile(rf"\b(?:[Aa]t|[Ff]or|[Ff]rom|[Oo]f)\s+(?P<n>{_PROPER}),\s+(?:a|an)\s")),
    (2, re.compile(rf"^(?P<n>{_PROPER})\s+here\b")),
    (3, re.compile(rf"^(?P<n>{_PROPER})\s+[—–-]\s")),
    (2, re.compile(rf"^(?P<n>{_PROPER}),\s+(?:a|an|the|our|my|one|chain|group|family|\d)")),
    (
        3,
        re.compile(
            rf"(?:\b(?:at|for|from|of|on|about|re:?)|\s[-–—])\s+(?P<n>{_PROPER}){_PAREN}"
            r"(?:,|\.|$|is\b|has\b)"
        ),
    ),
    (4, re.compile(rf"(?:^|,\s+|\()(?P<n>{_PROPER})\s*(?:,|\(|\)|$)")),
)
_SUFFIX = re.compile(
    r"\b(?:LLP|Ltd|Limited|GmbH|AG|Inc|LLC|Co|Co-op|Corp|Corporation|Group|Bank|Partners|"
    r"Holdings|Plc|PLC|SA|S\.A\.|BV|B\.V\.|NV|Pvt|Cooperative|Co-operative|Council|Hospital|"
    r"Health|University|College|School|Studios|Foods|Hotels|Resorts|Builders|Logistics|Freight|"
    r"Insurance|Advisory|Associates|Marine|Energy|Water|Telecom|Services|Solutions|Systems|"
    r"Industries|Manufacturing|Motors|Labs|Clinic|Clinics|Trust|Authority|Union|Outfitters|"
    r"Market|Markets|Retail|Stores|Home|Growers|Farms|Fazendas|Construtora|Media|Press|"
    r"Publishing|Consulting|Capital|Financial|Pharma|Medical|Care|Venues|Couriers|Airlines)\b"
)
_OPENERS = frozenset(
    """we we're we’re our the this it they us ai i a an company my their its there here hi
    hello dear hey thanks team size goal goals timeline industry sector stage systems
    regulations client subject re fwd everything nothing anything someone everyone management
    leadership operations finance sales support marketing staff customers data most some many
    all each every that these those currently today now also budget tools rules location
    obligations horizon core pilot phase following context note analyst brief profile
    in on at for by with from to as if when after before since please sorry regards best
    cheers kind yes no ok okay one two three our""".split()
)


@dataclass(frozen=True)
class Name:
    value: str
    sentence: Sentence
    start: int
    end: int


def _acceptable(name: str) -> bool:
    words = name.split()
    if not words or len(name) < 2 or name.isdigit():
        return False
    first = words[0].lower().strip(",.'’")
    if first in _OPENERS or first.endswith(("'re", "’re", "'m", "’m", "'ve", "’ve")):
        return False
    if len(words) == 1 and not _SUFFIX.search(name) and name.isupper() and len(name) <= 3:
        return False
    named = [*find_regulations(name), *find_systems(name)]
    return sum(m.end - m.start for m in named) < 0.6 * len(name)


def read_name(sentences: Sequence[Sentence]) -> Name | None:
    best: tuple[int, int, int, Name] | None = None
    for index, sentence in enumerate(sentences[:10]):
        for rank, pattern in _PATTERNS:
            for match in pattern.finditer(sentence.text):
                name = re.sub(r"(?:'s|’s)$", "", match.group("n").strip(" .,'’-"))
                if not _acceptable(name):
                    continue
                # Without a company word, a later pattern is weak evidence.
                strength = rank if (rank <= 2 or _SUFFIX.search(name)) else rank + 3
                if rank >= 3 and not _SUFFIX.search(name) and len(name.split()) < 2:
                    continue
                if rank == 2 and index > 1 and len(name.split()) < 2 and not _SUFFIX.search(name):
                    continue  # "Cabinet has agreed", "Funding is": a later opener, not a name
                start = match.start("n")
                found = Name(name[:120], sentence, start, start + len(name))
                key = (strength, index, start)
                if best is None or key < best[:3]:
                    # A longer form of the same name read later ('Dunmore' then
                    # 'Dunmore Precision Plastics') is the fuller one: keep it.
                    if (
                        best is not None
                        and best[3].value.startswith(name)
                        and len(name) < len(best[3].value)
                    ):
                        continue
                    best = (*key, found)
                elif name.startswith(best[3].value + " ") and strength <= best[0] + 4:
                    best = (best[0], best[1], best[2], found)
                break
    return best[3] if best else None
