"""Drafted roadmaps and readiness assessments kept in SQLite under the data dir, by id,
each owned by the caller that made it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel

from advisor.agent.sessions import ANONYMOUS, STORED_ID, add_owner_column, issue_id
from advisor.errors import NotFound
from advisor.schemas import ReadinessAssessment, Roadmap

ROADMAP_ID = STORED_ID
M = TypeVar("M", bound=BaseModel)


class OutputStore(Generic[M]):
    """One table of one output kind: id -> owner, JSON body."""

    table: ClassVar[str]
    schema: type[M]
    noun: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} (id TEXT PRIMARY KEY, "
                f"created_at TEXT NOT NULL, body TEXT NOT NULL, "
                f"owner TEXT NOT NULL DEFAULT '{ANONYMOUS}')"
            )
            add_owner_column(db, self.table)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def save(self, output: M, owner: str = ANONYMOUS) -> M:
        """Store the output under a fresh id issued here and return it with that id.

        The id a job stamped is replaced: whatever made the output, the id it is served
        under is unguessable, and a plain INSERT never overwrites anyone's row."""
        stored = output.model_copy(update={"id": issue_id()})
        with self._connect() as db:
            db.execute(
                f"INSERT INTO {self.table} (id, created_at, body, owner) VALUES (?, ?, ?, ?)",
                (
                    getattr(stored, "id"),  # noqa: B009 - every stored output has an id
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    stored.model_dump_json(),
                    owner,
                ),
            )
        return stored

    def get(self, output_id: str, owner: str = ANONYMOUS) -> M:
        """The owner's output; another owner's is NotFound, like an id never issued."""
        row = None
        if STORED_ID.fullmatch(output_id):
            with self._connect() as db:
                row = db.execute(
                    f"SELECT body FROM {self.table} WHERE id = ? AND owner = ?",
                    (output_id, owner),
                ).fetchone()
        if row is None:
            raise NotFound(f"no {self.noun} {output_id!r}")
        return self.schema.model_validate_json(row[0])


class RoadmapStore(OutputStore[Roadmap]):
    table = "roadmaps"
    schema = Roadmap
    noun = "roadmap"


class AssessmentStore(OutputStore[ReadinessAssessment]):
    table = "assessments"
    schema = ReadinessAssessment
    noun = "assessment"
