"""Alembic's environment: migrations run on the connection advisor.storage.database
hands over (config.attributes["connection"]), inside its transaction and lock."""

from __future__ import annotations

from alembic import context

from advisor.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
