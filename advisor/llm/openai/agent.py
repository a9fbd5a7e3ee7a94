"""The chat agent of the openai provider: a LangChain tool-calling agent whose tools are
the advisor's jobs. Its reply is the verified result of the last tool it called,
never its own text; a turn in which it calls no tool falls back to the playbook search.

Every model call of the agent goes through the provider's retry policy (a middleware
around the model call), so a timeout or a 429 in the middle of a turn is handled like
anywhere else and ends as an AdvisorError.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from advisor.errors import AdvisorError, InputError, ProviderError
from advisor.llm.base import ChatOutcome, ChatTools, Turn
from advisor.schemas import Answer, ChatKind, GovernanceAnswer, JobOutput, ReadinessAssessment

log = logging.getLogger(__name__)

RECURSION_LIMIT = 6  # graph steps: model, tools, model, tools, model and one spare
HISTORY_TURNS = 10
_TURN_CHARS = 4000

Kind = ChatKind
Result = JobOutput
# Runs one model call (the thunk) under the provider's retry policy.
Retrying = Callable[[Callable[[], Awaitable[Any]]], Awaitable[Any]]


class SearchArgs(BaseModel):
    question: str = Field(
        description="A standalone question about the playbook, follow-ups rewritten in full.",
        min_length=1,
        max_length=4000,
    )


class RoadmapArgs(BaseModel):
    company_description: str = Field(
        description="Everything the user said about the company: industry, size, goals, "
        "constraints, data, systems.",
        min_length=1,
        max_length=20_000,
    )
    horizon_months: int | None = Field(
        default=None, description="Only if the user asked for one: 6 to 36 months.", ge=6, le=36
    )


class GovernanceArgs(BaseModel):
    question: str = Field(
        description="A standalone security, compliance, ownership, monitoring or risk question.",
        min_length=1,
        max_length=4000,
    )


class AssessArgs(BaseModel):
    company_description: str = Field(
        description="Everything the user said about the company, for a readiness assessment.",
        min_length=1,
        max_length=20_000,
    )


class ReviseArgs(BaseModel):
    change: str = Field(
        description="The user's message that changes or adds a fact about the company or the "
        "plan (horizon, stage, goal, regulation, systems, team), in the user's own words.",
        min_length=1,
        max_length=4000,
    )


@dataclass
class _Calls:
    """Tool results in the order the agent called the tools."""

    results: list[tuple[Kind, Result] | None] = field(default_factory=list)
    input_error: InputError | None = None

    def start(self) -> int:
        self.results.append(None)
        return len(self.results) - 1

    def last(self) -> tuple[Kind, Result] | None:
        return next((r for r in reversed(self.results) if r is not None), None)


def brief(kind: Kind, result: Result) -> str:
    """The compact JSON the agent model sees of a verified result: enough to finish the
    turn with a sentence, not the whole payload (the user gets that directly)."""
    data: dict[str, Any]
    if isinstance(result, Answer):
        data = {
            "answer": result.answer,
            "grounded": result.grounded,
            "sources": sorted({c.section or c.chunk_id for c in result.citations}),
        }
    elif isinstance(result, GovernanceAnswer):
        data = {
            "summary": result.summary,
            "grounded": result.grounded,
            "recommendations": [r.action for r in result.recommendations],
        }
    elif isinstance(result, ReadinessAssessment):
        data = {
            "company": result.company.name or result.company.industry,
            "overall": result.overall.summary,
            "scores": {d.dimension: d.score for d in result.dimensions},
        }
    else:
        data = {
            "company": result.company.name or result.company.industry,
            "changes": [f"{c.field}: {c.old} -> {c.new}" for c in result.changes],
            "horizon_months": result.horizon_months,
            "phases": [f"{p.phase} {p.start_month}-{p.end_month}" for p in result.phases],
            "use_cases": [u.name for u in result.use_cases],
        }
    return json.dumps({"kind": kind, **data, "shown_to_user": True}, ensure_ascii=False)


async def run_agent(
    llm: Any,
    system_prompt: str,
    message: str,
    history: list[Turn],
    tools: ChatTools,
    retrying: Retrying,
    on_message: Callable[[Any], None],
) -> ChatOutcome:
    from langchain.agents import create_agent
    from langchain.agents.middleware import wrap_model_call
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_core.tools import StructuredTool

    calls = _Calls()

    async def run(kind: Kind, job: Callable[[], Awaitable[Result]]) -> str:
        slot = calls.start()
        try:
            result = await job()
        except InputError as exc:
            # Bad arguments (a horizon out of range, an empty text): the model may fix them.
            calls.input_error = exc
            return json.dumps({"error": exc.message})
        calls.results[slot] = (kind, result)
        return brief(kind, result)

    async def search_playbook(question: str) -> str:
        return await run("answer", lambda: tools.search_playbook(question))

    async def draft_roadmap(company_description: str, horizon_months: int | None = None) -> str:
        return await run(
            "roadmap", lambda: tools.draft_roadmap(company_description, horizon_months)
        )

    async def answer_governance(question: str) -> str:
        return await run("governance", lambda: tools.answer_governance(question))

    async def assess_readiness(company_description: str) -> str:
        return await run("assessment", lambda: tools.assess_readiness(company_description))

    async def revise_roadmap(change: str) -> str:
        return await run("roadmap", lambda: tools.revise_roadmap(change))

    agent_tools = [
        StructuredTool.from_function(
            coroutine=search_playbook,
            name="search_playbook",
            description="Answer a question about moving AI from pilot to production "
            "(phases, timelines, pilots, leadership, mistakes, trends) from the playbook.",
            args_schema=SearchArgs,
        ),
        StructuredTool.from_function(
            coroutine=draft_roadmap,
            name="draft_roadmap",
            description="Draft a five-phase AI roadmap for a company the user describes.",
            args_schema=RoadmapArgs,
        ),
        StructuredTool.from_function(
            coroutine=answer_governance,
            name="answer_governance",
            description="Answer a governance question: security, compliance, ownership, "
            "monitoring or risk.",
            args_schema=GovernanceArgs,
        ),
        StructuredTool.from_function(
            coroutine=assess_readiness,
            name="assess_readiness",
            description="Assess a company's readiness for AI on the playbook's failure "
            "reasons (data, integration, governance, leadership, change, focus).",
            args_schema=AssessArgs,
        ),
        StructuredTool.from_function(
            coroutine=revise_roadmap,
            name="revise_roadmap",
            description="Revise the roadmap already drafted in this conversation when the "
            "user changes or adds a fact (a horizon, a finished pilot, a regulation, a new "
            "goal). Not for questions about the plan.",
            args_schema=ReviseArgs,
        ),
    ]

    @wrap_model_call
    async def bounded_model_call(request: Any, handler: Any) -> Any:
        response = await retrying(lambda: handler(request))
        for msg in getattr(response, "result", [response]):
            on_message(msg)
        return response

    agent: Any = create_agent(
        llm, tools=agent_tools, system_prompt=system_prompt, middleware=[bounded_model_call]
    )
    messages: list[Any] = [
        HumanMessage(t.text[:_TURN_CHARS]) if t.role == "user" else AIMessage(t.text[:_TURN_CHARS])
        for t in history[-HISTORY_TURNS:]
    ]
    messages.append(HumanMessage(message))

    state: dict[str, Any] = {}
    try:
        state = await agent.ainvoke(
            {"messages": messages}, config={"recursion_limit": RECURSION_LIMIT}
        )
    except AdvisorError:
        if calls.last() is None:
            raise
        # A tool already produced a verified result; only the closing sentence failed.
        log.warning("chat agent failed after its tool call; returning the tool's result")
    except RecursionError:  # langgraph's GraphRecursionError
        if calls.last() is None:
            if calls.input_error is not None:
                raise calls.input_error from None
            raise ProviderError(
                f"the chat agent did not finish within {RECURSION_LIMIT} steps"
            ) from None
        log.warning("chat agent hit its step limit; returning its last tool result")
    except Exception as exc:  # never let a langchain/langgraph error escape raw
        if calls.last() is None:
            raise ProviderError(f"the chat agent failed: {type(exc).__name__}: {exc}") from exc
        log.warning("chat agent failed after its tool call (%s); returning the tool's result", exc)

    text = _final_text(state)
    last = calls.last()
    if last is not None:
        return ChatOutcome(last[0], last[1], text)
    if calls.input_error is not None:
        raise calls.input_error
    # The model answered on its own: its text is unverified, so ask the playbook instead.
    return ChatOutcome("answer", await tools.search_playbook(message), text)


def _final_text(state: dict[str, Any]) -> str:
    messages = state.get("messages") or []
    if not messages:
        return ""
    content = getattr(messages[-1], "content", "")
    if getattr(messages[-1], "type", "") != "ai" or not isinstance(content, str):
        return ""
    return content
