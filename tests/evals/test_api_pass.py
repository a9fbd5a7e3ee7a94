"""The eval's API pass: a consistent API passes, and each way of drifting apart is caught."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any

import pytest

from advisor.agent.jobs import Advisor
from advisor.evals.api_pass import ApiPass, chat_stream_problems, completion_problems, parse_sse
from advisor.schemas import ChatReply
from api.app import app_for_advisor

QUESTION = "How long does the pilot phase take?"
Events = list[tuple[str, Any]]


async def _exchanges(api: ApiPass, message: str) -> tuple[ChatReply, Events, dict, Events]:
    plain = ChatReply.model_validate(
        (await api.client.post("/v1/chat", json={"message": message})).json()
    )
    stream = await api.client.post("/v1/chat/stream", json={"message": message})
    body = {"model": "advisor", "messages": [{"role": "user", "content": message}]}
    unary = (await api.client.post("/v1/chat/completions", json=body)).json()
    streamed = await api.client.post("/v1/chat/completions", json=body | {"stream": True})
    return plain, parse_sse(stream.text), unary, parse_sse(streamed.text)


@pytest.fixture
def exchanges(offline_advisor: Advisor, tmp_path: Path) -> tuple:
    async def run() -> tuple:
        api = ApiPass(offline_advisor, tmp_path / "api", app_for_advisor)
        try:
            check = await api.check(QUESTION)
            return check, await _exchanges(api, QUESTION)
        finally:
            await api.close()

    return asyncio.run(run())


def test_the_real_api_is_consistent(exchanges: tuple) -> None:
    check, (plain, events, unary, chunks) = exchanges
    assert check.failures == []
    assert check.citations and plain.answer is not None
    assert [c.chunk_id for c in check.citations] == [c.chunk_id for c in plain.answer.citations]
    assert chat_stream_problems(events, plain) == []
    assert completion_problems(unary, chunks, plain) == []


def test_parse_sse_reads_named_and_unnamed_events() -> None:
    text = 'event: delta\ndata: {"text": "a"}\n\ndata: {"x": 1}\n\ndata: [DONE]\n\n'
    assert parse_sse(text) == [
        ("delta", {"text": "a"}),
        ("message", {"x": 1}),
        ("message", "[DONE]"),
    ]


def test_a_dropped_streamed_citation_is_caught(exchanges: tuple) -> None:
    _, (plain, events, _, _) = exchanges
    events = copy.deepcopy(events)
    result = next(data for name, data in events if name == "result")
    result["answer"]["citations"] = result["answer"]["citations"][1:]
    assert "streamed citations differ from the JSON reply's" in chat_stream_problems(events, plain)


def test_events_out_of_order_or_altered_text_are_caught(exchanges: tuple) -> None:
    _, (plain, events, _, _) = exchanges
    swapped = [events[-2], *events[:-2], events[-1]]
    assert any("out of order" in p for p in chat_stream_problems(swapped, plain))
    altered = copy.deepcopy(events)
    delta = next(data for name, data in altered if name == "delta")
    delta["text"] = "Pilots take a decade. "
    assert "the deltas do not spell out the streamed result" in chat_stream_problems(altered, plain)
    failed: Events = [("error", {"error": {"code": "provider_error"}})]
    assert chat_stream_problems(failed, plain)[0].startswith("stream ended in an error")


def test_completion_drift_is_caught(exchanges: tuple) -> None:
    _, (plain, _, unary, chunks) = exchanges
    fewer = copy.deepcopy(unary)
    fewer["citations"] = fewer["citations"][:-1]
    assert "completion citations differ from the chat reply's" in completion_problems(
        fewer, chunks, plain
    )

    cut = chunks[:-1]
    assert "the completion stream does not end with [DONE]" in completion_problems(
        unary, cut, plain
    )

    edited = copy.deepcopy(chunks)
    edited[1][1]["choices"][0]["delta"]["content"] = "something else "
    assert "streamed content differs from the plain completion" in completion_problems(
        unary, edited, plain
    )

    unlisted = copy.deepcopy(unary)
    unlisted["choices"][0]["message"]["content"] = plain.answer.answer if plain.answer else ""
    assert any(
        "not listed in the content" in p for p in completion_problems(unlisted, chunks, plain)
    )


def test_a_failing_endpoint_is_a_failure_not_a_crash(
    offline_advisor: Advisor, tmp_path: Path
) -> None:
    async def run() -> list[str]:
        api = ApiPass(offline_advisor, tmp_path, app_for_advisor)
        try:
            return (await api.check("")).failures
        finally:
            await api.close()

    failures = asyncio.run(run())
    assert failures and "/v1/chat answered 422" in failures[0]
