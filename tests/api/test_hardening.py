"""Issue 13, hardening: a 413 ordinary clients can read, rate limits per client address
without keys, wrong-key guesses throttled, the key checked before the body is read, and
a shutdown grace that covers the model budget."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from advisor.cli import serve_command
from advisor.config import Settings, get_settings
from api import security
from api.deps import authorize
from tests.api.conftest import API_KEY, AppFactory, FakeProvider, running_server
from tests.api.helpers import assert_error

FIVE_MB = 5 * 1024 * 1024
NOT_UTF8 = b'{"question": "caf\xe9 \xff\xfe"}'
JSON = {"Content-Type": "application/json"}


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def client_at(app: FastAPI, host: str) -> TestClient:
    """A client of `app` whose requests come from `host` (the ASGI scope's client)."""
    return TestClient(app, client=(host, 40000))


# --- defect 7: a 413 that urllib can read -----------------------------------------------


def post_with_urllib(url: str, data: Any, headers: dict[str, str]) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_urllib_posting_5_mb_reads_the_json_413_every_time(make_app: AppFactory) -> None:
    fake = FakeProvider()
    body = b'{"question": "' + b"a" * FIVE_MB + b'"}'
    with running_server(make_app(provider=fake)) as url:
        outcomes = [post_with_urllib(f"{url}/v1/ask", body, JSON) for _ in range(10)]
    assert [status for status, _ in outcomes] == [413] * 10
    for _, error in outcomes:
        assert "1,000,000-byte limit" in assert_error(error, "payload_too_large")["message"]
    assert fake.calls == []  # refused before any model call


def test_a_chunked_5_mb_upload_reads_the_413_too(make_app: AppFactory) -> None:
    fake = FakeProvider()

    def pieces() -> Iterator[bytes]:
        piece = b"b" * 65536
        for _ in range(FIVE_MB // len(piece)):
            yield piece

    with running_server(make_app(provider=fake)) as url:
        # No Content-Length: urllib sends it with Transfer-Encoding: chunked.
        outcomes = [post_with_urllib(f"{url}/v1/ask", pieces(), JSON) for _ in range(3)]
    assert [status for status, _ in outcomes] == [413] * 3
    assert all(assert_error(e, "payload_too_large") for _, e in outcomes)
    assert fake.calls == []


# --- defect 8b: without keys, one bucket per client address ------------------------------


def test_without_keys_each_address_has_its_own_bucket(make_app: AppFactory) -> None:
    app = make_app(rate_limit_per_minute=3)
    with client_at(app, "203.0.113.10") as first:
        assert [first.get("/v1/models").status_code for _ in range(3)] == [200] * 3
        limited = first.get("/v1/models")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert_error(limited.json(), "rate_limited")
        second = client_at(app, "203.0.113.11")
        assert [second.get("/v1/models").status_code for _ in range(3)] == [200] * 3
        assert second.get("/v1/models").status_code == 429


def test_an_ipv6_host_counts_as_its_slash_64(make_app: AppFactory) -> None:
    app = make_app(rate_limit_per_minute=2)
    with client_at(app, "2001:db8:0:1::10") as first:
        assert [first.get("/v1/models").status_code for _ in range(2)] == [200, 200]
        # Another address in the same /64 is the same host rotating addresses.
        assert client_at(app, "2001:db8:0:1::99").get("/v1/models").status_code == 429
        assert client_at(app, "2001:db8:0:2::10").get("/v1/models").status_code == 200


def request_from(app: FastAPI, host: str, headers: dict[str, str] | None = None) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/v1/models",
        "query_string": b"",
        "headers": raw,
        "client": (host, 40000),
        "app": app,
    }
    return Request(scope)


def test_the_caller_identity_stays_anonymous_or_the_key_digest(make_app: AppFactory) -> None:
    # Sessions and roadmaps belong to this identity: only the bucket moved to the address.
    open_app = make_app()
    settings: Settings = open_app.state.settings
    for host in ("203.0.113.20", "203.0.113.21"):
        assert authorize(request_from(open_app, host), settings) == "anonymous"
    keyed = make_app(api_keys=API_KEY)
    digests = {
        authorize(request_from(keyed, host, {"X-API-Key": API_KEY}), keyed.state.settings)
        for host in ("203.0.113.20", "203.0.113.21")
    }
    assert len(digests) == 1 and API_KEY not in next(iter(digests))


# --- defect 8c: wrong-key guesses are throttled per address ------------------------------


def guesses(client: TestClient) -> Iterator[Any]:
    """Every way of asking with a wrong or missing key: each is a 401 that counts."""
    wrong = {"X-API-Key": "key-wrong-wrong-wrong"}
    while True:
        yield client.get("/v1/models", headers=wrong)
        yield client.post("/v1/ask", content=b"{broken", headers={**JSON, **wrong})
        yield client.post("/v1/ask", content=NOT_UTF8, headers=JSON)  # no key at all


def test_repeated_wrong_keys_from_one_address_get_429(make_app: AppFactory) -> None:
    app = make_app(api_keys=API_KEY)
    clock = Clock()
    app.state.auth_throttle = security.AuthThrottle(clock)
    valid = {"X-API-Key": API_KEY}
    with client_at(app, "198.51.100.7") as attacker:
        tries = guesses(attacker)
        statuses = [next(tries).status_code for _ in range(security.AUTH_FAILURE_BURST)]
        assert statuses == [401] * security.AUTH_FAILURE_BURST
        for _ in range(3):  # every kind of guess is now refused before the key is looked at
            refused = next(tries)
            assert refused.status_code == 429
            assert refused.headers["retry-after"] == str(60 // security.AUTH_FAILURES_PER_MINUTE)
            assert_error(refused.json(), "too_many_failed_keys")
        # Even the right key: a 200 here would tell a guesser that its guess was right.
        assert attacker.get("/v1/models", headers=valid).status_code == 429

        # Another address is not held back, and its own first wrong key is a plain 401.
        other = client_at(app, "198.51.100.8")
        assert other.get("/v1/models", headers=valid).status_code == 200
        assert other.get("/v1/models").status_code == 401

        clock.now += 60 / security.AUTH_FAILURES_PER_MINUTE  # one more try has accrued
        assert attacker.get("/v1/models", headers=valid).status_code == 200
        assert next(tries).status_code == 401
        assert next(tries).status_code == 429


def test_valid_keys_never_count_as_failures(make_app: AppFactory) -> None:
    app = make_app(api_keys=API_KEY, rate_limit_per_minute=0)
    with client_at(app, "198.51.100.9") as client:
        statuses = {
            client.get("/v1/models", headers={"X-API-Key": API_KEY}).status_code
            for _ in range(security.AUTH_FAILURE_BURST + 5)
        }
        assert statuses == {200}
        assert client.get("/v1/models").status_code == 401  # still a 401, not a 429


# --- defect 8e: the key is checked before the body is decoded ----------------------------


def test_a_non_utf8_body_without_a_valid_key_is_401(make_app: AppFactory) -> None:
    with TestClient(make_app(api_keys=API_KEY)) as client:
        for headers in ({}, {"X-API-Key": "key-wrong-wrong-wrong"}, {"X-API-Key": "k" * 20}):
            for path in ("/v1/ask", "/v1/chat", "/v1/chat/completions", "/v1/roadmaps"):
                response = client.post(path, content=NOT_UTF8, headers={**JSON, **headers})
                assert response.status_code == 401, (path, headers, response.text)
                assert response.headers["www-authenticate"] == "Bearer"
                assert_error(response.json(), "unauthorized")
        # With the key, the body is what is wrong: the 422 broken JSON gets.
        response = client.post("/v1/ask", content=NOT_UTF8, headers={**JSON, "X-API-Key": API_KEY})
        assert response.status_code == 422
        assert "UTF-8" in assert_error(response.json(), "invalid_request")["message"]


def test_a_non_utf8_body_without_keys_configured_is_422(client: TestClient) -> None:
    response = client.post("/v1/ask", content=NOT_UTF8, headers=JSON)
    assert response.status_code == 422
    assert_error(response.json(), "invalid_request")


# --- defect 8d: the shutdown grace covers the model budget -------------------------------


def test_the_default_shutdown_grace_covers_the_model_budget() -> None:
    for timeout, retries in ((60.0, 2), (300.0, 1), (0.5, 0), (120.0, 10)):
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            llm_timeout_s=timeout,
            llm_max_retries=retries,
        )
        assert settings.shutdown_grace > timeout * (retries + 1)
    assert Settings(_env_file=None).shutdown_grace > 180  # type: ignore[call-arg]
    explicit = Settings(_env_file=None, shutdown_grace_s=45)  # type: ignore[call-arg]
    assert explicit.shutdown_grace == 45


@pytest.fixture
def uvicorn_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """What `advisor serve` hands to uvicorn.run, which is not started."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("env", "grace"),
    [
        ({"ADVISOR_SHUTDOWN_GRACE_S": "240"}, 240),
        ({"ADVISOR_LLM_TIMEOUT_S": "100", "ADVISOR_LLM_MAX_RETRIES": "3"}, None),
        ({}, None),
    ],
    ids=["explicit", "from-budget", "default"],
)
def test_serve_passes_the_grace_to_uvicorn(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
    uvicorn_runs: list[dict[str, Any]],
    env: dict[str, str],
    grace: int | None,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    serve_command.serve(host="127.0.0.1", port=8765, insecure=False, workers=1)
    [kwargs] = uvicorn_runs
    settings = get_settings()
    assert kwargs["timeout_graceful_shutdown"] == (grace or settings.shutdown_grace)
    assert kwargs["timeout_graceful_shutdown"] > settings.model_budget_s
