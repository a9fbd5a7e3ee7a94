"""Chat sessions in SQLite under the data dir: they survive restarts."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from advisor.errors import InputError, NotFound
from advisor.llm.base import Turn
from advisor.schemas import ChatHistory, ChatKind, ChatMessage

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_MESSAGES_PER_SESSION = 400

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    role TEXT NOT NULL,
    kind TEXT,
    text TEXT NOT NULL,
    payload TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_session ON messages(session_id, id);
CREATE TABLE IF NOT EXISTS session_state (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    state TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore:
    """One SQLite file; a connection per call keeps it safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def open(self, session_id: str | None) -> str:
        """An existing session's id, or a new session (also for an unseen client id)."""
        if session_id is not None and not SESSION_ID.match(session_id):
            raise InputError("a session id is 1-64 letters, digits, '-' or '_'")
        session_id = session_id or uuid.uuid4().hex
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT OR IGNORE INTO sessions (id, created_at) VALUES (?, ?)",
                (session_id, _now()),
            )
        return session_id

    def append(
        self,
        session_id: str,
        role: str,
        text: str,
        kind: ChatKind | None = None,
        payload: dict[str, object] | None = None,
    ) -> None:
        with self._lock, self._connect() as db:
            count = db.execute(
                "SELECT COUNT(*) FROM messages WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            if count >= MAX_MESSAGES_PER_SESSION:
                raise InputError(
                    f"this session has reached {MAX_MESSAGES_PER_SESSION} messages; "
                    "start a new session"
                )
            db.execute(
                "INSERT INTO messages (session_id, role, kind, text, payload, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, role, kind, text, json.dumps(payload) if payload else None, _now()),
            )

    def history(self, session_id: str) -> ChatHistory:
        with self._connect() as db:
            if not db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone():
                raise NotFound(f"no chat session {session_id!r}")
            rows = db.execute(
                "SELECT role, kind, text, payload, created_at FROM messages "
                "WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        return ChatHistory(
            session_id=session_id,
            messages=[
                ChatMessage(
                    role=role,
                    kind=kind,
                    text=text,
                    payload=json.loads(payload) if payload else None,
                    created_at=created,
                )
                for role, kind, text, payload, created in rows
            ],
        )

    def turns(self, session_id: str, last: int = 10) -> list[Turn]:
        """The latest messages as conversation turns, oldest first."""
        try:
            messages = self.history(session_id).messages[-last:]
        except NotFound:
            return []
        return [Turn(m.role, m.text) for m in messages]

    def state(self, session_id: str) -> dict[str, object]:
        """What the session keeps beyond its messages (its plan), or {}."""
        with self._connect() as db:
            row = db.execute(
                "SELECT state FROM session_state WHERE session_id = ?", (session_id,)
            ).fetchone()
        loaded = json.loads(row[0]) if row else {}
        return loaded if isinstance(loaded, dict) else {}

    def set_state(self, session_id: str, state: dict[str, object]) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO session_state (session_id, state) VALUES (?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET state = excluded.state",
                (session_id, json.dumps(state)),
            )
