"""Both sides of a comparison: for each thing compared ("security frameworks vs
governance policies"), the passage that best says what it is and its sentences that
say the most about it, reserved in the reply before anything else is added.

Without this, a reply about two things tends to restate the side the question's words
lean to, and leave the other one out (issue 12: a comparison gives both sides, each
cited)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from advisor.llm.offline.scoring import (
    NOVELTY_SCALE,
    Scored,
    near_duplicate,
    parse,
    score_sentences,
)
from advisor.llm.offline.text import Book, terms

# Sentences reserved per side: two sides of two leave room in a reply of
# answer.MAX_SENTENCES for what the rest of the passages add.
SIDE_SENTENCES = 2


def _needed(groups: int) -> int:
    """Words of a side a sentence must share to be about it: both of two, else half."""
    return groups if groups <= 2 else (groups + 1) // 2


@lru_cache(maxsize=1024)  # sides come from users: bounded
def _groups(side: str) -> tuple[frozenset[str], ...]:
    """A side's word groups, parsed once: every sentence of the passages is tested
    against each side."""
    return tuple(frozenset(g) for g in parse(side).groups)


def _names(side: str, text: str) -> bool:
    """Whether the text names the side; a side of no content words ("doing it") names
    nothing."""
    groups = _groups(side)
    if not groups:
        return False
    have = set(terms(text))
    return sum(1 for g in groups if g & have) >= _needed(len(groups))


def _about(item: Scored, side: str, sides: Sequence[str]) -> int:
    """2 for a passage headed by the side ("Governance policies"), 0 for a sentence
    that names another side (as a list of all of them does), else 1."""
    if _names(side, item.chunk.section.rsplit(" > ", 1)[-1]):
        return 2
    return int(not any(_names(o, item.sentence) for o in sides if o != side))


def said_of(side: str, sides: Sequence[str], reply: Sequence[Scored]) -> bool:
    """Whether the reply says something about the side: a sentence of its own passage,
    or one that names it (both of two words, else half) and not the other sides too,
    as a list of all of them does."""
    return any(
        _about(s, side, sides) == 2 or (_names(side, s.sentence) and _about(s, side, sides))
        for s in reply
    )


def side_picks(sides: Sequence[str], book: Book, idf: Mapping[str, float]) -> list[Scored]:
    """Up to SIDE_SENTENCES sentences for each side, from the passage that fits it best."""
    picks: list[Scored] = []
    for side in sides:
        query = parse(side)
        if not query.groups:
            continue
        # By shared words only: a side named in other words than the playbook's ("what
        # the hard numbers tell us") reserves nothing and the reply is composed as usual.
        needed = _needed(len(query.groups))
        scored = [s for s in score_sentences(query, book, None, idf) if len(s.matched) >= needed]
        if not scored:
            continue
        best = max(scored, key=lambda s: (_about(s, side, sides), s.score, -s.rank))
        own = [s for s in scored if s.chunk.chunk_id == best.chunk.chunk_id]
        said = set().union(*query.groups) if query.groups else set()
        taken: list[Scored] = []
        while len(taken) < SIDE_SENTENCES and own:
            top = max(s.score for s in own)
            pick = max(own, key=lambda item: _value(item, top, said, idf))
            own.remove(pick)
            if any(near_duplicate(pick.sentence, p.sentence) for p in [*picks, *taken]):
                continue
            taken.append(pick)
            said |= set(terms(pick.sentence))
        picks.extend(taken)
    return picks


def _value(item: Scored, top: float, said: set[str], idf: Mapping[str, float]) -> float:
    """Its score against the best left of its passage, plus the rarity of what it adds."""
    added = set(terms(item.sentence)) - said
    fit = item.score / top if top > 0 else 0.0
    return fit + sum(idf.get(t, 0.0) for t in added) / NOVELTY_SCALE
