"""Systems and regulations as the company names them: the gazetteers first, then the
places a text names a product no list can hold ('Docs live in ReadMe', 'Tools:
CaseWare, Xero', 'we use Tripleseat and Hitched').

A product name in context is one to four capitalised tokens (or a dotted name such
as 'msg.life' or 'Frame.io') after a verb that says where data or work lives, or in
a 'Systems:' line of a form. Places, months and languages are not products.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.company.gazetteer import find_regulations, find_systems
from advisor.company.text import Sentence

_PRODUCT = (
    r"(?-i:[A-Z][A-Za-z0-9]*|[a-z]+\.[a-z]+|[A-Z0-9]{2,})(?:[.\-/][A-Za-z0-9]+)*"
    r"(?:\s(?-i:[A-Z0-9][A-Za-z0-9]*)(?:[.\-][A-Za-z0-9]+)*){0,3}"
)
_LIST = rf"(?P<items>{_PRODUCT}(?:(?:,\s*|\s+and\s+|\s*\+\s*|\s*/\s*){_PRODUCT}){{0,4}})"
_CONTEXT = (
    re.compile(
        # Verbs that say where data or work lives; not 'is in', which is where offices are.
        r"\b(?:lives?|live|sits?|stored|kept|held|runs?|running|run|managed|tracked|logged|"
        r"built|hosted|recorded|handled|booked|processed|entered|captured)"
        r"\s+(?:in|on|into|through|via|inside)\s+(?:our\s+|the\s+)?" + _LIST,
        re.I,
    ),
    re.compile(
        r"\b(?:we|they|i|staff|teams?|agents|people)\s+(?:also\s+|mostly\s+|mainly\s+)?"
        r"(?:use|uses|used|using|work in|rely on|have)\s+(?:our\s+|the\s+)?" + _LIST,
        re.I,
    ),
    re.compile(r"\busing\s+" + _LIST, re.I),
    re.compile(
        r"\b(?:trialled|trialed|trialling|testing|tested|try|tried|trying|piloting|piloted|"
        r"evaluating|archived|licensed|bought|rolled out)\s+(?:out\s+)?" + _LIST,
        re.I,
    ),
    re.compile(
        r"\b(?:records|data|files|documents|tickets|orders|bookings|reservations|history|logs|"
        r"accounts|payroll|rota|rotas)\s+(?:are|is|sit|sits|live|lives)\s+(?:in|on)\s+" + _LIST,
        re.I,
    ),
)
_FORM = re.compile(
    r"^(?:systems?|tools?|stack|tech stack|software|platforms?|apps?|pos|erp|crm|core|ehr|emr|"
    r"tms|wms|lms|sis|channel|accounting|booking|bookings|data)\s*[:=\-–—]\s*(?P<items>.+)$",
    re.I,
)
_NOT_PRODUCT = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday english french german spanish
    hindi kannada portuguese italian dutch ai it i we our the a an and or excel? q1 q2 q3 q4
    europe asia africa america canada usa us uk eu india brazil germany france spain italy
    netherlands ireland japan china australia london paris berlin ontario quebec texas
    california ohio kansas oregon bavaria england scotland wales data sql python erp crm hr
    bi pos ehr emr tms wms lms sis mes plm hris dms cms api apis saas mlops ml llm llms gdpr
    kpi kpis ceo cfo coo cio cto vp usb pdf pdfs csv email emails""".split()
)


@dataclass(frozen=True)
class Named:
    surface: str
    start: int  # in the text
    end: int


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of each product in a list like 'CaseWare, Xero and Microsoft 365'."""
    out = []
    for match in re.finditer(_PRODUCT, text[start:end]):
        surface = match.group(0)
        if not surface[:1].isalpha() or surface.split()[0].lower() in _NOT_PRODUCT:
            continue
        out.append((start + match.start(), start + match.end()))
    return out


def _overlaps(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(lo < b and a < hi for a, b in spans)


def named(
    text: str, sentences: Sequence[Sentence], company: str | None = None
) -> tuple[list[Named], list[Named]]:
    """Regulations and systems named in the sentences, in order. A regulation's issuing
    body written just before it ('OSFI Guideline E-23') is kept with it; the
    company's own name and the regulations are never systems."""
    regulations: list[Named] = []
    systems: list[Named] = []
    for sentence in sentences:
        chunk = text[sentence.start : sentence.end]
        found = find_regulations(chunk)
        regulation_spans = [(m.start, m.end) for m in found]
        for mention in found:
            lo = mention.start
            window = chunk[max(0, lo - 12) : lo]
            before = re.search(r"(?-i:\b([A-Z]{2,6}))\s+$", window)
            if before and not find_regulations(before.group(1)):
                lo -= len(window) - before.start(1)
            regulations.append(
                Named(chunk[lo : mention.end], sentence.start + lo, sentence.start + mention.end)
            )
        spans = [(m.start, m.end) for m in find_systems(chunk)]
        for pattern in (*_CONTEXT, _FORM):
            for match in pattern.finditer(chunk):
                for lo, hi in _items(chunk, match.start("items"), match.end("items")):
                    if not (_overlaps(spans, lo, hi) or _overlaps(regulation_spans, lo, hi)):
                        spans.append((lo, hi))
        own = (company or "").lower()
        for lo, hi in sorted(spans):
            surface = chunk[lo:hi]
            if own and (surface.lower() == own or surface.lower() in own):
                continue
            systems.append(Named(surface, sentence.start + lo, sentence.start + hi))
    return regulations, systems
