"""OfflineProvider: the Provider seam's deterministic, model-free implementation."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from advisor.llm.base import ChatAgent, Task
from advisor.llm.offline.answer import compose_answer
from advisor.llm.offline.assessment import compose_assessment
from advisor.llm.offline.governance import compose_governance
from advisor.llm.offline.roadmap import compose_roadmap
from advisor.retrieval.relevance import Relevance
from advisor.schemas import ChatKind, JobOutput

# Each job's composer, by the kind its task names; the Relevance scorer is passed to
# every composer so one that reads by meaning can use it.
Composer = Callable[[Any, Relevance], JobOutput]
COMPOSERS: dict[ChatKind, Composer] = {
    "answer": compose_answer,
    "roadmap": lambda task, _: compose_roadmap(task),
    "governance": lambda task, _: compose_governance(task),
    "assessment": lambda task, _: compose_assessment(task),
}


class OfflineProvider:
    """Composes outputs by extraction and rules; re-asking cannot change them."""

    name = "offline"
    repairs = False
    chat: ChatAgent | None = None  # chat is routed by rules (advisor.agent.chat)

    def __init__(self, relevance: Relevance | None = None) -> None:
        # Sentence and question vectors, kept; shared with the scope check's contrast
        # (agent/elsewhere.py) when the factory passes one in.
        self.relevance = relevance or Relevance()

    async def compose(self, task: Task) -> JobOutput:
        # Milliseconds of embedding and rules per draft: off the event loop, so other
        # requests go on meanwhile.
        return await asyncio.to_thread(COMPOSERS[task.kind], task, self.relevance)
