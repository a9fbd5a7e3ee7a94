"""Drafted roadmaps and readiness assessments kept in SQLite under the data dir, by id."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel

from advisor.errors import NotFound
from advisor.schemas import ReadinessAssessment, Roadmap

ROADMAP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
M = TypeVar("M", bound=BaseModel)


class OutputStore(Generic[M]):
    """One table of one output kind: id -> JSON body."""

    table: ClassVar[str]
    schema: type[M]
    noun: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                "(id TEXT PRIMARY KEY, created_at TEXT NOT NULL, body TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def save(self, output: M) -> None:
        with self._connect() as db:
            db.execute(
                f"INSERT OR REPLACE INTO {self.table} (id, created_at, body) VALUES (?, ?, ?)",
                (
                    getattr(output, "id"),  # noqa: B009 - every stored output has an id
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    output.model_dump_json(),
                ),
            )

    def get(self, output_id: str) -> M:
        row = None
        if ROADMAP_ID.match(output_id):
            with self._connect() as db:
                row = db.execute(
                    f"SELECT body FROM {self.table} WHERE id = ?", (output_id,)
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
