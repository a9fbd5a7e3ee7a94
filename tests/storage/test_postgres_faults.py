"""PostgreSQL as replicas meet it: several processes migrating at once, a server that
goes away and comes back, and URLs whose password must never be printed."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys

import pytest

from advisor.config import get_settings
from advisor.errors import ConfigError, StorageUnavailable
from advisor.storage import Database, SessionStore
from tests.integration.chroma_server import free_port
from tests.postgres_server import Postgres, postgres_server

SECRET = "s3cret-Pa55word"


def test_replicas_starting_together_migrate_once(postgres: Postgres) -> None:
    url = postgres.create_database("together")
    code = (
        "import sys; from advisor.storage import Database, SessionStore; "
        "db = Database(sys.argv[1]); print(SessionStore(db).open(None))"
    )
    starts = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    ids = [p.communicate(timeout=120)[0].strip() for p in starts]
    assert [p.returncode for p in starts] == [0] * 4
    assert len(set(ids)) == 4


def test_concurrent_writers_on_one_session(postgres: Postgres) -> None:
    db = Database(postgres.create_database("writers"))
    try:
        sessions = SessionStore(db)
        sid = sessions.open(None)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda n: sessions.append(sid, "user", f"m{n}"), range(64)))
        assert sorted(m.text for m in sessions.history(sid).messages) == sorted(
            f"m{n}" for n in range(64)
        )
    finally:
        db.dispose()


def test_a_stopped_server_is_unavailable_then_recovers_by_itself() -> None:
    with postgres_server() as server:
        db = Database(server.url())
        sessions = SessionStore(db)
        sid = sessions.open(None)
        server.stop()
        with pytest.raises(StorageUnavailable) as caught:
            sessions.append(sid, "user", "while it is down")
        assert "cannot be reached" in caught.value.message
        server.start()
        sessions.append(sid, "user", "after it is back")
        assert [m.text for m in sessions.history(sid).messages] == ["after it is back"]
        db.dispose()


def test_no_error_repeats_the_password() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(StorageUnavailable) as down:
        Database(f"postgresql+psycopg://advisor:{SECRET}@127.0.0.1:{port}/postgres")
    assert SECRET not in str(down.value)
    with pytest.raises(ConfigError) as bad:
        Database(f"postgresql+nosuchdriver://advisor:{SECRET}@127.0.0.1/x")
    assert SECRET not in str(bad.value)


def test_a_bad_database_url_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_DATABASE_URL", f"mysql://advisor:{SECRET}@db/x")
    with pytest.raises(ConfigError) as invalid:
        get_settings()
    message = invalid.value.message
    assert "ADVISOR_DATABASE_URL" in message and "postgresql+psycopg://" in message
    assert SECRET not in message and "\n" not in message
