"""Rate-limit token buckets that every replica shares, in PostgreSQL.

One statement per request refills and spends a bucket atomically (the row lock of an
upsert orders concurrent takers), on the database's clock, so replicas with skewed
clocks still agree. Full buckets are deleted now and then: a full bucket and no row
mean the same.
"""

from __future__ import annotations

import logging
import random

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
_SWEEP = text(
    f"DELETE FROM rate_buckets AS b WHERE b.tokens + ({_NOW} - b.updated) * :rate >= :capacity"
)


class SharedBuckets:
    """`per_minute` requests per name, refilled continuously, across replicas."""

    def __init__(self, db: Database, per_minute: int) -> None:
        self.db = db
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0

    def take(self, name: str) -> float:
        """Spend a token of `name`: 0 when there was one, else the seconds until there
        is. When the database cannot be reached the request is let through (logged):
        a rate limit must not take down routes that do not need the database."""
        values = {"name": name[:128], "capacity": self.capacity, "rate": self.rate}
        try:
            with self.db.begin() as conn:
                tokens, granted = conn.execute(_TAKE, values).one()
                if random.randrange(SWEEP_ONE_IN) == 0:
                    conn.execute(_SWEEP, values)
        except StorageUnavailable:
            log.warning("rate limit not applied: the database cannot be reached")
            return 0.0
        return 0.0 if granted else (1.0 - float(tokens)) / self.rate
