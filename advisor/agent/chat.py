"""Chat: route each message to a job (ask, roadmap, revision, assessment, governance),
remembering the session and its plan.

With the openai provider the routing is a tool-calling agent; offline it is the rule
router below. Either way the reply is the verified output of one job.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from advisor.agent.inputs import require_text
from advisor.agent.jobs import Advisor
from advisor.agent.registry import JOBS, ROUTING, streamed_text, summarize
from advisor.agent.revising import PlanState, revise
from advisor.agent.routing import describes_company
from advisor.company.revision import asks_about_plan, wants_revision
from advisor.errors import InputError
from advisor.grounding import citations_of
from advisor.llm.base import ChatTools, Turn
from advisor.schemas import (
    Answer,
    ChatKind,
    ChatReply,
    Citation,
    JobOutput,
    ReadinessAssessment,
    Roadmap,
)
from advisor.storage import ANONYMOUS

if TYPE_CHECKING:
    from advisor.storage.sessions import SessionStore

ASK_FOR_DESCRIPTION = (
    "Tell me about the company first: what it does, its size, the goal for AI, where it "
    "stands (exploring, a pilot, in production), its systems and any rules or deadline. "
    "I plan and assess only from what you describe."
)


def route(message: str) -> ChatKind:
    """The rule router of the offline provider: the first job, in the registry's routing
    order, whose cue the message carries; else a question."""
    return next((kind for kind in ROUTING if JOBS[kind].asked_for(message)), "answer")


def reply_text(reply: ChatReply) -> str:
    """The text a chat reply is streamed as (the registry says: a roadmap's Markdown,
    else the summary)."""
    return streamed_text(reply.result)


def reply_citations(reply: ChatReply) -> list[Citation]:
    """Every citation a chat reply carries, in reading order, each once."""
    cits = citations_of(reply.result)
    return list({(c.chunk_id, c.quote): c for c in cits}.values())


def _needs_description(message: str) -> Answer:
    return Answer(question=message, answer=ASK_FOR_DESCRIPTION, grounded=False)


# Stores what a chat turn made (a roadmap, an assessment) for its owner, so its links
# resolve; returns the output as stored (with the id it is served under).
Keep = Callable[[JobOutput, str], JobOutput]


class Chat:
    def __init__(self, advisor: Advisor, sessions: SessionStore, keep: Keep | None = None) -> None:
        self.advisor = advisor
        self.sessions = sessions
        self.keep = keep

    async def send(
        self, message: str, session_id: str | None = None, owner: str = ANONYMOUS
    ) -> ChatReply:
        """One turn in the owner's session (a new one when session_id is None)."""
        message = require_text(message, "message")
        sid = await asyncio.to_thread(self.sessions.open, session_id, owner)
        history = await asyncio.to_thread(self.sessions.turns, sid)
        state = PlanState.from_json(await asyncio.to_thread(self.sessions.state, sid))
        kind, result, state = await self._run(message, history, state)
        result, state = await self._kept(result, state, owner)
        await asyncio.to_thread(self._record, sid, message, kind, result, state)
        return ChatReply.model_validate({"session_id": sid, "kind": kind, kind: result})

    async def reply(self, message: str, history: list[Turn], owner: str = ANONYMOUS) -> ChatReply:
        """A stateless turn: the caller brings the history (the OpenAI-compatible API)."""
        message = require_text(message, "message")
        kind, result, _ = await self._run(message, history, None)
        result, _ = await self._kept(result, None, owner)
        return ChatReply.model_validate({"session_id": "", "kind": kind, kind: result})

    async def _kept(
        self, result: JobOutput, state: PlanState | None, owner: str
    ) -> tuple[JobOutput, PlanState | None]:
        """Store what the turn made before the session records it, so the reply, the
        history and the kept plan (a later revision's `revision_of`) all carry the id
        it is served under."""
        if self.keep is None:
            return result, state
        kept = await asyncio.to_thread(self.keep, result, owner)
        if isinstance(kept, Roadmap) and state is not None and state.roadmap == result:
            state = replace(state, roadmap=kept)
        return kept, state

    def _record(
        self,
        sid: str,
        message: str,
        kind: ChatKind,
        result: JobOutput,
        state: PlanState | None = None,
    ) -> None:
        self.sessions.append(sid, "user", message)
        self.sessions.append(sid, "assistant", summarize(result), kind, result.model_dump())
        if state is not None:
            self.sessions.set_state(sid, state.to_json())

    async def ask(
        self, question: str, session_id: str | None = None, owner: str = ANONYMOUS
    ) -> Answer:
        """A plain question inside the owner's session: history resolves follow-ups."""
        question = require_text(question, "question")
        sid = await asyncio.to_thread(self.sessions.open, session_id, owner)
        history = await asyncio.to_thread(self.sessions.turns, sid)
        answer = await self.advisor.ask(question, history)
        await asyncio.to_thread(self._record, sid, question, "answer", answer)
        return answer

    async def _run(
        self, message: str, history: list[Turn], state: PlanState | None
    ) -> tuple[ChatKind, JobOutput, PlanState | None]:
        turn = _Turn(self.advisor, message, history, state)
        agent_chat = self.advisor.provider.chat
        if agent_chat is not None:
            tools = ChatTools(
                search_playbook=lambda q: self.advisor.ask(q, history),
                draft_roadmap=turn.draft,
                answer_governance=lambda q: self.advisor.governance(q, history),
                assess_readiness=turn.assess,
                revise_roadmap=turn.revise_or_ask,
            )
            outcome = await agent_chat(message, history, tools)
            return outcome.kind, outcome.result, turn.state
        return await turn.by_rules()


class _Turn:
    """One chat message and the session's plan: the jobs a router may call, each
    keeping the plan state up to date."""

    def __init__(
        self, advisor: Advisor, message: str, history: list[Turn], state: PlanState | None
    ) -> None:
        self.advisor = advisor
        self.message = message
        self.history = history
        self.state = state

    def _described(self) -> str | None:
        """The company as the session described it: the kept plan's description and
        revisions, else the latest user message that describes a company."""
        if self.state is not None:
            return "\n\n".join([self.state.description, *self.state.messages])
        for turn in reversed(self.history):
            if turn.role == "user" and describes_company(turn.text):
                return turn.text
        return None

    async def draft(self, description: str, horizon_months: int | None = None) -> Roadmap:
        roadmap = await self.advisor.roadmap(description, horizon_months)
        self.state = PlanState(description=description, roadmap=roadmap)
        return roadmap

    async def assess(self, description: str) -> ReadinessAssessment:
        return await self.advisor.assess(description)

    async def revise(self, message: str) -> Roadmap | None:
        if self.state is None:
            described = self._described()
            if described is None:
                return None
            await self.draft(described)
        assert self.state is not None
        revised = await revise(self.advisor, self.state, message)
        if revised is not None:
            self.state = PlanState(self.state.description, revised, [*self.state.messages, message])
        return revised

    async def revise_or_ask(self, message: str) -> Roadmap:
        revised = await self.revise(message)
        if revised is None:
            raise InputError("nothing to revise: describe the company first, or say what to change")
        return revised

    async def by_rules(self) -> tuple[ChatKind, JobOutput, PlanState | None]:
        message = self.message
        kind = route(message)
        if kind == "assessment":
            described = message if describes_company(message) else self._described()
            if described is None:
                return "answer", _needs_description(message), self.state
            return kind, await self.assess(described), self.state
        changing = wants_revision(message)
        fresh_plan = kind == "roadmap" and describes_company(message) and not changing
        may_revise = self.state is not None or changing
        if not fresh_plan and not asks_about_plan(message) and may_revise:
            revised = await self.revise(message)
            if revised is not None:
                return "roadmap", revised, self.state
            if self.state is None and self._described() is None and changing:
                # Never a plan from the bare follow-up: ask for the company instead.
                return "answer", _needs_description(message), self.state
        if kind == "roadmap":
            return kind, await self.draft(message), self.state
        if kind == "governance":
            return kind, await self.advisor.governance(message, self.history), self.state
        return "answer", await self.advisor.ask(message, self.history), self.state


def reply_payload(reply: ChatReply) -> dict[str, Any]:
    return reply.model_dump(exclude_none=True)
