"""Against a real uvicorn server: the official openai client, chunked uploads; plus
persistence across app instances and `advisor serve`'s refusal to expose itself."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from advisor.config import PROJECT_ROOT
from tests.api.conftest import (
    API_KEY,
    NORTHWIND,
    AppFactory,
    FakeProvider,
    free_port,
    running_server,
)
from tests.api.helpers import assert_error

QUESTION = "How long does the pilot phase take?"


@pytest.fixture
def keyed_server(make_app: AppFactory) -> Iterator[str]:
    with running_server(make_app(api_keys=API_KEY)) as url:
        yield url


def test_openai_client_against_the_server(keyed_server: str) -> None:
    client = openai.OpenAI(
        base_url=f"{keyed_server}/v1", api_key=API_KEY, max_retries=0, timeout=30
    )
    assert "advisor" in [m.id for m in client.models.list()]

    messages: list[openai.types.chat.ChatCompletionMessageParam] = [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": QUESTION},
    ]
    completion = client.chat.completions.create(model="advisor", messages=messages)
    content = completion.choices[0].message.content
    assert content is not None
    assert "month 2" in content and "\n\nSources:\n[1] " in content
    citations = (completion.model_extra or {})["citations"]
    assert citations and all(c["chunk_id"] in content for c in citations)

    # Options a typical client sends are accepted (and have no effect on the advisor).
    stream = client.chat.completions.create(
        model="advisor",
        messages=messages,
        stream=True,
        temperature=0.2,
        max_tokens=500,
        stream_options={"include_usage": True},
    )
    pieces: list[str] = []
    final_citations = None
    for chunk in stream:
        assert chunk.object == "chat.completion.chunk" and chunk.model == "advisor"
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        if chunk.choices and chunk.choices[0].finish_reason == "stop":
            final_citations = (chunk.model_extra or {}).get("citations")
    assert len(pieces) > 1
    assert "".join(pieces) == content
    assert final_citations == citations


def test_openai_client_errors(keyed_server: str, make_app: AppFactory) -> None:
    wrong = openai.OpenAI(
        base_url=f"{keyed_server}/v1", api_key="key-wrong-wrong-wrong", max_retries=0, timeout=30
    )
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()
    client = openai.OpenAI(
        base_url=f"{keyed_server}/v1", api_key=API_KEY, max_retries=0, timeout=30
    )
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": QUESTION}]
        )


def test_openai_client_sees_a_streamed_error(make_app: AppFactory) -> None:
    from advisor.errors import ProviderTimeout

    app = make_app(provider=FakeProvider(ProviderTimeout("the model did not answer")))
    with running_server(app) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="unused", max_retries=0, timeout=30)
        with pytest.raises(openai.APIStatusError) as caught:
            client.chat.completions.create(
                model="advisor", messages=[{"role": "user", "content": QUESTION}]
            )
        assert caught.value.status_code == 504
        stream = client.chat.completions.create(
            model="advisor", messages=[{"role": "user", "content": QUESTION}], stream=True
        )
        with pytest.raises(openai.APIError):
            list(stream)


def test_chunked_upload_over_the_limit_on_a_real_server(make_app: AppFactory) -> None:
    fake = FakeProvider()

    def body() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(4):
            yield b"pilot " * 100
        yield b'"}'

    app = make_app(provider=fake, max_body_bytes=2000)
    with running_server(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        request = http.build_request(
            "POST", "/v1/ask", content=body(), headers={"Content-Type": "application/json"}
        )
        assert "content-length" not in request.headers
        assert request.headers["transfer-encoding"] == "chunked"
        response = http.send(request)
        assert response.status_code == 413
        assert_error(response.json(), "payload_too_large")
        # A declared oversized body too, and a small one still works afterwards.
        big = http.post("/v1/ask", json={"question": "pilot " * 600})
        assert big.status_code == 413
        small = http.post("/v1/ask", json={"question": QUESTION})
        assert small.status_code == 200
    assert fake.calls == ["answer"]


def test_sessions_and_roadmaps_survive_a_restart(make_app: AppFactory, tmp_path: Path) -> None:
    data_dir = tmp_path / "persistent"
    with TestClient(make_app(data_dir=data_dir)) as first:
        chat = first.post("/v1/chat", json={"message": "What happens in the pilot phase?"})
        sid = chat.json()["session_id"]
        roadmap = first.post("/v1/roadmaps", json={"company_description": NORTHWIND}).json()
        history = first.get(f"/v1/sessions/{sid}").json()

    # A brand-new app and brand-new services on the same data dir.
    with TestClient(make_app(data_dir=data_dir)) as second:
        assert second.get(f"/v1/sessions/{sid}").json() == history
        assert second.get(f"/v1/roadmaps/{roadmap['id']}").json() == roadmap
        assert second.get(f"/v1/roadmaps/{roadmap['id']}.svg").status_code == 200
        follow = second.post(
            "/v1/chat", json={"message": "and how long does that take?", "session_id": sid}
        ).json()
        assert follow["session_id"] == sid and "month 5" in follow["answer"]["answer"]
        assert len(second.get(f"/v1/sessions/{sid}").json()["messages"]) == 4


def test_serve_refuses_a_public_address_without_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    env["ADVISOR_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(PROJECT_ROOT)
    port = free_port()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "advisor.cli",
                "serve",
                "--host",
                "0.0.0.0",
                "--port",
                str(port),
            ],
            cwd=tmp_path,  # no .env of the project is read
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - it started serving
        pytest.fail("`advisor serve --host 0.0.0.0` without keys started serving")
    assert done.returncode == 2, done.stderr
    assert "--insecure" in done.stderr and "ADVISOR_API_KEYS" in done.stderr
    assert "Traceback" not in done.stderr
    assert "open http" not in done.stderr  # it never announced a server
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())
