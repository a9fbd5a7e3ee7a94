"""Fixtures for the HTTP API: one real index of the playbook for the whole session,
apps built on it (so no test re-indexes), fake providers, and a real uvicorn server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings
from advisor.llm.base import AnswerTask, GovernanceTask, Provider, Task
from advisor.retrieval.index import KnowledgeIndex
from advisor.schemas import Answer, GovernanceAnswer, JobOutput
from api import create_app
from api.services import Services

API_KEY = "key-aaaaaaaaaaaaaaaa"
NORTHWIND = (
    "Northwind Freight is a 450-person logistics company in Rotterdam. We want to automate "
    "customer support tickets. Our data lives in spreadsheets and a legacy ERP; we have no "
    "data team."
)
AppFactory = Callable[..., FastAPI]


@pytest.fixture(scope="session")
def api_index(shared_index: KnowledgeIndex) -> KnowledgeIndex:
    """The session's index of the real playbook (API tests only read it)."""
    shared_index.bm25()
    return shared_index


def api_settings(data_dir: Path, **overrides: Any) -> Settings:
    return Settings(
        data_dir=data_dir,
        knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
        llm="offline",
        _env_file=None,  # type: ignore[call-arg]
        **overrides,
    )


def advisor_on(index: KnowledgeIndex, provider: Provider | None = None) -> Advisor:
    """An advisor on the shared index (offline unless a provider is given)."""
    return build_advisor(index.settings, provider=provider, index=index)


@pytest.fixture
def make_app(api_index: KnowledgeIndex, tmp_path: Path) -> AppFactory:
    """Build an app on the shared index: make_app(provider=None, data_dir=None, **settings)."""

    def build(
        provider: Provider | None = None, data_dir: Path | None = None, **overrides: Any
    ) -> FastAPI:
        settings = api_settings(data_dir or tmp_path / "data", **overrides)
        services = Services.build(settings, advisor=advisor_on(api_index, provider))
        return create_app(settings, services=services)

    return build


@pytest.fixture
def client(make_app: AppFactory) -> Iterator[TestClient]:
    """A client of the default app: offline, no keys, limits at their defaults."""
    with TestClient(make_app()) as test_client:
        yield test_client


class FakeProvider:
    """A provider that records each call and raises `error` (or answers nothing useful)."""

    name = "fake"
    repairs = False
    chat = None

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error
        self.calls: list[str] = []

    def _fail(self, job: str) -> None:
        self.calls.append(job)
        if self.error is not None:
            raise self.error

    async def compose(self, task: Task) -> JobOutput:
        self._fail(task.kind)
        if isinstance(task, AnswerTask):
            return Answer(question=task.question, answer="nothing", grounded=False)
        if isinstance(task, GovernanceTask):
            return GovernanceAnswer(question=task.question, summary="nothing", grounded=False)
        raise AssertionError(f"the fake provider drafts no {task.kind}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a thread; yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        assert not thread.is_alive(), "the test server did not stop"
