"""Text plumbing shared by the offline composers: sentences, terms, verbatim citations.

Every sentence this module returns is a whitespace-normalised substring of the chunk it
came from, so a quote cut from it (at a word boundary) passes `verify_citations`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from threading import Lock

from advisor.grounding import injected_instructions, is_verbatim, normalize
from advisor.knowledge.screening import Flag, quotable, screen
from advisor.schemas import Chunk, Citation

MAX_QUOTE = 300
# The quotable sentences of this many chunks are kept between tasks: screening them is
# most of what building a Book costs, and a chunk's text never changes under its id.
SAFE_KEPT = 4096
_safe_kept: OrderedDict[tuple[str, str], list[str]] = OrderedDict()
_safe_lock = Lock()

_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|no|fig|cf|mr|mrs|ms|dr|st)\.$", re.I)
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just me more most my no nor not now of off on once only or other our ours out
    over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours us let lets get got really please tell explain
    describe mean means much many ai company companies organization organizations organisation
    organisations mid market mid-market playbook say says said thing things kind way ways
    during happen happens happening involve involves important""".split()
)


def clip(text: str, limit: int) -> str:
    """Text cut to at most `limit` characters at a word boundary (a prefix of the text)."""
    text = normalize(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:-(")
    return cut or text[:limit]


def sentences(text: str) -> list[str]:
    """The sentences of a chunk's text in order; list items count as sentences."""
    units: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if _FENCE.match(line):
            continue
        if not line.strip() or _ITEM.match(line):
            if current:
                units.append(" ".join(current))
            current = [_ITEM.sub("", line).strip()] if line.strip() else []
            continue
        current.append(line.strip())
    if current:
        units.append(" ".join(current))
    out: list[str] = []
    for unit in units:
        pending = ""
        for piece in _SPLIT.split(normalize(unit)):
            pending = f"{pending} {piece}".strip() if pending else piece
            if _ABBREV.search(pending):
                continue
            out.append(pending)
            pending = ""
        if pending:
            out.append(pending)
    return [s for s in out if s]


CACHED_WORD = 32  # longer "words" (a hostile run of letters) are stemmed uncached


def stem(word: str) -> str:
    """A light, consistent stem: plural and common suffixes off, then a 6-letter prefix."""
    return _stem_cached(word) if len(word) <= CACHED_WORD else _stem(word)


def _stem(word: str) -> str:
    w = word.lower().strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ations", "ation", "ments", "ment", "ity", "ing", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]  # "secure" ~ "security", "update" ~ "updated"
    return w[:6]


_stem_cached = lru_cache(maxsize=1 << 16)(_stem)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    """Stemmed content words of a text, stopwords removed, in order."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def cite(chunk: Chunk, sentence: str) -> Citation | None:
    """A citation of one sentence of a chunk, or None if it is somehow not verbatim."""
    quote = clip(sentence, MAX_QUOTE)
    if not quote or not is_verbatim(quote, chunk.text):
        return None
    return Citation(
        chunk_id=chunk.chunk_id, source=chunk.source, section=chunk.section, quote=quote
    )


class Book:
    """The chunks of one task, with their sentences, and lookups by exact phrases."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = list(chunks)
        self._flags: dict[str, list[Flag]] = {}
        self._sentences = {c.chunk_id: self._safe(c) for c in self.chunks}

    def quotable(self, chunk: Chunk, sentence: str) -> bool:
        """Whether a sentence of the chunk may be quoted: a user's document may carry
        instructions aimed at the model (screened as ingest screens them), and neither
        they nor a sentence overlapping one is ever quoted."""
        if chunk.chunk_id not in self._flags:
            self._flags[chunk.chunk_id] = screen(chunk.text)
        flags = self._flags[chunk.chunk_id]
        if injected_instructions([sentence]) or screen(sentence):
            return False
        return not flags or quotable(sentence, chunk.text, flags)

    def _safe(self, chunk: Chunk) -> list[str]:
        key = (chunk.chunk_id, chunk.text)
        with _safe_lock:
            kept = _safe_kept.get(key)
            if kept is not None:
                _safe_kept.move_to_end(key)
                return kept
        safe = [s for s in sentences(chunk.text) if self.quotable(chunk, s)]
        with _safe_lock:
            _safe_kept[key] = safe
            while len(_safe_kept) > SAFE_KEPT:
                _safe_kept.popitem(last=False)
        return safe

    def sentences_of(self, chunk: Chunk) -> list[str]:
        if chunk.chunk_id not in self._sentences:
            self._sentences[chunk.chunk_id] = self._safe(chunk)
        return self._sentences[chunk.chunk_id]

    def items_after(self, chunk: Chunk, sentence: str) -> list[str]:
        """The list items that directly follow the paragraph ending with `sentence`."""
        lines = chunk.text.split("\n")
        target = normalize(sentence)
        for i, raw in enumerate(lines):
            if _ITEM.match(raw) or not normalize(raw).endswith(target):
                continue
            items: list[str] = []
            for nxt in lines[i + 1 :]:
                if not nxt.strip():
                    if items:
                        break
                    continue
                if not _ITEM.match(nxt):
                    break
                items.append(normalize(_ITEM.sub("", nxt)))
            return [item for item in items if self.quotable(chunk, item)]
        return []

    def list_intro(self, chunk: Chunk, item: str) -> str | None:
        """The sentence that introduces the list `item` is an item of ("Effective AI
        leadership involves five practices."), when it is quotable: an item alone reads
        as a fragment."""
        lines = chunk.text.split("\n")
        target = normalize(item)
        at = next(
            (
                i
                for i, raw in enumerate(lines)
                if _ITEM.match(raw) and normalize(_ITEM.sub("", raw)) == target
            ),
            None,
        )
        if at is None:
            return None
        for raw in reversed(lines[:at]):
            if not raw.strip() or _ITEM.match(raw):
                continue
            said = sentences(raw)
            intro = normalize(said[-1]) if said else ""
            return intro if intro and self.quotable(chunk, intro) else None
        return None

    def of_phase(self, phase: str) -> list[Chunk]:
        return [c for c in self.chunks if c.phase == phase]

    def find(self, *needles: str, phase: str | None = None) -> tuple[Chunk, str] | None:
        """The first sentence containing every needle (case-insensitive); chunks of
        `phase` are searched first, then phase-less chunks, then the rest."""
        wanted = [n.lower() for n in needles]
        for chunk in self._ordered(phase):
            for sentence in self.sentences_of(chunk):
                low = sentence.lower()
                if all(n in low for n in wanted):
                    return chunk, sentence
        return None

    def cite(self, *needles: str, phase: str | None = None) -> Citation | None:
        found = self.find(*needles, phase=phase)
        return cite(*found) if found else None

    def _ordered(self, phase: str | None) -> Iterable[Chunk]:
        if phase is None:
            return self.chunks
        first = [c for c in self.chunks if c.phase == phase]
        middle = [c for c in self.chunks if c.phase is None]
        rest = [c for c in self.chunks if c.phase not in (phase, None)]
        return [*first, *middle, *rest]


def join_words(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
