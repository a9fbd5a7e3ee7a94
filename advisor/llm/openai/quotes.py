"""Quotes from a model that are verbatim but too long: cut to the longest verbatim span
within the citation limit that keeps most of the cited claim's words, so an answer is
not lost because a quote ran on. A quote that is not verbatim is never repaired: it is
cut to the limit and fails verification like any other (advisor.grounding)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from advisor.grounding import is_verbatim

QUOTE_MAX = 300  # advisor.schemas.Citation.quote
# What a draft may send: a model that quotes a whole passage is trimmed, not refused.
DRAFT_QUOTE_MAX = 3000
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
_WORD = re.compile(r"[a-z0-9]{4,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _score(span: str, claim: set[str]) -> tuple[int, int]:
    return (len(_words(span) & claim), len(span))


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut or text[:limit]


def _runs(pieces: Sequence[str], limit: int) -> list[str]:
    """Every run of consecutive pieces (joined by a space) that fits the limit."""
    found = []
    for start in range(len(pieces)):
        length = -1
        for end in range(start, len(pieces)):
            length += len(pieces[end]) + 1
            if length > limit:
                break
            found.append(" ".join(pieces[start : end + 1]))
    return found


def fitted_quote(quote: str, chunk_text: str, claim: str, limit: int = QUOTE_MAX) -> str:
    """The quote as a citation may carry it: unchanged when it fits; else, when it is a
    verbatim excerpt of the chunk, its best span of whole sentences (or, with no short
    enough sentence, of words) within the limit."""
    if len(quote) <= limit:
        return quote
    text = " ".join(quote.split())
    if len(text) <= limit or not is_verbatim(text, chunk_text):
        return _cut(text, limit)
    wanted = _words(claim)
    candidates = _runs(_SENTENCE_END.split(text), limit)
    if not candidates:
        # One sentence longer than the limit: a window of words from each word on, grown
        # to the limit. A window never holds more than limit // 2 words (each is a word
        # and a space), so each costs O(limit) and all of them O(len(text)).
        words = text.split(" ")
        span = limit // 2 + 1
        candidates = [_cut(" ".join(words[i : i + span]), limit) for i in range(len(words))]
    return max(candidates, key=lambda span: _score(span, wanted))
