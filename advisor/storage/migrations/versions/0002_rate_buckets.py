"""Rate-limit buckets shared by every replica on one PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),  # seconds, the database's clock
        sa.Column("granted", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
