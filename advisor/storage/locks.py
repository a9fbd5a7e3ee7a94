"""A lock every replica sees: a PostgreSQL advisory lock, held by one connection for
as long as the work under it lasts. A process that dies loses its connection and with
it the lock, so a crashed ingest never leaves the index locked."""

from __future__ import annotations

import hashlib
import time

from filelock import Timeout
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from advisor.storage.database import PG_CONNECT_TIMEOUT_S, parse_url, reachable

POLL_S = 0.2


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class AdvisoryLock:
    """The part of filelock's interface the ingest uses: acquire(timeout) raising
    filelock.Timeout, release(), and use as a context manager."""

    def __init__(self, url: str, name: str, timeout: float = -1) -> None:
        # Its own connection, closed with the lock: no pool, and no schema to migrate.
        self.engine = create_engine(
            parse_url(url),
            poolclass=NullPool,
            connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S},
        )
        self.name = name
        self.key = lock_key(name)
        self.timeout = timeout
        self._conn: Connection | None = None

    def acquire(self, timeout: float | None = None) -> None:
        wait = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + wait if wait >= 0 else None
        with reachable():
            conn = self.engine.connect()
        try:
            while True:
                taken = conn.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
                ).scalar()
                conn.commit()
                if taken:
                    self._conn = conn
                    return
                if deadline is not None and time.monotonic() >= deadline:
                    raise Timeout(self.name)
                time.sleep(POLL_S)
        except BaseException:
            conn.close()
            raise

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            conn.commit()
        finally:
            conn.close()  # closing alone would release it too

    def __enter__(self) -> AdvisoryLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()
