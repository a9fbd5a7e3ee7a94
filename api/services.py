"""What the routes work with, built once per app from the settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from advisor.agent.chat import Chat
from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.agent.registry import DOCUMENTS, kind_of
from advisor.config import Settings
from advisor.knowledge.ingest import ensure_index, wait_for_writer
from advisor.schemas import JobOutput
from advisor.storage import OutputStore, SessionStore, Storage, open_storage


@dataclass
class Services:
    settings: Settings
    advisor: Advisor
    chat: Chat
    storage: Storage

    @property
    def sessions(self) -> SessionStore:
        return self.storage.sessions

    @property
    def outputs(self) -> OutputStore:
        return self.storage.outputs

    @classmethod
    def build(
        cls, settings: Settings, advisor: Advisor | None = None, storage: Storage | None = None
    ) -> Services:
        advisor = advisor or build_advisor(settings)
        storage = storage or open_storage(settings)
        outputs = storage.outputs

        def keep(result: JobOutput, owner: str) -> JobOutput:
            # What a chat turn made is served, and owned, like what its own route made.
            kind = kind_of(result)
            return outputs.save(kind, result, owner) if kind in DOCUMENTS else result

        return cls(
            settings=settings,
            advisor=advisor,
            chat=Chat(advisor, storage.sessions, keep),
            storage=storage,
        )

    async def warm_up(self) -> None:
        """Index the knowledge if needed and load BM25 before the first request."""
        index = self.advisor.index
        # An ingest may take the lock between `serve`'s wait and this: wait for it too.
        await asyncio.to_thread(wait_for_writer, self.settings)
        await asyncio.to_thread(ensure_index, index)
        await asyncio.to_thread(index.bm25)

    def close(self) -> None:
        self.storage.dispose()
