"""The chat agent of the openai provider: a LangChain tool-calling agent whose tools
are the advisor's jobs. Its reply is the verified result of the last tool it called,
never its own unverified text."""

from __future__ import annotations

import json
from typing import Any

from advisor.errors import AdvisorError
from advisor.llm.base import ChatOutcome, ChatTools, Turn
from advisor.llm.openai_errors import classify
from advisor.schemas import Answer, GovernanceAnswer, Roadmap

RECURSION_LIMIT = 6


def _brief(result: Answer | Roadmap | GovernanceAnswer) -> str:
    """What the agent model sees of a tool's result: enough to finish the turn."""
    if isinstance(result, Answer):
        return json.dumps({"answer": result.answer, "grounded": result.grounded})
    if isinstance(result, GovernanceAnswer):
        return json.dumps({"summary": result.summary, "grounded": result.grounded})
    return json.dumps(
        {
            "roadmap_id": result.id,
            "phases": [p.phase for p in result.phases],
            "use_cases": [u.name for u in result.use_cases],
        }
    )


async def run_chat_agent(
    llm: Any, system_prompt: str, message: str, history: list[Turn], tools: ChatTools
) -> ChatOutcome:
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, HumanMessage
    from langchain_core.tools import StructuredTool

    outcome: dict[str, Any] = {}

    async def search_playbook(question: str) -> str:
        """Answer a question about the AI pilot-to-production playbook."""
        return await _run("answer", tools.search_playbook(question))

    async def draft_roadmap(company_description: str, horizon_months: int | None = None) -> str:
        """Draft a five-phase AI roadmap for the company described."""
        return await _run("roadmap", tools.draft_roadmap(company_description, horizon_months))

    async def answer_governance(question: str) -> str:
        """Answer a security, compliance, ownership, monitoring or risk question."""
        return await _run("governance", tools.answer_governance(question))

    async def _run(kind: str, job: Any) -> str:
        try:
            result = await job
        except AdvisorError as exc:
            outcome["error"] = exc
            return f"error: {exc.message}"
        outcome["kind"], outcome["result"] = kind, result
        outcome.pop("error", None)
        return _brief(result)

    agent: Any = create_agent(
        llm,
        tools=[
            StructuredTool.from_function(coroutine=f, name=f.__name__, description=f.__doc__)
            for f in (search_playbook, draft_roadmap, answer_governance)
        ],
        system_prompt=system_prompt,
    )
    messages = [
        HumanMessage(t.text) if t.role == "user" else AIMessage(t.text) for t in history[-10:]
    ]
    messages.append(HumanMessage(message))
    try:
        state = await agent.ainvoke(
            {"messages": messages}, config={"recursion_limit": RECURSION_LIMIT}
        )
    except AdvisorError:
        raise
    except Exception as exc:
        if "result" not in outcome:
            if type(exc).__name__ == "GraphRecursionError":
                raise AdvisorError("the chat agent did not finish within its step limit") from None
            raise classify(exc).error from None
        state = {}
    if "result" not in outcome:
        if "error" in outcome:
            raise outcome["error"]
        # The model answered without a tool: route the message to the playbook search.
        result = await tools.search_playbook(message)
        return ChatOutcome("answer", result, _last_text(state))
    return ChatOutcome(outcome["kind"], outcome["result"], _last_text(state))


def _last_text(state: dict[str, Any]) -> str:
    messages = state.get("messages") or []
    if messages and isinstance(messages[-1].content, str):
        return str(messages[-1].content)
    return ""
