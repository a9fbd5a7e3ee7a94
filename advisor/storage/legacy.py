"""Sessions and outputs of earlier versions, which kept them in sessions.db and
roadmaps.db under the data dir: copied into the database once, then the files are
renamed so they are not read again."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import insert

from advisor.storage.database import Database
from advisor.storage.ids import ANONYMOUS
from advisor.storage.tables import messages, outputs, session_state, sessions

log = logging.getLogger(__name__)
SESSIONS_FILE = "sessions.db"
OUTPUTS_FILE = "roadmaps.db"
OUTPUT_TABLES = {"roadmaps": "roadmap", "assessments": "assessment"}


def import_legacy(db: Database, data_dir: Path) -> None:
    for name in (SESSIONS_FILE, OUTPUTS_FILE):
        path = data_dir / name
        if not path.is_file():
            continue
        try:
            _copy(db, path)
        except sqlite3.DatabaseError as exc:
            log.warning("could not import %s (%s); it is left as it was", path, exc)
            continue
        path.rename(path.with_name(path.name + ".imported"))
        log.info("imported %s into the database", path)


def _rows(old: sqlite3.Connection, table: str, columns: str) -> list[dict[str, object]]:
    known = {row[1] for row in old.execute(f"PRAGMA table_info({table})")}
    if not known:
        return []
    wanted = [c for c in columns.split() if c in known or c == "owner"]
    select = ", ".join(c if c in known else f"'{ANONYMOUS}' AS owner" for c in wanted)
    cursor = old.execute(f"SELECT {select} FROM {table}")
    return [dict(zip(wanted, row, strict=True)) for row in cursor]


def _copy(db: Database, path: Path) -> None:
    old = sqlite3.connect(path)
    try:
        found_sessions = _rows(old, "sessions", "id created_at owner")
        found_messages = _rows(old, "messages", "session_id role kind text payload created_at")
        found_state = _rows(old, "session_state", "session_id state")
        found_outputs = [
            {**row, "kind": kind}
            for table, kind in OUTPUT_TABLES.items()
            for row in _rows(old, table, "id created_at body owner")
        ]
    finally:
        old.close()
    with db.begin() as conn:
        for table, rows in (
            (sessions, found_sessions),
            (messages, found_messages),
            (session_state, found_state),
            (outputs, found_outputs),
        ):
            if rows:
                conn.execute(insert(table), rows)
