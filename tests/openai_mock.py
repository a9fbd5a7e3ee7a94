"""Fake OpenAI chat-completion responses for respx, and a well-behaved fake model that
reads the passages out of the request and cites them verbatim."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

PASSAGE = re.compile(r'<passage chunk_id="([^"]+)" section="[^"]*">\n(.*?)\n</passage>', re.DOTALL)
PHASES = ("discovery", "pilot", "infrastructure", "production", "optimization")
DIMENSIONS = (
    "business_alignment",
    "data_readiness",
    "integration",
    "infrastructure",
    "governance_security",
    "leadership",
    "change_management",
    "focus",
)


class Sleeps:
    """Stands in for asyncio.sleep in the provider: records the back-off waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def completion(
    content: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str = "stop",
    usage: tuple[int, int] = (120, 40),
    refusal: str | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": refusal}
    if tool_calls:
        message["tool_calls"] = tool_calls
        finish_reason = "tool_calls" if finish_reason == "stop" else finish_reason
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


def tool_call(
    name: str, arguments: dict[str, Any] | str, call_id: str = "call_1"
) -> dict[str, Any]:
    """One entry of message.tool_calls; a str `arguments` is sent as is (e.g. broken JSON)."""
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": args}}


def error(
    status: int,
    message: str = "error",
    code: str | None = None,
    type_: str | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """An OpenAI-style error response: {"error": {"message", "type", "code"}}."""
    body = {"error": {"message": message, "type": type_, "code": code}}
    return httpx.Response(status, json=body, headers=headers)


def ok(content: str | None = None, **kwargs: Any) -> httpx.Response:
    """A 200 chat.completion response (see completion for the keyword arguments)."""
    return httpx.Response(200, json=completion(content, **kwargs))


def body_of(request: httpx.Request) -> dict[str, Any]:
    return json.loads(request.content)


def prompt_text(request: httpx.Request) -> str:
    return "\n".join(str(m.get("content") or "") for m in body_of(request)["messages"])


def passages(request: httpx.Request) -> list[tuple[str, str]]:
    return PASSAGE.findall(prompt_text(request))


def first_sentence(text: str) -> str:
    line = text.strip().splitlines()[0]
    return line.split(". ")[0].rstrip(".")[:250]


def cite(chunk_id: str, text: str) -> dict[str, str]:
    return {"chunk_id": chunk_id, "quote": first_sentence(text)}


def schema_name(request: httpx.Request) -> str:
    body = body_of(request)
    if "response_format" in body:
        return str(body["response_format"]["json_schema"]["name"])
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        return str(choice["function"]["name"])
    return ""


def draft_for(request: httpx.Request) -> dict[str, Any]:
    """A valid draft for whatever schema the request asks for, citing its passages."""
    found = passages(request)
    name = schema_name(request)
    if name == "AnswerDraft":
        cid, text = found[0]
        return {
            "answer": "The pilot runs from month 2 to month 5.",
            "grounded": True,
            "citations": [cite(cid, text)],
        }
    if name == "GovernanceDraft":
        cid, text = found[0]
        return {
            "summary": "Name an owner and monitor the models.",
            "grounded": True,
            "recommendations": [
                {
                    "action": "Name an accountable owner",
                    "rationale": "The playbook asks for it.",
                    "area": "ownership",
                    "citations": [cite(cid, text)],
                }
            ],
            "citations": [cite(cid, text)],
        }
    if name == "RoadmapDraft":
        by_phase: dict[str, tuple[str, str]] = {}
        for cid, text in found:
            for phase in PHASES:
                if cid.startswith(f"phase-{PHASES.index(phase) + 1}-"):
                    by_phase.setdefault(phase, (cid, text))
        phases = {
            phase: {
                "title": phase.title(),
                "activities": [f"Run the {phase} work"],
                "citations": [cite(*by_phase[phase])],
            }
            for phase in PHASES
        }
        return {
            "company": {"name": "Acme", "industry": "manufacturing", "data_maturity": "medium"},
            "phases": phases,
            "use_cases": [
                {
                    "name": "Predictive maintenance",
                    "business_objective": "Less downtime",
                    "rationale": "Stated goal",
                    "priority": "high",
                    "citations": [cite(*by_phase["discovery"])],
                }
            ],
            "risks": ["Data quality"],
            "assumptions": ["An executive sponsor"],
        }
    if name == "AssessmentDraft":
        cid, text = found[0]
        return {
            "dimensions": [
                {
                    "dimension": dimension,
                    "gaps": [f"Little shown on {dimension}"],
                    "recommendations": [f"Work on {dimension} before the pilot"],
                    "citations": [cite(cid, text)],
                }
                for dimension in DIMENSIONS
            ],
            "summary": "Some groundwork is missing before a pilot can reach production.",
            "top_risks": [
                {
                    "risk": "Data is not ready",
                    "dimension": "data_readiness",
                    "citations": [cite(cid, text)],
                }
            ],
            "next_steps": ["Clean the data the pilot needs"],
        }
    raise AssertionError(f"unexpected request for schema {name!r}")


def respond(request: httpx.Request, draft: dict[str, Any]) -> httpx.Response:
    """Answer in the form the request asked for: JSON content or a forced tool call."""
    if "response_format" in body_of(request):
        return httpx.Response(200, json=completion(json.dumps(draft)))
    return httpx.Response(200, json=completion(tool_calls=[tool_call(schema_name(request), draft)]))


def good_model(
    mutate: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    """A respx side effect answering every structured request with a valid draft."""

    def handler(request: httpx.Request) -> httpx.Response:
        draft = draft_for(request)
        return respond(request, mutate(draft) if mutate else draft)

    return handler


GOVERNANCE_WORDS = ("own", "govern", "secur", "complian", "monitor", "risk")


def agent_turn(request: httpx.Request) -> httpx.Response | None:
    """The chat agent's turns, scripted: call the tool the message asks for, then close
    with a short text once a tool answered. None when the request is a job's own call."""
    body = body_of(request)
    names = [t["function"]["name"] for t in body.get("tools", [])]
    if "draft_roadmap" not in names:
        return None
    last = body["messages"][-1]
    if last["role"] == "tool":
        return httpx.Response(200, json=completion("Here is what the playbook says."))
    text = str(last["content"])
    if "roadmap" in text.lower() or "we are a" in text.lower():
        call = tool_call("draft_roadmap", {"company_description": text})
    elif any(word in text.lower() for word in GOVERNANCE_WORDS):
        call = tool_call("answer_governance", {"question": text})
    else:
        call = tool_call("search_playbook", {"question": text})
    return httpx.Response(200, json=completion(tool_calls=[call]))


def scripted_model(request: httpx.Request) -> httpx.Response:
    """A well-behaved model for every request the advisor makes: jobs and chat agent."""
    return agent_turn(request) or respond(request, draft_for(request))
