"""The VGCA hand-off: one-time links for the desktop signing service, bound to a document and a session.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("cluster", sa.String(40), nullable=False, server_default=""),
        sa.Column("purpose", sa.String(10), nullable=False),
        sa.Column("build_id", sa.String(40), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("expires", sa.String(40), nullable=False),
        sa.Column("used", sa.String(40), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("token_hash", name="pk_handoffs"),
    )


def downgrade() -> None:
    op.drop_table("handoffs")
