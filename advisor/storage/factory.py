"""The one place storage is built from settings (`open_storage`), and what it holds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from advisor.config import Settings
from advisor.storage.database import Database
from advisor.storage.legacy import import_legacy
from advisor.storage.outputs import OutputStore
from advisor.storage.rates import SharedBuckets
from advisor.storage.sessions import SessionStore

DEFAULT_FILE = "advisor.db"


@dataclass
class Storage:
    db: Database
    sessions: SessionStore
    outputs: OutputStore

    def shared_buckets(
        self, per_minute: float, capacity: float | None = None, prefix: str = ""
    ) -> SharedBuckets | None:
        """Token buckets every replica shares: on PostgreSQL only. A SQLite file serves
        one machine, whose processes keep their own counts."""
        if self.db.dialect != "postgresql" or per_minute <= 0:
            return None
        return SharedBuckets(self.db, per_minute, capacity, prefix)

    def dispose(self) -> None:
        self.db.dispose()


def database_url(settings: Settings) -> str:
    if settings.database_url is not None:
        return settings.database_url.get_secret_value()
    return f"sqlite:///{settings.data_dir / DEFAULT_FILE}"


def open_storage(settings: Settings, *, named_sessions: bool = False) -> Storage:
    """The storage of these settings, its schema migrated. `named_sessions` lets a
    caller name a new session (the local CLI only)."""
    db = Database(database_url(settings))
    if settings.database_url is None:
        # Sessions and outputs of versions that kept them in two files are kept; once,
        # though several server workers open the data dir together.
        with db.file_lock():
            import_legacy(db, settings.data_dir)
    return Storage(db, SessionStore(db, named=named_sessions), OutputStore(db))


def sqlite_database(path: Path) -> Database:
    """A SQLite database at this path (tests, evals, benchmarks)."""
    return Database(f"sqlite:///{path}")
