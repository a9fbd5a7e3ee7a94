"""One database for sessions and stored outputs: an engine from a SQLAlchemy URL,
migrated to the current schema when opened, and every driver failure to reach it
turned into StorageUnavailable (a 503 with Retry-After), never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url

from advisor.errors import ConfigError, StorageUnavailable

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed 64-bit number: the advisory lock two replicas starting together take so
# that one of them migrates and the other then finds the schema current.
MIGRATION_LOCK_KEY = 0x5A_D715_0001
SQLITE_BUSY_S = 10
PG_CONNECT_TIMEOUT_S = 5


class Database:
    """An engine and what it is: `dialect` is "sqlite" or "postgresql"."""

    def __init__(self, url: str) -> None:
        parsed = parse_url(url)
        self.dialect = parsed.get_backend_name()
        try:
            self.engine = _engine(parsed, self.dialect)
        except (exc.NoSuchModuleError, ImportError):
            raise ConfigError(
                "ADVISOR_DATABASE_URL names a database driver that is not installed; "
                "use sqlite:///PATH or postgresql+psycopg://..."
            ) from None
        self.sqlite_path = Path(parsed.database or ":memory:") if self.dialect == "sqlite" else None
        self.migrate()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction, committed when the block ends."""
        with reachable(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with reachable(), self.engine.connect() as conn:
            yield conn

    def ping(self) -> None:
        with self.connect() as conn:
            conn.execute(text("SELECT 1"))

    def migrate(self) -> None:
        """Bring the schema to the newest migration, once across processes."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        if self.sqlite_path is not None:
            # Two processes opening one new file: one migrates, the other then finds it
            # current.
            with self.file_lock(), self.begin() as conn:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
            return
        with self.begin() as conn:
            # Released with the transaction; PostgreSQL's DDL is transactional.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def file_lock(self) -> AbstractContextManager[object]:
        """For SQLite, the lock the processes of one machine take to change the file's
        schema or contents as a whole; elsewhere nothing (the database's own locks)."""
        if self.sqlite_path is None:
            return nullcontext()
        self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.sqlite_path) + ".migrate.lock")

    def dispose(self) -> None:
        self.engine.dispose()


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise ConfigError("ADVISOR_DATABASE_URL is not a SQLAlchemy URL") from None
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; psycopg (3) is installed.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _engine(url: URL, dialect: str) -> Engine:
    if dialect == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_S, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if dialect == "postgresql":
        return create_engine(
            url,
            pool_pre_ping=True,  # a server restarted under us: reconnect, do not fail
            pool_size=10,
            max_overflow=20,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
        )
    raise ConfigError("ADVISOR_DATABASE_URL must name sqlite or postgresql")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the one writer
    cursor.close()


@contextmanager
def reachable() -> Iterator[None]:
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError):
        # Not str(error): it may name the host, the user and the statement's values.
        raise StorageUnavailable(
            "the database of sessions and roadmaps cannot be reached; try again shortly"
        ) from None
