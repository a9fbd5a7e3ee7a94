"""Chat sessions in SQLite under the data dir: they survive restarts.

Each session belongs to the caller that opened it (`owner`); another owner sees it
exactly as it sees an id that was never issued.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from advisor.errors import InputError, NotFound
from advisor.llm.base import Turn
from advisor.schemas import ChatHistory, ChatKind, ChatMessage

# The owner of everything in local use (no API keys configured), and of rows stored
# before outputs had owners.
ANONYMOUS = "anonymous"
# Ids of sessions, roadmaps and assessments: URL-path safe and never a file name trick.
# The pattern is also the API schema's (JSON Schema syntax); matched whole, so a
# trailing newline is not let through by "$".
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
STORED_ID = re.compile(ID_PATTERN)
# 128 random bits, so an id cannot be guessed; hex, so it never starts with "-" (a CLI
# option) and stays within STORED_ID.
ID_BYTES = 16
MAX_MESSAGES_PER_SESSION = 400

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '{ANONYMOUS}'
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


def issue_id() -> str:
    return secrets.token_hex(ID_BYTES)


def add_owner_column(db: sqlite3.Connection, table: str) -> None:
    """Migrate a table from before owners in place: its rows become ANONYMOUS's."""
    columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
    if "owner" in columns:
        return
    try:
        db.execute(f"ALTER TABLE {table} ADD COLUMN owner TEXT NOT NULL DEFAULT '{ANONYMOUS}'")
    except sqlite3.OperationalError as exc:
        # Another process opening the same file may have migrated it first.
        if "duplicate column" not in str(exc):
            raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore:
    """One SQLite file; a connection per call keeps it safe across threads.

    `named`: an id the caller gives that does not exist yet starts a session under that
    id. Only for local use (the CLI); the API's session ids are all issued here.
    """

    def __init__(self, path: Path, *, named: bool = False) -> None:
        self.path = path
        self.named = named
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(_SCHEMA)
            add_owner_column(db, "sessions")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def open(self, session_id: str | None, owner: str = ANONYMOUS) -> str:
        """A new session's id (None), or the id of an existing session of this owner.

        An id never issued, or issued to another owner, is NotFound: the same answer,
        so an id's existence is not revealed."""
        if session_id is not None and not STORED_ID.fullmatch(session_id):
            raise InputError("a session id is 1-64 letters, digits, '-' or '_'")
        with self._lock, self._connect() as db:
            if session_id is None:
                session_id = issue_id()
            else:
                row = db.execute(
                    "SELECT owner FROM sessions WHERE id = ?", (session_id,)
                ).fetchone()
                if row is not None and row[0] == owner:
                    return session_id
                if row is not None or not self.named:
                    raise _unknown(session_id)
            db.execute(
                "INSERT INTO sessions (id, created_at, owner) VALUES (?, ?, ?)",
                (session_id, _now(), owner),
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

    def history(self, session_id: str, owner: str = ANONYMOUS) -> ChatHistory:
        with self._connect() as db:
            row = db.execute("SELECT owner FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if row is None or row[0] != owner:
                raise _unknown(session_id)
        return ChatHistory(session_id=session_id, messages=self._messages(session_id))

    def _messages(self, session_id: str) -> list[ChatMessage]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT role, kind, text, payload, created_at FROM messages "
                "WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        return [
            ChatMessage(
                role=role,
                kind=kind,
                text=text,
                payload=json.loads(payload) if payload else None,
                created_at=created,
            )
            for role, kind, text, payload, created in rows
        ]

    def turns(self, session_id: str, last: int = 10) -> list[Turn]:
        """The latest messages of a session already opened (its owner checked), as
        conversation turns, oldest first."""
        return [Turn(m.role, m.text) for m in self._messages(session_id)[-last:]]

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


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no chat session {session_id!r}")
