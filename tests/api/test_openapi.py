"""The OpenAPI document states the real contract: how to authenticate, every status a
route can answer (in the one error format), the id pattern, and 405s name what is allowed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from advisor.agent.inputs import WORD_PATTERN
from advisor.storage import ID_PATTERN
from tests.api.helpers import assert_error


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]


def test_security_schemes_are_declared_on_every_v1_route(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["HTTPBearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Authorization: Bearer <key>",
    }
    assert schemes["APIKeyHeader"]["in"] == "header"
    assert schemes["APIKeyHeader"]["name"] == "X-API-Key"
    for method, path, op in operations(document):
        if path.startswith("/v1/"):
            assert {"HTTPBearer": []} in op["security"], (method, path)
            assert {"APIKeyHeader": []} in op["security"], (method, path)
        else:  # health checks need no key
            assert "security" not in op, (method, path)


def test_every_status_a_route_can_answer_is_declared_as_the_error_body(
    document: dict[str, Any],
) -> None:
    for method, path, op in operations(document):
        if not path.startswith("/v1/"):
            continue
        declared = set(op["responses"])
        expected = {"401", "422", "429", "503"}
        if method == "POST":
            expected |= {"413"}
        if method == "POST" and path not in ("/v1/chat/stream",):
            expected |= {"502", "504"}
        if "{" in path or path in ("/v1/ask", "/v1/chat", "/v1/chat/stream"):
            expected |= {"404"}
        assert expected <= declared, (method, path, expected - declared)
        for status in declared - {"200", "201"}:
            content = op["responses"][status]["content"]
            assert list(content) == ["application/json"], (method, path, status)
            assert content["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"
            }
        for status in ("429", "503"):
            assert "Retry-After" in op["responses"][status]["headers"], (method, path)


def test_downloads_declare_their_media_types(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for kind in ("roadmaps/{roadmap_id}", "assessments/{assessment_id}"):
        md = paths[f"/v1/{kind}.md"]["get"]["responses"]["200"]["content"]
        svg = paths[f"/v1/{kind}.svg"]["get"]["responses"]["200"]["content"]
        assert list(md) == ["text/markdown"] and list(svg) == ["image/svg+xml"]
    stream = paths["/v1/chat/stream"]["post"]["responses"]["200"]["content"]
    assert "text/event-stream" in stream


def test_ids_carry_their_pattern(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for model in ("ChatRequest", "AskRequest"):
        session = schemas[model]["properties"]["session_id"]
        assert {"type": "string", "pattern": ID_PATTERN} in session["anyOf"], model
    for path, name in (
        ("/v1/sessions/{session_id}", "session_id"),
        ("/v1/roadmaps/{roadmap_id}", "roadmap_id"),
        ("/v1/assessments/{assessment_id}.svg", "assessment_id"),
    ):
        (param,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
        assert param["schema"]["pattern"] == ID_PATTERN, path


def test_the_completion_rules_are_in_the_schema(document: dict[str, Any]) -> None:
    request = document["components"]["schemas"]["CompletionRequest"]["properties"]
    assert request["model"]["enum"] == ["advisor"]
    messages = request["messages"]
    assert "must be the user's" in messages["description"]
    assert messages["contains"] == {"properties": {"role": {"const": "user"}}}


def test_text_fields_must_hold_words(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    words = re.compile(WORD_PATTERN)
    assert not any(words.search(t) for t in ("", "   ", "?!...", "- * -"))
    assert all(words.search(t) for t in ("why", "¿Qué?", "数据", "5"))
    for model, field in (
        ("AskRequest", "question"),
        ("ChatRequest", "message"),
        ("RoadmapRequest", "company_description"),
        ("AssessmentRequest", "company_description"),
        ("GovernanceRequest", "question"),
    ):
        assert schemas[model]["properties"][field]["pattern"] == WORD_PATTERN, model


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/v1/roadmaps/abc", "GET"),
        ("GET", "/v1/chat", "POST"),
        ("PUT", "/healthz", "GET"),
    ],
)
def test_a_405_says_which_methods_are_allowed(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert_error(response.json(), "method_not_allowed")
