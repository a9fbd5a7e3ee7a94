from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import Settings
from tests.integration.chroma_server import chroma_server


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as url:
        yield url


@pytest.fixture(params=["embedded", "server"])
def index_settings(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Settings:
    """Settings for the embedded store, and again for a real Chroma server."""
    if request.param == "embedded":
        return settings
    url = request.getfixturevalue("chroma_url")
    # One collection per test keeps tests on the shared server independent.
    return settings.model_copy(update={"chroma_url": url, "collection": f"t{abs(hash(tmp_path))}"})


@pytest.fixture
def env(tmp_path: Path, knowledge_copy: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ADVISOR_", "OPENAI_"))}
    return base | {
        "ADVISOR_DATA_DIR": str(tmp_path / "data"),
        "ADVISOR_KNOWLEDGE_DIRS": str(knowledge_copy),
    }
