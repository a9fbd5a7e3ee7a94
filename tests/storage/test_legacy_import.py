"""Data dirs of earlier versions (sessions.db, roadmaps.db) are imported once, even when
several server workers open them at the same moment."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from advisor.storage import sqlite_database

CODE = (
    "import sys; from pathlib import Path; from advisor.config import Settings; "
    "from advisor.storage import open_storage; "
    "s = Settings(data_dir=Path(sys.argv[1]), _env_file=None); "
    "print(open_storage(s).sessions.history('old-session').messages[0].text)"
)


def _old_data_dir(data: Path) -> None:
    data.mkdir(parents=True)
    with sqlite3.connect(data / "sessions.db") as db:
        db.executescript(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
            "owner TEXT NOT NULL DEFAULT 'anonymous');"
            "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT "
            "NOT NULL, role TEXT NOT NULL, kind TEXT, text TEXT NOT NULL, payload TEXT, "
            "created_at TEXT NOT NULL);"
            "INSERT INTO sessions VALUES ('old-session', '2025-01-01', 'anonymous');"
            "INSERT INTO messages (session_id, role, text, created_at) "
            "VALUES ('old-session', 'user', 'hello from before', '2025-01-01');"
        )
    with sqlite3.connect(data / "roadmaps.db") as db:
        db.executescript(
            "CREATE TABLE roadmaps (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
            "body TEXT NOT NULL, owner TEXT NOT NULL DEFAULT 'anonymous');"
            "INSERT INTO roadmaps VALUES ('oldmap', '2025-01-01', '{}', 'anonymous');"
        )


def test_workers_opening_an_old_data_dir_together_import_it_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _old_data_dir(data)
    workers = [
        subprocess.Popen([sys.executable, "-c", CODE, str(data)], stdout=subprocess.PIPE)
        for _ in range(3)
    ]
    printed = [w.communicate(timeout=120)[0].decode().strip() for w in workers]
    assert [w.returncode for w in workers] == [0, 0, 0]
    assert printed == ["hello from before"] * 3
    assert sorted(p.name for p in data.glob("*.imported")) == [
        "roadmaps.db.imported",
        "sessions.db.imported",
    ]
    db = sqlite_database(data / "advisor.db")
    with db.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM messages")).scalar() == 1
        assert conn.execute(text("SELECT kind, owner FROM outputs")).all() == [
            ("roadmap", "anonymous")
        ]
    db.dispose()
