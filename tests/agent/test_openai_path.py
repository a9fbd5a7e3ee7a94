"""The openai provider path through the whole agent, with the model's HTTP mocked by respx."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from advisor.agent.chat import Chat
from advisor.agent.jobs import Advisor
from advisor.errors import OutputValidationError, ProviderError, ProviderTimeout, RateLimited
from advisor.llm.openai_provider import OpenAIProvider
from advisor.storage import SessionStore, sqlite_database
from tests.openai_mock import (
    Sleeps,
    body_of,
    completion,
    draft_for,
    good_model,
    prompt_text,
    respond,
    tool_call,
)

QUESTION = "How long does the pilot phase take?"
COMPANY = "Acme Tools is a 300-person manufacturer. We want to predict machine failures."


def test_ask_uses_json_schema_and_verifies_citations(advisor: Advisor, model: Any) -> None:
    model.side_effect = good_model()
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.grounded and answer.provider == "openai" and answer.warnings == []
    assert len(answer.citations) == 1 and answer.citations[0].section  # filled by grounding
    sent = body_of(model.calls[0].request)
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["model"] == advisor.settings.model
    assert "<question>" in prompt_text(model.calls[0].request)
    provider = advisor.provider
    assert isinstance(provider, OpenAIProvider)
    assert provider.last_usage.input_tokens == 120 and provider.usage.requests == 1


def test_governance_and_roadmap_jobs(advisor: Advisor, model: Any) -> None:
    model.side_effect = good_model()
    gov = asyncio.run(advisor.governance("Who should own our AI models?"))
    assert gov.grounded and gov.recommendations[0].citations and gov.warnings == []
    roadmap = asyncio.run(advisor.roadmap(COMPANY, horizon_months=18))
    assert [p.end_month for p in roadmap.phases][-1] == 18
    assert all(p.citations for p in roadmap.phases) and roadmap.warnings == []
    assert roadmap.provider == "openai"


@pytest.mark.parametrize(
    "rejection",
    [
        httpx.Response(400, json={"error": {"message": "response_format json_schema unsupported"}}),
        # llama-cpp-python's server answers json_schema with 500 and its validation error;
        # a plain 500 "server error" is retried instead (tests/agent/test_structured_fallback).
        httpx.Response(
            500,
            json={
                "error": {
                    "message": "[{'type': 'literal_error', 'loc': ('body', 'response_format', "
                    "'type'), 'msg': \"Input should be 'text' or 'json_object'\", "
                    "'input': 'json_schema'}]",
                    "type": "internal_server_error",
                }
            },
        ),
    ],
    ids=["400-json-schema", "500-llama-cpp"],
)
def test_falls_back_to_function_calling_once(
    advisor: Advisor, model: Any, rejection: httpx.Response
) -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            return rejection
        return respond(request, draft_for(request))

    model.side_effect = handler
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.grounded and answer.citations
    second = body_of(model.calls[1].request)
    assert "response_format" not in second and second["tool_choice"]["function"]["name"]
    asyncio.run(advisor.ask(QUESTION))
    assert "tools" in body_of(model.calls[2].request)  # remembered: no json_schema again
    assert model.call_count == 3


def test_timeout_retries_then_fails(advisor: Advisor, model: Any) -> None:
    model.side_effect = httpx.ReadTimeout("slow")
    with pytest.raises(ProviderTimeout):
        asyncio.run(advisor.ask(QUESTION))
    assert model.call_count == 3  # llm_max_retries + 1


def test_429_honours_retry_after(advisor: Advisor, model: Any, sleeps: Sleeps) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json={"error": {"code": "rate"}})
    ok = good_model()
    responses = iter([limited])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(responses, None) or ok(request)

    model.side_effect = handler
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.grounded
    assert sleeps.waits == [2.0]


def test_insufficient_quota_fails_fast(advisor: Advisor, model: Any) -> None:
    model.return_value = httpx.Response(
        429, json={"error": {"code": "insufficient_quota", "message": "no quota"}}
    )
    with pytest.raises(RateLimited, match="quota"):
        asyncio.run(advisor.ask(QUESTION))
    assert model.call_count == 1


def test_5xx_retries_then_fails(advisor: Advisor, model: Any, sleeps: Sleeps) -> None:
    # 503 is an overloaded server, not a json_schema rejection: retried with backoff.
    model.return_value = httpx.Response(503, json={"error": {"message": "overloaded"}})
    with pytest.raises(ProviderError) as info:
        asyncio.run(advisor.ask(QUESTION))
    assert info.value.status == 503
    assert model.call_count == 3  # a 503 is retried; only a 500 means "no json_schema"
    assert sleeps.waits == [0.5, 1.0]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (completion('{"answer": "The pilot runs'), "not valid JSON"),
        (completion('{"answer": "The pilot', finish_reason="length"), "cut off"),
        (completion(None, refusal="I cannot help with that."), "refused"),
        (completion('{"answer": 42}'), "schema"),
    ],
    ids=["malformed", "truncated", "refusal", "wrong-shape"],
)
def test_unusable_output_is_retried_once_then_fails(
    advisor: Advisor, model: Any, reply: dict[str, Any], reason: str
) -> None:
    model.return_value = httpx.Response(200, json=reply)
    with pytest.raises(OutputValidationError, match=reason) as info:
        asyncio.run(advisor.ask(QUESTION))
    assert info.value.attempts == 2 and model.call_count == 2
    if reply["choices"][0]["message"]["content"]:
        assert info.value.last_raw


def test_invalid_citation_is_repaired_with_the_errors(advisor: Advisor, model: Any) -> None:
    def invent(draft: dict[str, Any]) -> dict[str, Any]:
        draft["citations"] = [{"chunk_id": "invented-1", "quote": "whatever"}]
        return draft

    bad, good = good_model(invent), good_model()
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return bad(request) if len(calls) == 1 else good(request)

    model.side_effect = handler
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.warnings == [] and answer.citations
    repair = prompt_text(model.calls[1].request)
    assert "rejected by the verifier" in repair and "invented-1" in repair


def test_citations_that_stay_invalid_are_dropped_and_named(advisor: Advisor, model: Any) -> None:
    def paraphrase(draft: dict[str, Any]) -> dict[str, Any]:
        draft["citations"].append(
            {"chunk_id": draft["citations"][0]["chunk_id"], "quote": "pilots take a while"}
        )
        return draft

    model.side_effect = good_model(paraphrase)
    answer = asyncio.run(advisor.ask(QUESTION))
    assert len(answer.citations) == 1
    assert any("not a verbatim excerpt" in w for w in answer.warnings)


def test_chat_agent_calls_tools_and_returns_their_verified_result(
    advisor: Advisor, model: Any, tmp_path: Path
) -> None:
    state = {"agent_turns": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        body = body_of(request)
        names = [t["function"]["name"] for t in body.get("tools", [])]
        if "draft_roadmap" not in names:
            return good_model()(request)  # a job's own structured call
        state["agent_turns"] += 1
        last = body["messages"][-1]
        if last["role"] == "tool":
            return httpx.Response(200, json=completion("Here is your plan."))
        user = last["content"]
        if "roadmap" in user:
            call = tool_call("draft_roadmap", {"company_description": COMPANY})
        else:
            call = tool_call("search_playbook", {"question": "How long does the pilot phase take?"})
        return httpx.Response(200, json=completion(tool_calls=[call]))

    model.side_effect = handler
    chat = Chat(advisor, SessionStore(sqlite_database(tmp_path / "s.db")))
    plan = asyncio.run(chat.send("Please draft a roadmap for Acme Tools, a manufacturer"))
    assert plan.kind == "roadmap" and plan.roadmap is not None
    assert all(p.citations for p in plan.roadmap.phases)
    follow = asyncio.run(chat.send("and how long does the pilot take?", plan.session_id))
    assert follow.kind == "answer" and follow.answer is not None and follow.answer.citations
    agent_request = next(
        body_of(c.request)
        for c in reversed(model.calls)
        if "tools" in body_of(c.request) and body_of(c.request)["messages"][-1]["role"] == "user"
    )
    assert any("Roadmap for" in str(m.get("content")) for m in agent_request["messages"])
    assert state["agent_turns"] == 4
    assert json.loads(plan.model_dump_json())["kind"] == "roadmap"
