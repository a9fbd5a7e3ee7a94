"""`advisor serve` as a real process on 127.0.0.1: several workers sharing one index and
one session store, and SIGTERM letting an in-flight request finish."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from advisor.config import PROJECT_ROOT
from tests.api.conftest import free_port
from tests.model_server import model_server
from tests.openai_mock import scripted_model

QUESTION = "How long does the pilot phase take?"
START_S = 120


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    env |= {"ADVISOR_DATA_DIR": str(data), "PYTHONPATH": str(PROJECT_ROOT), **extra}
    return env


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "advisor.cli", "serve", "--port", str(port), *args],
        env=env,
        cwd=env["ADVISOR_DATA_DIR"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"advisor serve exited early:\n{process.stdout.read()[-3000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"advisor serve was not ready in {START_S} s")
            time.sleep(0.3)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_workers_share_the_index_and_the_sessions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with serving(_env(data), "--workers", "2") as (url, process):
        with httpx.Client(base_url=url, timeout=60) as http:
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                answers = list(
                    pool.map(lambda _: http.post("/v1/ask", json={"question": QUESTION}), range(8))
                )
            assert [a.status_code for a in answers] == [200] * 8
            assert all("month 5" in a.json()["answer"] for a in answers)
            sid = http.post("/v1/chat", json={"message": QUESTION}).json()["session_id"]
            # Whichever worker answers, the history is the one written by the other.
            for _ in range(4):
                history = http.get(f"/v1/sessions/{sid}")
                assert history.status_code == 200 and len(history.json()["messages"]) == 2
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) in (0, -signal.SIGTERM)
    log = process.stdout.read() if process.stdout else ""
    assert "2 worker processes" in log and "Traceback" not in log


def test_sigterm_lets_an_in_flight_request_finish(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    received: list[float] = []

    def slow_model(body: bytes) -> tuple[int, bytes]:
        received.append(time.monotonic())
        time.sleep(2.0)  # the request is in flight when SIGTERM arrives
        request = httpx.Request("POST", "http://model/v1/chat/completions", content=body)
        response = scripted_model(request)
        return response.status_code, response.content

    with model_server(slow_model) as model_url:
        env = _env(
            data,
            ADVISOR_LLM="openai",
            OPENAI_API_KEY="sk-test-1234567890",
            OPENAI_BASE_URL=model_url,
            ADVISOR_MODEL="scripted-model",
        )
        with serving(env) as (url, process):
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                pending = pool.submit(
                    httpx.post, f"{url}/v1/ask", json={"question": QUESTION}, timeout=60
                )
                deadline = time.monotonic() + 30
                while not received and time.monotonic() < deadline:
                    time.sleep(0.05)
                assert received, "the request never reached the model"
                process.send_signal(signal.SIGTERM)
                answer = pending.result(timeout=60)
            assert answer.status_code == 200, answer.text
            assert answer.json()["grounded"] is True
            # uvicorn shuts down gracefully, then re-raises the signal it caught.
            assert process.wait(timeout=60) in (0, -signal.SIGTERM)
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"{url}/readyz", timeout=2)
