"""Accounts, clusters and a portal whose record is the truth.

- the office's password moves from settings to an account (role "office"); province mode adds others;
- links, sessions, uploads and the ledger carry the cluster they belong to ("" for a single cluster);
- an upload records the day the office says an e-mail brought it, and which kept upload it repeats;
- the ledger gains unit and period columns, to filter by; anonymous refusals are counted in `refusals`;
- login attempts become counters updated atomically (`attempts` is dropped); trusted browsers (`devices`);
- e-mail sent (`messages`), one per unit, period and kind;
- the outcome cache is emptied and stores JSON text (it was pickled bytes before thidua 0.1's last fix).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

VN = timezone(timedelta(hours=7))


def _clustered(table: str) -> None:
    op.add_column(table, sa.Column("cluster", sa.String(40), nullable=False, server_default=""))


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster", sa.String(40), nullable=False, server_default=""),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("changed", sa.String(40), nullable=False),
        sa.UniqueConstraint("username", name="uq_accounts_username"),
    )
    old = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'chair_password'")).scalar()
    if old:
        insert = sa.text(
            "INSERT INTO accounts (cluster, role, username, password_hash, changed) "
            "VALUES ('', 'office', 'van-phong', :hash, :now)"
        )
        op.execute(insert.bindparams(hash=old, now=datetime.now(VN).isoformat()))
        op.execute("DELETE FROM settings WHERE key = 'chair_password'")
    # A unit's link is now per cluster: a new table, the old rows copied into the single cluster "".
    op.rename_table("links", "links_old")
    if bind.dialect.name == "postgresql":  # constraint names are schema-wide there
        op.execute("ALTER TABLE links_old RENAME CONSTRAINT pk_links TO pk_links_old")
    op.create_table(
        "links",
        sa.Column("cluster", sa.String(40), nullable=False, server_default=""),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("cluster", "unit", name="pk_links"),
    )
    op.execute(
        "INSERT INTO links (cluster, unit, token_hash, created) SELECT '', unit, token_hash, created FROM links_old"
    )
    op.drop_table("links_old")
    for table in ("sessions", "uploads", "ledger"):
        _clustered(table)
    op.create_index("ix_sessions_cluster_actor", "sessions", ["cluster", "actor"])
    op.add_column("uploads", sa.Column("declared", sa.String(10), nullable=False, server_default=""))
    op.add_column("uploads", sa.Column("duplicate_of", sa.Integer, nullable=True))
    op.create_index("ix_uploads_cluster_unit_period", "uploads", ["cluster", "unit", "period"])
    op.add_column("ledger", sa.Column("unit", sa.String(40), nullable=False, server_default=""))
    op.add_column("ledger", sa.Column("period", sa.String(40), nullable=False, server_default=""))
    op.create_index("ix_ledger_cluster_action", "ledger", ["cluster", "action"])
    op.create_index("ix_ledger_cluster_unit", "ledger", ["cluster", "unit"])
    op.drop_table("outcomes")
    op.create_table(
        "outcomes",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("stamp", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
    )
    op.drop_table("attempts")
    op.create_table(
        "refusals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hour", sa.String(13), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("client", sa.String(80), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("hour", "action", "client", name="uq_refusals_hour_action_client"),
    )
    op.create_table(
        "counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window_start", sa.String(40), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("cluster", sa.String(40), nullable=False, server_default=""),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("created", sa.String(40), nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster", sa.String(40), nullable=False, server_default=""),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("period", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.UniqueConstraint("cluster", "unit", "period", "kind", name="uq_messages_cluster_unit_period_kind"),
    )


def downgrade() -> None:
    raise NotImplementedError("thidua does not go back to an older schema: restore a backup instead")
