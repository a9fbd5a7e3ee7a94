"""API keys, the body size limit, the rate limit and CORS."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import API_KEY, NORTHWIND, AppFactory, FakeProvider
from tests.api.helpers import assert_error

OTHER_KEY = "key-bbbbbbbbbbbbbbbb"
PAYLOADS: dict[str, dict[str, Any]] = {
    "/v1/ask": {"question": "How long does the pilot phase take?"},
    "/v1/chat": {"message": "How long does the pilot phase take?"},
    "/v1/chat/stream": {"message": "How long does the pilot phase take?"},
    "/v1/roadmaps": {"company_description": NORTHWIND},
    "/v1/assessments": {"company_description": NORTHWIND},
    "/v1/governance": {"question": "Who should own our AI models?"},
    "/v1/chat/completions": {
        "model": "advisor",
        "messages": [{"role": "user", "content": "How long does the pilot phase take?"}],
    },
}
CONTRACT = {
    "/v1/ask",
    "/v1/chat",
    "/v1/chat/stream",
    "/v1/sessions/{session_id}",
    "/v1/roadmaps",
    "/v1/roadmaps/{roadmap_id}",
    "/v1/roadmaps/{roadmap_id}.md",
    "/v1/roadmaps/{roadmap_id}.svg",
    "/v1/assessments",
    "/v1/assessments/{assessment_id}",
    "/v1/assessments/{assessment_id}.md",
    "/v1/assessments/{assessment_id}.svg",
    "/v1/governance",
    "/v1/knowledge/search",
    "/v1/knowledge/chunks/{chunk_id}",
    "/v1/models",
    "/v1/chat/completions",
}
PARAMS: dict[str, dict[str, str]] = {"/v1/knowledge/search": {"q": "pilot"}}


def v1_routes(client: TestClient) -> list[tuple[str, str, str]]:
    """(method, template, concrete path) of every /v1 route the app publishes."""
    found: list[tuple[str, str, str]] = []
    for template, operations in client.get("/openapi.json").json()["paths"].items():
        if template.startswith("/v1"):
            path = template.replace("{session_id}", "s-1").replace("{roadmap_id}", "r1")
            path = path.replace("{assessment_id}", "a1")
            path = path.replace("{chunk_id}", "c1")
            found.extend((method.upper(), template, path) for method in sorted(operations))
    return found


def call(client: TestClient, method: str, template: str, path: str, **kw: Any) -> Any:
    return client.request(
        method, path, json=PAYLOADS.get(template), params=PARAMS.get(template), **kw
    )


@pytest.fixture
def keyed(make_app: AppFactory) -> Iterator[TestClient]:
    with TestClient(make_app(api_keys=f"{API_KEY},{OTHER_KEY}")) as client:
        yield client


# --- API keys -------------------------------------------------------------------------------


def test_every_v1_route_needs_a_key(keyed: TestClient) -> None:
    routes = v1_routes(keyed)
    assert {template for _, template, _ in routes} >= CONTRACT
    bad_headers: list[dict[str, str]] = [
        {},
        {"Authorization": "Bearer key-wrong-wrong-wrong"},
        {"X-API-Key": "key-wrong-wrong-wrong"},
        {"Authorization": f"Basic {API_KEY}"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {API_KEY}x"},
    ]
    for method, template, path in routes:
        for headers in bad_headers:
            response = call(keyed, method, template, path, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["www-authenticate"] == "Bearer"
            assert_error(response.json(), "unauthorized")


def test_broken_json_without_a_key_is_401_not_422(keyed: TestClient) -> None:
    headers = {"Content-Type": "application/json"}
    for path in PAYLOADS:
        response = keyed.post(path, content=b"{broken", headers=headers)
        assert response.status_code == 401, path
        assert_error(response.json(), "unauthorized")
        wrong = keyed.post(path, content=b"{broken", headers={**headers, "X-API-Key": "k" * 20})
        assert wrong.status_code == 401, path
    # With a valid key the same body is a plain 422.
    response = keyed.post("/v1/ask", content=b"{broken", headers={**headers, "X-API-Key": API_KEY})
    assert response.status_code == 422
    assert "not valid JSON" in assert_error(response.json(), "invalid_request")["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {API_KEY}"},
        {"X-API-Key": API_KEY},
        {"authorization": f"bearer {OTHER_KEY}"},
        {"X-API-Key": OTHER_KEY},
    ],
    ids=["bearer", "x-api-key", "second-key-bearer", "second-key-header"],
)
def test_a_valid_key_opens_every_v1_route(keyed: TestClient, headers: dict[str, str]) -> None:
    for method, template, path in v1_routes(keyed):
        if template in ("/v1/roadmaps", "/v1/chat/stream", "/v1/governance") and (
            "x-api-key" in {h.lower() for h in headers}
        ):
            continue  # the slower jobs run once per key kind below, not for every header
        response = call(keyed, method, template, path, headers=headers)
        assert response.status_code != 401, (method, path)
        assert response.status_code in (200, 201, 404), (method, path, response.text)


def test_open_routes_stay_open_with_keys(keyed: TestClient) -> None:
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/readyz").status_code == 200
    assert keyed.get("/").status_code == 200


def test_without_keys_everything_is_open(client: TestClient) -> None:
    for method, template, path in v1_routes(client):
        if template in ("/v1/roadmaps", "/v1/governance"):
            continue  # covered in test_endpoints; keep the suite fast
        response = call(client, method, template, path)
        assert response.status_code in (200, 201, 404), (method, path, response.text)
    assert client.get("/v1/models").status_code == 200


# --- body size ------------------------------------------------------------------------------


def test_declared_oversized_body_is_413_before_the_model(make_app: AppFactory) -> None:
    fake = FakeProvider()
    with TestClient(make_app(provider=fake, max_body_bytes=2000)) as client:
        for path, payload in [
            ("/v1/ask", {"question": "pilot " * 600}),
            ("/v1/chat", {"message": "pilot " * 600}),
            ("/v1/chat/stream", {"message": "pilot " * 600}),
            ("/v1/governance", {"question": "owner " * 600}),
            (
                "/v1/chat/completions",
                {"model": "advisor", "messages": [{"role": "user", "content": "pilot " * 600}]},
            ),
        ]:
            response = client.post(path, json=payload, headers={"X-Request-ID": "big-1"})
            assert response.status_code == 413, path
            error = assert_error(response.json(), "payload_too_large")
            assert error["request_id"] == "big-1"
            assert "2,000" in error["message"]
        assert fake.calls == []
        # Under the limit the same route reaches the model.
        small = client.post("/v1/ask", json={"question": "How long does the pilot phase take?"})
        assert small.status_code == 200
        assert fake.calls == ["answer"]


def test_chunked_oversized_body_is_413_before_the_model(make_app: AppFactory) -> None:
    fake = FakeProvider()
    sent: list[int] = []

    def body() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(10):
            sent.append(500)
            yield b"pilot " * 83 + b"xx"
        yield b'"}'

    with TestClient(make_app(provider=fake, max_body_bytes=2000)) as client:
        response = client.post(
            "/v1/ask", content=body(), headers={"Content-Type": "application/json"}
        )
    assert sent, "the body was not streamed"
    assert response.status_code == 413
    assert_error(response.json(), "payload_too_large")
    assert fake.calls == []


def test_a_lying_small_content_length_is_still_caught(make_app: AppFactory) -> None:
    fake = FakeProvider()
    app = make_app(provider=fake, max_body_bytes=2000)
    with TestClient(app) as client:
        data = b'{"question": "' + b"pilot " * 600 + b'"}'
        response = client.post(
            "/v1/ask",
            content=data,
            headers={"Content-Type": "application/json", "Content-Length": "100"},
        )
    # The limit counts the bytes actually read, not the declared length.
    assert response.status_code == 413
    assert fake.calls == []


# --- rate limit -----------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(make_app: AppFactory) -> None:
    with TestClient(make_app(rate_limit_per_minute=3)) as client:
        for _ in range(3):
            assert client.get("/v1/models").status_code == 200
        limited = client.get("/v1/models")
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) >= 1
        assert_error(limited.json(), "rate_limited")
        assert client.get("/healthz").status_code == 200  # health is never limited


def test_rate_limit_is_per_key(make_app: AppFactory) -> None:
    app = make_app(rate_limit_per_minute=3, api_keys=f"{API_KEY},{OTHER_KEY}")
    with TestClient(app) as client:
        first = {"Authorization": f"Bearer {API_KEY}"}
        for _ in range(3):
            assert client.get("/v1/models", headers=first).status_code == 200
        assert client.get("/v1/models", headers=first).status_code == 429
        assert client.get("/v1/models", headers={"X-API-Key": OTHER_KEY}).status_code == 200


# --- CORS -----------------------------------------------------------------------------------

ORIGIN = "https://app.example.com"
PREFLIGHT = {
    "Origin": ORIGIN,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization,content-type",
}


def test_cors_is_closed_by_default(client: TestClient) -> None:
    simple = client.get("/v1/models", headers={"Origin": ORIGIN})
    assert simple.status_code == 200
    assert "access-control-allow-origin" not in simple.headers
    preflight = client.options("/v1/ask", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_is_open_for_a_configured_origin(make_app: AppFactory) -> None:
    app = make_app(cors_origins=ORIGIN, api_keys=API_KEY, max_body_bytes=2000)
    with TestClient(app) as client:
        preflight = client.options("/v1/ask", headers=PREFLIGHT)  # no key on a preflight
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()

        simple = client.get(
            "/v1/models", headers={"Origin": ORIGIN, "Authorization": f"Bearer {API_KEY}"}
        )
        assert simple.headers["access-control-allow-origin"] == ORIGIN

        other = client.get(
            "/v1/models",
            headers={"Origin": "https://evil.example.com", "Authorization": f"Bearer {API_KEY}"},
        )
        assert "access-control-allow-origin" not in other.headers
        # Refusals carry the CORS headers too, so the page can read them.
        too_big = client.post(
            "/v1/ask", json={"question": "pilot " * 600}, headers={"Origin": ORIGIN}
        )
        assert too_big.status_code == 413
        assert too_big.headers["access-control-allow-origin"] == ORIGIN
        no_key = client.get("/v1/models", headers={"Origin": ORIGIN})
        assert no_key.status_code == 401
        assert no_key.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in no_key.headers["access-control-expose-headers"].lower()

        denied = client.options("/v1/ask", headers={**PREFLIGHT, "Origin": "https://evil.example"})
        assert denied.headers.get("access-control-allow-origin") != "https://evil.example"
