"""Token buckets that every replica shares, in PostgreSQL: the rate limit per key and the
throttle on wrong-key guesses per address.

One statement per operation refills and spends a bucket atomically (the row lock of an
upsert orders concurrent takers), on the database's clock, so replicas with skewed
clocks still agree. Full buckets are deleted now and then: a full bucket and no row
mean the same. When the database cannot be reached every operation lets the request
through (logged): a limit must not take down routes that need no database.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from sqlalchemy import text

from advisor.errors import StorageUnavailable
from advisor.storage.database import Database

log = logging.getLogger(__name__)
# One take in this many also deletes the buckets that have refilled.
SWEEP_ONE_IN = 500

_NOW = "extract(epoch from clock_timestamp())"
_LEVEL = f"LEAST(:capacity, b.tokens + ({_NOW} - b.updated) * :rate)"
_TAKE = text(
    f"""
    INSERT INTO rate_buckets AS b (name, tokens, updated, granted)
    VALUES (:name, :capacity - 1, {_NOW}, true)
    ON CONFLICT (name) DO UPDATE SET
        tokens = CASE WHEN {_LEVEL} >= 1 THEN {_LEVEL} - 1 ELSE {_LEVEL} END,
        granted = {_LEVEL} >= 1,
        updated = {_NOW}
    RETURNING tokens, granted
    """
)
# Spend whether or not there is a token: the next wait grows instead.
_SPEND = text(
    f"""
    INSERT INTO rate_buckets AS b (name, tokens, updated, granted)
    VALUES (:name, :capacity - 1, {_NOW}, true)
    ON CONFLICT (name) DO UPDATE SET
        tokens = {_LEVEL} - 1, granted = {_LEVEL} >= 1, updated = {_NOW}
    """
)
_LEVEL_NOW = text(f"SELECT {_LEVEL} FROM rate_buckets AS b WHERE b.name = :name")
_SWEEP = text(
    f"DELETE FROM rate_buckets AS b WHERE b.tokens + ({_NOW} - b.updated) * :rate >= :capacity"
)


class SharedBuckets:
    """Buckets of `capacity` tokens refilled at `per_minute`, across replicas; `prefix`
    keeps one limit's names apart from another's."""

    def __init__(
        self, db: Database, per_minute: float, capacity: float | None = None, prefix: str = ""
    ) -> None:
        self.db = db
        self.capacity = float(per_minute if capacity is None else capacity)
        self.rate = per_minute / 60.0
        self.prefix = prefix

    def _values(self, name: str) -> dict[str, Any]:
        return {"name": (self.prefix + name)[:128], "capacity": self.capacity, "rate": self.rate}

    def take(self, name: str) -> float:
        """Spend a token of `name`: 0 when there was one, else the seconds until there is."""
        values = self._values(name)
        try:
            with self.db.begin() as conn:
                tokens, granted = conn.execute(_TAKE, values).one()
                if random.randrange(SWEEP_ONE_IN) == 0:
                    conn.execute(_SWEEP, values)
        except StorageUnavailable:
            log.warning("rate limit not applied: the database cannot be reached")
            return 0.0
        return 0.0 if granted else (1.0 - float(tokens)) / self.rate

    def wait(self, name: str) -> float:
        """Seconds until `name` has a token, spending none (0 when it has one now)."""
        try:
            with self.db.connect() as conn:
                level = conn.execute(_LEVEL_NOW, self._values(name)).scalar_one_or_none()
        except StorageUnavailable:
            log.warning("throttle not applied: the database cannot be reached")
            return 0.0
        if level is None or level >= 1.0:
            return 0.0
        return (1.0 - float(level)) / self.rate

    def spend(self, name: str) -> None:
        try:
            with self.db.begin() as conn:
                conn.execute(_SPEND, self._values(name))
        except StorageUnavailable:
            log.warning("throttle not counted: the database cannot be reached")
