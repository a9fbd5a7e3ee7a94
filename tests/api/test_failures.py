"""Provider failures become 502/504 (and anything unexpected a JSON 500), never a trace."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from advisor.errors import OutputValidationError, ProviderError, ProviderTimeout
from tests.api.conftest import NORTHWIND, AppFactory, FakeProvider
from tests.api.helpers import assert_error, sse_events

IN_SCOPE = "How long does the pilot phase take?"
SECRET = "internal detail sk-do-not-leak"

REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("/v1/ask", {"question": IN_SCOPE}),
    ("/v1/governance", {"question": "Who should own our AI models?"}),
    ("/v1/roadmaps", {"company_description": NORTHWIND}),
    ("/v1/chat", {"message": IN_SCOPE}),
    (
        "/v1/chat/completions",
        {"model": "advisor", "messages": [{"role": "user", "content": IN_SCOPE}]},
    ),
]
FAILURES = [
    (
        OutputValidationError("the model's output stayed invalid", attempts=2, last_raw=SECRET),
        502,
        "invalid_model_output",
    ),
    (ProviderTimeout("the model did not answer in 60 s"), 504, "provider_timeout"),
    (
        ProviderError("the model server answered 500", status=500, body=SECRET),
        502,
        "provider_error",
    ),
]


@pytest.mark.parametrize(("error", "status", "code"), FAILURES, ids=["502-invalid", "504", "502"])
@pytest.mark.parametrize(("path", "payload"), REQUESTS, ids=[p for p, _ in REQUESTS])
def test_provider_failures_map_to_gateway_errors(
    make_app: AppFactory,
    path: str,
    payload: dict[str, Any],
    error: Exception,
    status: int,
    code: str,
) -> None:
    fake = FakeProvider(error)
    with TestClient(make_app(provider=fake)) as client:
        response = client.post(path, json=payload)
    assert fake.calls, "the request never reached the provider"
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert_error(response.json(), code)
    assert "Traceback" not in response.text and 'File "' not in response.text
    assert SECRET not in response.text  # raw model output and upstream bodies stay inside


def test_chat_stream_provider_failure_is_an_error_event(make_app: AppFactory) -> None:
    fake = FakeProvider(ProviderTimeout("the model did not answer"))
    with TestClient(make_app(provider=fake)) as client:
        response = client.post("/v1/chat/stream", json={"message": IN_SCOPE})
    assert response.status_code == 200
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[-1] == "error" and "result" not in names and "delta" not in names
    assert set(names[:-1]) <= {"retrieval"}
    data = events[-1][1]
    assert data["status"] == 504
    assert_error({"error": data["error"]}, "provider_timeout")


def test_openai_stream_provider_failure_is_an_error_then_done(make_app: AppFactory) -> None:
    fake = FakeProvider(OutputValidationError("unusable", attempts=2))
    payload = {
        "model": "advisor",
        "stream": True,
        "messages": [{"role": "user", "content": IN_SCOPE}],
    }
    with TestClient(make_app(provider=fake)) as client:
        response = client.post("/v1/chat/completions", json=payload)
    events = sse_events(response.text)
    assert events[-1] == ("message", "[DONE]")
    assert len(events) == 2
    assert_error(events[0][1], "invalid_model_output")


@pytest.mark.parametrize(("path", "payload"), REQUESTS, ids=[p for p, _ in REQUESTS])
def test_unexpected_exception_is_a_json_500(
    make_app: AppFactory, path: str, payload: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeProvider(RuntimeError(SECRET))
    caplog.set_level(logging.ERROR, logger="api")
    with TestClient(make_app(provider=fake), raise_server_exceptions=False) as client:
        response = client.post(path, json=payload, headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/json")
    error = assert_error(response.json(), "internal_error")
    assert error["request_id"] == "req-500"
    assert response.headers.get("x-request-id") == "req-500"
    assert SECRET not in response.text and "Traceback" not in response.text
    assert any("req-500" in r.getMessage() for r in caplog.records)  # logged for operators


def test_chat_stream_unexpected_exception_is_an_error_event(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeProvider(RuntimeError(SECRET))
    caplog.set_level(logging.ERROR, logger="api")
    with TestClient(make_app(provider=fake)) as client:
        response = client.post(
            "/v1/chat/stream", json={"message": IN_SCOPE}, headers={"X-Request-ID": "sse-500"}
        )
    events = sse_events(response.text)
    assert events[-1][0] == "error"
    assert events[-1][1]["status"] == 500
    assert_error({"error": events[-1][1]["error"]}, "internal_error")
    assert SECRET not in response.text
    assert any("sse-500" in r.getMessage() and r.exc_info for r in caplog.records)


def test_openai_stream_unexpected_exception_is_an_error_then_done(
    make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeProvider(RuntimeError(SECRET))
    caplog.set_level(logging.ERROR, logger="api")
    payload = {
        "model": "advisor",
        "stream": True,
        "messages": [{"role": "user", "content": IN_SCOPE}],
    }
    with TestClient(make_app(provider=fake)) as client:
        response = client.post(
            "/v1/chat/completions", json=payload, headers={"X-Request-ID": "oai-500"}
        )
    events = sse_events(response.text)
    assert events[-1] == ("message", "[DONE]") and len(events) == 2
    assert assert_error(events[0][1], "internal_error")["request_id"] == "oai-500"
    assert SECRET not in response.text
    assert any("oai-500" in r.getMessage() and r.exc_info for r in caplog.records)
