"""Province mode: the board's and the council's accounts may carry a TOTP second factor, and the award
dossiers the clusters send the board are recorded, event by event (sent, returned with a reason, accepted).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("totp_secret", sa.String(64), nullable=True))
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("original", sa.Text, nullable=False, server_default=""),
        sa.Column("stored", sa.Text, nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_dossiers"),
    )
    op.create_index("ix_dossiers_cluster_year", "dossiers", ["cluster", "year"])


def downgrade() -> None:
    op.drop_index("ix_dossiers_cluster_year", "dossiers")
    op.drop_table("dossiers")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("totp_secret")
