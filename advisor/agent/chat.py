"""Chat: route each message to ask, roadmap or governance, remembering the session.

With the openai provider the routing is a tool-calling agent; offline it is the rule
router below. Either way the reply is the verified output of one job.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from advisor.agent.jobs import Advisor, require_text
from advisor.agent.sessions import SessionStore
from advisor.grounding import citations_of
from advisor.llm.base import Turn
from advisor.render.markdown import roadmap_markdown
from advisor.schemas import Answer, ChatKind, ChatReply, Citation, GovernanceAnswer, Roadmap

_ROADMAP = re.compile(
    r"\b(roadmap|road map|(draft|make|build|create|give me|need) (a|an|our)? ?(ai )?plan|"
    r"plan for (us|our|my)|we are an? |we're an? |our company|\d[\d,]*[- ](person|employee|people)|"
    r"employees)\b",
    re.IGNORECASE,
)
_GOVERNANCE = re.compile(
    r"\b(governance|security|secure|compliance|compliant|gdpr|hipaa|privacy|regulat\w*|"
    r"ownership|owner|owns|who (?:should|will|does|must) own|accountab\w*|responsible for|"
    r"monitor\w*|drift|risk\w*|audit\w*|"
    r"explainab\w*|transparen\w*|encrypt\w*|access control\w*)\b",
    re.IGNORECASE,
)


def route(message: str) -> ChatKind:
    """The rule router of the offline provider."""
    if _ROADMAP.search(message) and len(message.split()) >= 6:
        return "roadmap"
    if _GOVERNANCE.search(message):
        return "governance"
    return "answer"


def summarize(result: Answer | Roadmap | GovernanceAnswer) -> str:
    """The text a later follow-up sees of an assistant turn."""
    if isinstance(result, Answer):
        return result.answer
    if isinstance(result, GovernanceAnswer):
        return result.summary
    who = result.company.name or result.company.industry or "the company"
    cases = ", ".join(u.name for u in result.use_cases) or "none"
    return f"Roadmap for {who} over {result.horizon_months} months; use cases: {cases}."


def reply_text(reply: ChatReply) -> str:
    """The text a chat reply is streamed as: a roadmap's Markdown, else the summary."""
    if reply.roadmap is not None:
        return roadmap_markdown(reply.roadmap)
    result = reply.answer or reply.governance
    assert result is not None
    return summarize(result)


def reply_citations(reply: ChatReply) -> list[Citation]:
    """Every citation a chat reply carries, in reading order, each once."""
    result = reply.answer or reply.roadmap or reply.governance
    cits = citations_of(result) if result is not None else []
    return list({(c.chunk_id, c.quote): c for c in cits}.values())


class Chat:
    def __init__(self, advisor: Advisor, sessions: SessionStore) -> None:
        self.advisor = advisor
        self.sessions = sessions

    async def send(self, message: str, session_id: str | None = None) -> ChatReply:
        message = require_text(message, "message")
        sid = await asyncio.to_thread(self.sessions.open, session_id)
        history = await asyncio.to_thread(self.sessions.turns, sid)
        kind, result = await self._run(message, history)
        await asyncio.to_thread(self._record, sid, message, kind, result)
        return ChatReply.model_validate({"session_id": sid, "kind": kind, kind: result})

    async def reply(self, message: str, history: list[Turn]) -> ChatReply:
        """A stateless turn: the caller brings the history (the OpenAI-compatible API)."""
        message = require_text(message, "message")
        kind, result = await self._run(message, history)
        return ChatReply.model_validate({"session_id": "", "kind": kind, kind: result})

    def _record(
        self, sid: str, message: str, kind: ChatKind, result: Answer | Roadmap | GovernanceAnswer
    ) -> None:
        self.sessions.append(sid, "user", message)
        self.sessions.append(sid, "assistant", summarize(result), kind, result.model_dump())

    async def ask(self, question: str, session_id: str | None = None) -> Answer:
        """A plain question inside a session: history resolves follow-ups."""
        question = require_text(question, "question")
        sid = await asyncio.to_thread(self.sessions.open, session_id)
        history = await asyncio.to_thread(self.sessions.turns, sid)
        answer = await self.advisor.ask(question, history)
        await asyncio.to_thread(self._record, sid, question, "answer", answer)
        return answer

    async def _run(
        self, message: str, history: list[Turn]
    ) -> tuple[ChatKind, Answer | Roadmap | GovernanceAnswer]:
        agent_chat = getattr(self.advisor.provider, "chat", None)
        if agent_chat is not None:
            from advisor.llm.base import ChatTools

            async def search_playbook(question: str) -> Answer:
                return await self.advisor.ask(question, history)

            async def draft_roadmap(description: str, horizon_months: int | None = None) -> Roadmap:
                return await self.advisor.roadmap(description, horizon_months)

            tools = ChatTools(search_playbook, draft_roadmap, self.advisor.governance)
            outcome = await agent_chat(message, history, tools)
            return outcome.kind, outcome.result
        kind = route(message)
        if kind == "roadmap":
            return kind, await self.advisor.roadmap(message)
        if kind == "governance":
            return kind, await self.advisor.governance(message)
        return kind, await self.advisor.ask(message, history)


def reply_payload(reply: ChatReply) -> dict[str, Any]:
    return reply.model_dump(exclude_none=True)
