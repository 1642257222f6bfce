"""thidua 0.1's portal schema, as its store created it before migrations existed.

A database from that release is stamped at this revision instead of running it (state/database.py).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

REFUSE = "SELECT RAISE(ABORT, 'the ledger is append-only')"
SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger BEGIN {REFUSE}; END",
    f"CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger BEGIN {REFUSE}; END",
]
POSTGRES_APPEND_ONLY = [
    "CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the ledger is append-only'; END $$",
    "CREATE TRIGGER ledger_no_change BEFORE UPDATE OR DELETE ON ledger "
    "FOR EACH ROW EXECUTE FUNCTION ledger_append_only()",
    "CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()",
]


def upgrade() -> None:
    text = sa.Text()
    op.create_table("settings", sa.Column("key", text, primary_key=True), sa.Column("value", text, nullable=False))
    op.create_table(
        "links",
        sa.Column("unit", text, primary_key=True),
        sa.Column("token_hash", text, nullable=False),
        sa.Column("created", text, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", text, primary_key=True),
        sa.Column("actor", text, nullable=False),
        sa.Column("data", text, nullable=False),
        sa.Column("expires", text, nullable=False),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(name, text, nullable=False) for name in ("unit", "period", "received", "actor", "original")),
        *(sa.Column(name, text, nullable=False) for name in ("stored", "sha256", "saved")),
        sa.Column("accepted", sa.Integer, nullable=False),
        sa.Column("findings", text, nullable=False),
    )
    op.create_table(
        "outcomes",
        sa.Column("path", text, primary_key=True),
        sa.Column("stamp", text, nullable=False),
        sa.Column("outcome", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        *(sa.Column(name, text, nullable=False) for name in ("at", "actor", "action", "detail")),
        sa.Column("sha256", text, nullable=False, server_default=""),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client", text, nullable=False),
        sa.Column("at", text, nullable=False),
    )
    for statement in SQLITE_APPEND_ONLY if op.get_bind().dialect.name == "sqlite" else POSTGRES_APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    for table in ("attempts", "ledger", "outcomes", "uploads", "sessions", "links", "settings"):
        op.drop_table(table)
