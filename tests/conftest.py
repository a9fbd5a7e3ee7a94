"""Suite-wide fixtures. Every test runs with the network closed: only loopback connects."""

from __future__ import annotations

import ipaddress
import itertools
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings
from advisor.knowledge.ingest import ingest
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.index import KnowledgeIndex
from tests.postgres_server import Postgres, postgres_server

_real_connect = socket.socket.connect
_database_names = itertools.count(1)


def _loopback_only(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            allowed = ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise RuntimeError(f"test tried to reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "ADVISOR_CHROMA_URL",
        "ADVISOR_LLM",
        "ADVISOR_DATABASE_URL",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the real playbook that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, target)
    return target


@pytest.fixture
def settings(tmp_path: Path, knowledge_copy: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        knowledge_dirs=[knowledge_copy],
        llm="offline",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def embedder() -> Iterator[object]:
    from advisor.retrieval.embeddings import MiniLMEmbedder

    yield MiniLMEmbedder()


@pytest.fixture(scope="session")
def shared_index(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> KnowledgeIndex:
    """One index of the real playbook for the whole session (tests only read it)."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("agent-index"),
        knowledge_dirs=[DEFAULT_KNOWLEDGE_DIR],
        llm="offline",
        _env_file=None,  # type: ignore[call-arg]
    )
    index = KnowledgeIndex(settings, embedder)
    ingest(index)
    return index


@pytest.fixture
def offline_advisor(shared_index: KnowledgeIndex, tmp_path: Path) -> Advisor:
    settings = shared_index.settings.model_copy(update={"data_dir": tmp_path / "data"})
    advisor = build_advisor(shared_index.settings, index=shared_index)
    advisor.settings = settings
    return advisor


os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One throwaway PostgreSQL cluster for the whole run, started on first use."""
    with postgres_server() as server:
        yield server


@pytest.fixture
def postgres_url(postgres: Postgres) -> str:
    """A fresh, empty database on the shared cluster."""
    return postgres.create_database(f"t{next(_database_names)}")
