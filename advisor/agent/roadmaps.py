"""Drafted roadmaps kept in SQLite under the data dir, by id."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from advisor.errors import NotFound
from advisor.schemas import Roadmap

ROADMAP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class RoadmapStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS roadmaps "
                "(id TEXT PRIMARY KEY, created_at TEXT NOT NULL, body TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def save(self, roadmap: Roadmap) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO roadmaps (id, created_at, body) VALUES (?, ?, ?)",
                (
                    roadmap.id,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    roadmap.model_dump_json(),
                ),
            )

    def get(self, roadmap_id: str) -> Roadmap:
        row = None
        if ROADMAP_ID.match(roadmap_id):
            with self._connect() as db:
                row = db.execute("SELECT body FROM roadmaps WHERE id = ?", (roadmap_id,)).fetchone()
        if row is None:
            raise NotFound(f"no roadmap {roadmap_id!r}")
        return Roadmap.model_validate_json(row[0])
