from __future__ import annotations

from pathlib import Path

import pytest

from advisor.agent.factory import build_advisor
from advisor.agent.jobs import Advisor
from advisor.config import DEFAULT_KNOWLEDGE_DIR, Settings
from advisor.knowledge.ingest import ingest
from advisor.retrieval.embeddings import Embedder
from advisor.retrieval.index import KnowledgeIndex


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
