"""When structured output falls back from json_schema to function calling: only when the
server says json_schema is what it refuses, never on a plain server failure (issue 13);
and a fenced json_schema reply read in linear time."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from advisor.agent.jobs import Advisor
from advisor.errors import OutputValidationError, ProviderError
from advisor.llm.openai_provider import OpenAIProvider
from tests.openai_mock import Sleeps, body_of, draft_for, error, ok, respond

QUESTION = "How long does the pilot phase take?"


def first_then_good(first: httpx.Response) -> Any:
    """A model that answers `first` to the first request and well-formed drafts after."""
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return first if calls["n"] == 1 else respond(request, draft_for(request))

    return handler


def formats(model: Any) -> list[str]:
    """How each request asked for structured output."""
    return [
        "json_schema" if "response_format" in body_of(call.request) else "tools"
        for call in model.calls
    ]


def provider_of(advisor: Advisor) -> OpenAIProvider:
    provider = advisor.provider
    assert isinstance(provider, OpenAIProvider)
    return provider


@pytest.mark.parametrize(
    "transient",
    [
        error(500, "server error", type_="server_error"),
        httpx.Response(500, text="Internal Server Error"),
        error(500, "The server had an error while processing your request. Sorry about that!"),
    ],
    ids=["server-error", "bare-500", "openai-wording"],
)
def test_a_plain_500_on_the_first_call_is_retried_and_json_schema_kept(
    advisor: Advisor, model: Any, sleeps: Sleeps, transient: httpx.Response
) -> None:
    model.side_effect = first_then_good(transient)
    answer = asyncio.run(advisor.ask(QUESTION))
    assert answer.grounded and answer.citations
    # Retried with the same format after the first back-off, not switched.
    assert formats(model) == ["json_schema", "json_schema"]
    assert sleeps.waits == [0.5]
    assert provider_of(advisor).method == "json_schema"
    asyncio.run(advisor.ask(QUESTION))
    assert formats(model)[-1] == "json_schema"


def test_plain_500s_until_the_budget_is_spent_fail_as_a_server_error(
    advisor: Advisor, model: Any, sleeps: Sleeps
) -> None:
    model.return_value = error(500, "server error")
    with pytest.raises(ProviderError) as info:
        asyncio.run(advisor.ask(QUESTION))
    assert info.value.status == 500 and "HTTP 500" in info.value.message
    assert formats(model) == ["json_schema"] * 3  # llm_max_retries + 1, never tools
    assert provider_of(advisor).method == "json_schema"


@pytest.mark.parametrize(
    "refusal",
    [
        # llama-cpp-python: its request validation error, echoed as a 500.
        error(
            500,
            "[{'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
            "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema'}]",
            type_="internal_server_error",
        ),
        # llama.cpp's server: the schema could not become a grammar.
        error(500, "JSON schema conversion failed: unsupported keyword", type_="server_error"),
        error(500, "failed to parse grammar", type_="server_error"),
    ],
    ids=["llama-cpp-python", "llama-server-schema", "llama-server-grammar"],
)
def test_a_500_that_says_json_schema_is_unsupported_falls_back_once(
    advisor: Advisor, model: Any, sleeps: Sleeps, refusal: httpx.Response
) -> None:
    model.side_effect = first_then_good(refusal)
    assert asyncio.run(advisor.ask(QUESTION)).grounded
    asyncio.run(advisor.ask(QUESTION))
    assert formats(model) == ["json_schema", "tools", "tools"]
    assert sleeps.waits == []  # the server said what it supports: no back-off


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported"),
        (422, "response_format: json_schema is not a supported type"),
    ],
)
def test_a_400_or_422_naming_response_format_falls_back(
    advisor: Advisor, model: Any, status: int, message: str
) -> None:
    model.side_effect = first_then_good(error(status, message))
    assert asyncio.run(advisor.ask(QUESTION)).grounded
    assert formats(model) == ["json_schema", "tools"]


def test_a_400_about_something_else_does_not_fall_back(advisor: Advisor, model: Any) -> None:
    model.return_value = error(400, "messages: too long for this model")
    with pytest.raises(ProviderError, match="refused the request"):
        asyncio.run(advisor.ask(QUESTION))
    assert formats(model) == ["json_schema"]  # a 400 is not retried, nor is the format changed
    assert provider_of(advisor).method == "json_schema"


def test_a_schema_500_after_json_schema_worked_is_retried(
    advisor: Advisor, model: Any, sleeps: Sleeps
) -> None:
    replies = iter([None, error(500, "failed to parse grammar")])

    def handler(request: httpx.Request) -> httpx.Response:
        reply = next(replies, None)  # a good draft first, the 500 second, good ones after
        return reply if reply is not None else respond(request, draft_for(request))

    model.side_effect = handler
    asyncio.run(advisor.ask(QUESTION))  # json_schema worked on this server
    asyncio.run(advisor.ask(QUESTION))
    assert formats(model) == ["json_schema"] * 3 and sleeps.waits == [0.5]


# --- reading a json_schema reply that comes in a ``` fence ---------------------------------


def test_a_fenced_reply_is_read_and_a_fence_then_a_blank_flood_is_a_bad_output(
    advisor: Advisor, model: Any
) -> None:
    def fenced(request: httpx.Request) -> httpx.Response:
        return ok("```json\n" + json.dumps(draft_for(request)) + "\n```")

    model.side_effect = fenced
    assert asyncio.run(advisor.ask(QUESTION)).grounded
    # A fence and then a long blank run: the pattern that read fences once backtracked
    # cubically on it (5,000 blanks took 50 s); it is a bad output, read at once.
    model.side_effect = lambda request: ok("```" + " " * 20_000 + "x")
    with pytest.raises(OutputValidationError, match="not valid JSON"):
        asyncio.run(advisor.ask(QUESTION))
