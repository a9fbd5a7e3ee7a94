"""What a model server supports is remembered across processes, per base URL and model:
the next process's first request already uses function calling. Only a clear refusal
teaches it; a plain 500 never does, and a server json_schema has worked on is not
switched by one."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.llm.factory import make_provider
from advisor.llm.openai.capabilities import FILE, CapabilityMemory
from tests.openai_mock import body_of, draft_for, respond

QUESTION = "How long does the pilot phase take?"
LLAMA_REFUSAL = httpx.Response(
    500, json={"error": {"message": "Unsupported JSON schema: response_format json_schema"}}
)


def _process(advisor: Advisor) -> Advisor:
    """A new process on the same settings and data dir: a fresh provider from the factory."""
    return build_advisor(
        advisor.settings,
        provider=make_provider(advisor.settings, advisor.prompts),
        index=advisor.index,
    )


def _refusing_json_schema(request: httpx.Request) -> httpx.Response:
    if "response_format" in body_of(request):
        return LLAMA_REFUSAL
    return respond(request, draft_for(request))


def test_a_refusal_is_remembered_for_the_next_process(advisor: Advisor, model: Any) -> None:
    model.side_effect = _refusing_json_schema
    first = _process(advisor)
    assert asyncio.run(first.ask(QUESTION)).grounded
    assert model.call_count == 2  # json_schema refused, then function calling
    memory = json.loads((advisor.settings.data_dir / FILE).read_text())
    assert list(memory.values()) == ["function_calling"]
    second = _process(advisor)
    assert asyncio.run(second.ask(QUESTION)).grounded
    assert model.call_count == 3  # no json_schema request at all this time
    assert "tools" in body_of(model.calls[2].request)


def test_a_plain_500_teaches_nothing(advisor: Advisor, model: Any) -> None:
    replies = iter([httpx.Response(500, json={"error": {"message": "busy"}})])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(replies, None) or respond(request, draft_for(request))

    model.side_effect = handler
    assert asyncio.run(_process(advisor).ask(QUESTION)).grounded
    assert all("response_format" in body_of(c.request) for c in model.calls)
    remembered = CapabilityMemory(advisor.settings.data_dir / FILE)
    assert remembered.method(advisor.settings.openai_base_url or "", advisor.settings.model) == (
        "json_schema"
    )


def test_where_json_schema_worked_a_later_500_naming_it_is_retried(
    advisor: Advisor, model: Any
) -> None:
    memory = CapabilityMemory(advisor.settings.data_dir / FILE)
    memory.remember(advisor.settings.openai_base_url or "", advisor.settings.model, "json_schema")
    replies = iter([LLAMA_REFUSAL])

    def handler(request: httpx.Request) -> httpx.Response:
        return next(replies, None) or respond(request, draft_for(request))

    model.side_effect = handler
    assert asyncio.run(_process(advisor).ask(QUESTION)).grounded
    assert [("response_format" in body_of(c.request)) for c in model.calls] == [True, True]
    assert memory.method(advisor.settings.openai_base_url or "", advisor.settings.model) == (
        "json_schema"
    )
