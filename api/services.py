"""What the routes work with, built once per app from the settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from advisor.agent.chat import Chat
from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.agent.roadmaps import AssessmentStore, RoadmapStore
from advisor.agent.sessions import SessionStore
from advisor.config import Settings
from advisor.knowledge.ingest import ensure_index, wait_for_writer
from advisor.schemas import JobOutput, ReadinessAssessment, Roadmap


@dataclass
class Services:
    settings: Settings
    advisor: Advisor
    chat: Chat
    sessions: SessionStore
    roadmaps: RoadmapStore
    assessments: AssessmentStore

    @classmethod
    def build(cls, settings: Settings, advisor: Advisor | None = None) -> Services:
        advisor = advisor or build_advisor(settings)
        sessions = SessionStore(settings.data_dir / "sessions.db")
        roadmaps = RoadmapStore(settings.data_dir / "roadmaps.db")
        assessments = AssessmentStore(settings.data_dir / "roadmaps.db")

        def keep(result: JobOutput, owner: str) -> JobOutput:
            # What a chat turn made is served, and owned, like what its own route made.
            if isinstance(result, Roadmap):
                return roadmaps.save(result, owner)
            if isinstance(result, ReadinessAssessment):
                return assessments.save(result, owner)
            return result

        return cls(
            settings=settings,
            advisor=advisor,
            chat=Chat(advisor, sessions, keep),
            sessions=sessions,
            roadmaps=roadmaps,
            assessments=assessments,
        )

    async def warm_up(self) -> None:
        """Index the knowledge if needed and load BM25 before the first request."""
        index = self.advisor.index
        # An ingest may take the lock between `serve`'s wait and this: wait for it too.
        await asyncio.to_thread(wait_for_writer, self.settings.data_dir)
        await asyncio.to_thread(ensure_index, index)
        await asyncio.to_thread(index.bm25)
