"""The outcome cache leaves the database: outcomes are remembered by file content in packs beside the
portal's state (intake/cache.py), shared with the CLI, so the table is dropped (it only ever held what can
be checked again).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("outcomes")


def downgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("stamp", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
    )
