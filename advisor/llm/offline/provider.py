"""OfflineProvider: the Provider seam's deterministic, model-free implementation."""

from __future__ import annotations

import asyncio

from advisor.llm.base import AnswerTask, AssessmentTask, ChatAgent, GovernanceTask, RoadmapTask
from advisor.llm.offline.answer import compose_answer
from advisor.llm.offline.assessment import compose_assessment
from advisor.llm.offline.governance import compose_governance
from advisor.llm.offline.relevance import Relevance
from advisor.llm.offline.roadmap import compose_roadmap
from advisor.schemas import Answer, GovernanceAnswer, ReadinessAssessment, Roadmap


class OfflineProvider:
    """Composes outputs by extraction and rules; re-asking cannot change them."""

    name = "offline"
    repairs = False
    chat: ChatAgent | None = None  # chat is routed by rules (advisor.agent.chat)

    def __init__(self) -> None:
        self.relevance = Relevance()

    async def answer(self, task: AnswerTask) -> Answer:
        # Embedding the passages' sentences takes milliseconds: off the event loop.
        return await asyncio.to_thread(compose_answer, task, self.relevance)

    async def roadmap(self, task: RoadmapTask) -> Roadmap:
        # Tens of milliseconds of rules: off the event loop, so other requests go on.
        return await asyncio.to_thread(compose_roadmap, task)

    async def governance(self, task: GovernanceTask) -> GovernanceAnswer:
        return compose_governance(task)

    async def assess(self, task: AssessmentTask) -> ReadinessAssessment:
        return compose_assessment(task)
