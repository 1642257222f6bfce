"""Accounts belong to a scope: a username is unique within its cluster (or the province's board, ""), so
each cluster's office has its own row and its own password; sessions and trusted browsers name the account
they were opened by, so that changing, disabling or removing an account ends every one of them; a TOTP code
is accepted once (the last time step used is kept).

Before this revision every cluster office's account was one row ("van-phong", unique across the database)
that `chair-password --cluster` moved from cluster to cluster. That row stays with the cluster it was last
set for; every other cluster's office sets its own password again.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint("uq_accounts_username", type_="unique")
        batch.create_unique_constraint("uq_accounts_cluster_username", ["cluster", "username"])
        batch.add_column(sa.Column("totp_step", sa.Integer, nullable=True))
        batch.add_column(sa.Column("disabled", sa.String(40), nullable=False, server_default=""))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer, nullable=True))
    op.create_index("ix_sessions_account_id", "sessions", ["account_id"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer, nullable=True))
    # Sessions and trusted browsers opened by an account before this revision are tied to the account of
    # their cluster whose actor they carry; one with no such account (another cluster's office, signed in
    # with the shared row) ends. A unit's session (its actor is the unit's code) opened no account.
    for table in ("sessions", "devices"):
        op.execute(
            f"UPDATE {table} SET account_id = (SELECT a.id FROM accounts a WHERE a.cluster = {table}.cluster AND "
            f"(({table}.actor = 'chair' AND a.role = 'office') OR {table}.actor = a.role || ':' || a.username)) "
            f"WHERE {table}.actor = 'chair' OR {table}.actor LIKE '%:%'"
        )
        op.execute(f"DELETE FROM {table} WHERE account_id IS NULL AND (actor = 'chair' OR actor LIKE '%:%')")


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("account_id")
    op.drop_index("ix_sessions_account_id", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("account_id")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled")
        batch.drop_column("totp_step")
        batch.drop_constraint("uq_accounts_cluster_username", type_="unique")
        batch.create_unique_constraint("uq_accounts_username", ["username"])
