"""How a question is read in its conversation: what it points back to ("the last one",
"and how long does that take?"), what is searched for it, and whether it is the
playbook's to answer, read with the user's earlier message and alone (docs/evals.md,
"Conversations: follow-ups and messages about something else")."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.agent.elsewhere import ALONE_MARGIN, MARGIN, Elsewhere
from advisor.agent.inputs import without_instructions
from advisor.agent.parts import foreign, joined, question_parts, reachable, uncovered
from advisor.agent.scope import CLEAR_SIMILARITY, in_scope, speaks_domain
from advisor.llm.base import Turn
from advisor.question_forms import leaned_on, resolve_item, speaks_of_us
from advisor.retrieval.hybrid import HybridRetriever, Retrieval

if TYPE_CHECKING:
    import numpy as np

# A follow-up's own words' ranking counts this much beside the ranking of it joined to
# the previous message (chosen on the conversations' dev split: 0, 0.5, 1 and 2 measured
# 0.404, 0.427, 0.396 and 0.396 completeness; docs/evals.md).
FOLLOW_UP_WEIGHT = 0.5

# Passages for a query; with `alone`, the follow-up's own words fused in (Advisor.retrieve).
Search = Callable[[str, "str | None"], Awaitable[Retrieval]]
VectorOf = Callable[[str], "tuple[str, np.ndarray] | None"]


def named_item(message: str, history: Sequence[Turn]) -> str:
    """The message with "the last one" of the previous reply's numbered list named."""
    replied = next((t.text for t in reversed(history) if t.role == "assistant"), None)
    return resolve_item(message, replied)


def leaned(message: str, history: Sequence[Turn]) -> str | None:
    """The earlier user messages a follow-up leans on, if it is one."""
    return leaned_on(message, [t.text for t in history if t.role == "user"])


def follow_up_query(message: str, history: Sequence[Turn]) -> str:
    """The retrieval query for a message: a short follow-up ("and how long does that
    take?") borrows the topic of the previous user message."""
    context = leaned(message, history)
    return f"{context} {message}" if context else message


def last_said(history: Sequence[Turn]) -> str | None:
    return next((t.text for t in reversed(history) if t.role == "user"), None)


@dataclass(frozen=True)
class OffTopic:
    """The contrast with questions about something else (agent/elsewhere.py), for a
    message read in its conversation or alone."""

    retriever: HybridRetriever
    contrast: Elsewhere | None
    vector_of: VectorOf

    def nearer(self, query: str, retrieval: Retrieval, margin: float = MARGIN) -> bool:
        """Whether the query is nearer to a question about something else than to any
        its passages answer; for a question of several parts, whether every part is,
        each against its own passages ("What are the biggest risks in year one? And how
        do I limit my kids' screen time?" is answered for its first part)."""
        contrast = self.contrast
        if contrast is None:
            return False
        if not contrast.nearer(query, retrieval.chunks, self.vector_of(query), margin):
            return False
        parts = question_parts(query)
        return len(parts) < 2 or all(
            contrast.nearer(part, self.retriever.retrieve(part, 6).chunks, margin=margin)
            for part in parts
        )

    def alone(self, message: str) -> bool:
        """A message in a conversation that, read alone, is nearer to a question about
        something else ("and how long does it take to get a driving licence?" after a
        question about a pilot): the conversation's topic does not make it the
        playbook's. One in the playbook's words must be much nearer (ALONE_MARGIN);
        "who should own it?" is nearer the playbook's own questions and borrows the
        topic."""
        found = self.retriever.retrieve(message, 6)
        if found.best_similarity >= CLEAR_SIMILARITY:
            return False
        margin = ALONE_MARGIN if speaks_domain(message) else MARGIN
        return self.nearer(message, found, margin)


@dataclass(frozen=True)
class Reading:
    """A question as the reply reads it."""

    asked: str  # the message: instructions out, a list item named, unreachable parts out
    query: str  # what was searched: the message joined to the one it leans on
    whole: str  # the whole request as first searched; a refusal is named by it
    follow_up: str | None  # the message's own words, when it leans on an earlier one
    leaned: str | None  # the earlier messages it leans on
    retrieval: Retrieval
    left_out: list[str]  # parts asking for what no passage gives, named in the reply
    searched: list[str]  # the first search's passages, which a refusal names
    scoped: bool  # the playbook's to answer


async def read_question(
    question: str,
    history: Sequence[Turn],
    search: Search,
    off_topic: OffTopic,
    knows: Callable[[str], bool],
) -> Reading:
    asked = named_item(without_instructions(question), history)
    context = leaned(asked, history)
    query = f"{context} {asked}" if context else asked
    follow_up = asked if context else None
    retrieval = await search(query, follow_up)
    whole = query
    searched = [c.text for c in retrieval.chunks]
    asked, query, left_out = reachable(asked, query, searched)
    if query != whole:
        retrieval = await search(query, None)
    # In a conversation the contrast reads the question after the user's last one:
    # "what are the risks of going too fast?" after a message about rolling an AI
    # assistant out is about that rollout.
    said = last_said(history)

    def elsewhere(text: str, found: Retrieval) -> bool:
        return off_topic.nearer(text if said is None else f"{said} {text}", found)

    scoped = await asyncio.to_thread(in_scope, query, retrieval, knows, elsewhere)
    if not scoped and follow_up is None and query == whole and speaks_of_us(asked, said):
        # "ok, which should we fix first?": no word of the playbook's and no pointer
        # back, but a short message about the asker's own work, in a conversation.
        joined = f"{said} {asked}"
        found = await search(joined, asked)
        if await asyncio.to_thread(in_scope, joined, found, knows, elsewhere):
            query, whole, retrieval, follow_up, scoped = joined, joined, found, asked, True
            context = said
            searched = [c.text for c in found.chunks]
    if scoped and said is not None:
        scoped = not await asyncio.to_thread(off_topic.alone, follow_up or asked)
    return Reading(asked, query, whole, follow_up, context, retrieval, left_out, searched, scoped)


async def covered_parts(
    asked: str, retriever: HybridRetriever, knows: Callable[[str], bool]
) -> tuple[str, list[str]]:
    """The parts of a question the playbook covers, joined, and those it does not
    ("..., and what is the capital of France?"); the whole when all or none are."""
    parts = question_parts(asked)
    suspects = [p for p in parts if foreign(p, knows)] if len(parts) > 1 else []
    if not suspects:
        return asked, []
    # Searched without telling a listener: these passages are not the reply's.
    await asyncio.to_thread(retriever.prime, suspects)
    found = await asyncio.gather(*(asyncio.to_thread(retriever.retrieve, p, 6) for p in suspects))
    left_out = [
        p for p, r in zip(suspects, found, strict=True) if uncovered(p, r.best_similarity, knows)
    ]
    if not left_out or len(left_out) == len(parts):
        return asked, []
    return joined([p for p in parts if p not in left_out]), left_out
