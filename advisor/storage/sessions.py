"""Chat sessions: their messages and the plan they keep, in the database.

Each session belongs to the caller that opened it (`owner`); another owner sees it
exactly as it sees an id that was never issued.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError

from advisor.errors import InputError, NotFound
from advisor.schemas import ChatHistory, ChatKind, ChatMessage, Turn
from advisor.storage.database import Database
from advisor.storage.ids import ANONYMOUS, STORED_ID, issue_id
from advisor.storage.tables import messages, session_state, sessions

MAX_MESSAGES_PER_SESSION = 400


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionStore:
    """Sessions in one database; safe across threads, processes and replicas.

    `named`: an id the caller gives that does not exist yet starts a session under that
    id. Only for local use (the CLI); the API's session ids are all issued here.
    """

    def __init__(self, db: Database, *, named: bool = False) -> None:
        self.db = db
        self.named = named

    def open(self, session_id: str | None, owner: str = ANONYMOUS) -> str:
        """A new session's id (None), or the id of an existing session of this owner.

        An id never issued, or issued to another owner, is NotFound: the same answer,
        so an id's existence is not revealed."""
        if session_id is not None and not STORED_ID.fullmatch(session_id):
            raise InputError("a session id is 1-64 letters, digits, '-' or '_'")
        if session_id is not None:
            found = self._owner(session_id)
            if found == owner:
                return session_id
            if found is not None or not self.named:
                raise _unknown(session_id)
        new_id = session_id or issue_id()
        try:
            with self.db.begin() as conn:
                conn.execute(insert(sessions).values(id=new_id, created_at=now(), owner=owner))
        except IntegrityError:
            # Named by two processes at once: it is the owner's if the other was theirs.
            if self._owner(new_id) != owner:
                raise _unknown(new_id) from None
        return new_id

    def _owner(self, session_id: str) -> str | None:
        with self.db.connect() as conn:
            row = conn.execute(select(sessions.c.owner).where(sessions.c.id == session_id))
            return row.scalar_one_or_none()

    def append(
        self,
        session_id: str,
        role: str,
        text: str,
        kind: ChatKind | None = None,
        payload: dict[str, object] | None = None,
    ) -> None:
        with self.db.begin() as conn:
            count = conn.execute(
                select(func.count())
                .select_from(messages)
                .where(messages.c.session_id == session_id)
            ).scalar_one()
            if count >= MAX_MESSAGES_PER_SESSION:
                raise InputError(
                    f"this session has reached {MAX_MESSAGES_PER_SESSION} messages; "
                    "start a new session"
                )
            conn.execute(
                insert(messages).values(
                    session_id=session_id,
                    role=role,
                    kind=kind,
                    text=text,
                    payload=json.dumps(payload) if payload else None,
                    created_at=now(),
                )
            )

    def history(self, session_id: str, owner: str = ANONYMOUS) -> ChatHistory:
        if self._owner(session_id) != owner:
            raise _unknown(session_id)
        return ChatHistory(session_id=session_id, messages=self._messages(session_id))

    def _messages(self, session_id: str, last: int | None = None) -> list[ChatMessage]:
        query = (
            select(
                messages.c.role,
                messages.c.kind,
                messages.c.text,
                messages.c.payload,
                messages.c.created_at,
            )
            .where(messages.c.session_id == session_id)
            .order_by(messages.c.id.desc())
        )
        if last is not None:
            query = query.limit(last)
        with self.db.connect() as conn:
            rows = list(conn.execute(query))
        return [
            ChatMessage(
                role=role,
                kind=kind,
                text=text,
                payload=json.loads(payload) if payload else None,
                created_at=created,
            )
            for role, kind, text, payload, created in reversed(rows)
        ]

    def turns(self, session_id: str, last: int = 10) -> list[Turn]:
        """The latest messages of a session already opened (its owner checked), as
        conversation turns, oldest first."""
        return [Turn(m.role, m.text) for m in self._messages(session_id, last)]

    def state(self, session_id: str) -> dict[str, object]:
        """What the session keeps beyond its messages (its plan), or {}."""
        with self.db.connect() as conn:
            row = conn.execute(
                select(session_state.c.state).where(session_state.c.session_id == session_id)
            ).scalar_one_or_none()
        loaded = json.loads(row) if row else {}
        return loaded if isinstance(loaded, dict) else {}

    def set_state(self, session_id: str, state: dict[str, object]) -> None:
        body = json.dumps(state)
        with self.db.begin() as conn:
            changed = conn.execute(
                update(session_state)
                .where(session_state.c.session_id == session_id)
                .values(state=body)
            ).rowcount
            if not changed:
                conn.execute(insert(session_state).values(session_id=session_id, state=body))


def _unknown(session_id: str) -> NotFound:
    return NotFound(f"no chat session {session_id!r}")
