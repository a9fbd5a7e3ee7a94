"""Every storage test runs on SQLite and on a real PostgreSQL (a throwaway cluster)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.storage import Database, sqlite_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = sqlite_database(tmp_path / "advisor.db")
    else:
        db = Database(request.getfixturevalue("postgres_url"))
    yield db
    db.dispose()
