"""The tables, in SQLAlchemy Core: the schema the migrations build and the
repositories query. Changing one means a new migration under migrations/versions."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(64), ForeignKey("sessions.id"), nullable=False),
    Column("role", String(16), nullable=False),
    Column("kind", String(32)),
    Column("text", Text, nullable=False),
    Column("payload", Text),
    Column("created_at", String(32), nullable=False),
    Index("messages_by_session", "session_id", "id"),
)

session_state = Table(
    "session_state",
    metadata,
    Column("session_id", String(64), ForeignKey("sessions.id"), primary_key=True),
    Column("state", Text, nullable=False),
)

# Every stored output (roadmaps, assessments, any job the registry stores), by kind:
# a new stored job needs no new table.
outputs = Table(
    "outputs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("owner", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("body", Text, nullable=False),
)

# Token buckets of the rate limit when replicas share a PostgreSQL (advisor.storage.rates).
rate_buckets = Table(
    "rate_buckets",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated", Float, nullable=False),
    Column("granted", Boolean, nullable=False),
)
