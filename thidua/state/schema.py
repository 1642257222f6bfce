"""The portal's state as SQLAlchemy Core tables: one description for SQLite (the default, embedded) and
PostgreSQL (several server processes). This is the schema at the newest migration (migrations/versions/);
a change here needs a migration that brings an existing database to it."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

# Constraint names fixed by convention, so migrations can name them on both back ends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)
# Times are ISO 8601 text in Vietnam time ("2023-07-25T14:05:02+07:00"): one offset, so text order is time
# order on both back ends, and the SQLite file stays readable with any tool.
TIME = String(40)
CLUSTER = String(40)  # a province's cluster code; "" for a single cluster's portal

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
# Who signs in with a password: each cluster's office (role "office", in that cluster's scope) and the
# province's board and council members (scope ""). A username is unique within its scope only: every
# cluster's office is "van-phong" of its own cluster, never one row shared by all.
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("role", String(20), nullable=False),
    Column("username", String(80), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("changed", TIME, nullable=False),
    # A board or council account's TOTP seed (RFC 6238), when it has a second factor. Unlike a password it
    # cannot be hashed: the server must compute the codes from it.
    Column("totp_secret", String(64), nullable=True),
    Column("totp_step", Integer, nullable=True),  # the last time step a code was accepted for: each code once
    Column("disabled", TIME, nullable=False, server_default=""),  # when it was disabled; "" while it may sign in
    UniqueConstraint("cluster", "username"),
)
links = Table(
    "links",
    metadata,
    Column("cluster", CLUSTER, primary_key=True, server_default=""),
    Column("unit", String(40), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("created", TIME, nullable=False),
)
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("actor", String(80), nullable=False),
    Column("data", Text, nullable=False),
    Column("expires", TIME, nullable=False),
    # The account signed in (office, board, council); None for a unit's session, which its link opened.
    Column("account_id", Integer, nullable=True),
    Index(None, "cluster", "actor"),
    Index(None, "account_id"),
)
uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("unit", String(40), nullable=False),
    Column("period", String(40), nullable=False),
    Column("received", TIME, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("original", Text, nullable=False),
    Column("stored", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("saved", TIME, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("findings", Text, nullable=False),
    Column("declared", String(10), nullable=False, server_default=""),  # the e-mail's day, when the office says
    Column("duplicate_of", Integer, nullable=True),  # the kept upload this one repeats byte for byte
    Index(None, "cluster", "unit", "period"),
)
# Append-only (a trigger refuses UPDATE and DELETE on both back ends): what people did, by whom, when.
ledger = Table(
    "ledger",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", TIME, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("sha256", String(64), nullable=False, server_default=""),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("unit", String(40), nullable=False, server_default=""),
    Column("period", String(40), nullable=False, server_default=""),
    Index(None, "cluster", "action"),
    Index(None, "cluster", "unit"),
)
# Requests nobody signed in for that were refused (a wrong password, an unknown link), counted per hour,
# action and address: noise is summarised, never allowed to push what people did off the ledger.
refusals = Table(
    "refusals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("hour", String(13), nullable=False),  # "2023-07-25T14", Vietnam time
    Column("action", String(40), nullable=False),
    Column("client", String(80), nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("hour", "action", "client"),
)
# Login throttling: failures per key (an address, an account, a trusted browser) in a sliding window,
# counted atomically before any password is checked.
counters = Table(
    "counters",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_start", TIME, nullable=False),
    Column("count", Integer, nullable=False),
)
# Browsers an account has signed in from (a hashed random cookie): the account-wide cap does not apply to
# them, so an outsider's wrong guesses cannot lock the office out of its own browser.
devices = Table(
    "devices",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("actor", String(80), nullable=False),
    Column("created", TIME, nullable=False),
    Column("account_id", Integer, nullable=True),
)
# Reminders and notices sent by e-mail: one per unit, period, kind and deadline, never twice.
messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("unit", String(40), nullable=False),
    Column("period", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("address", Text, nullable=False),
    Column("at", TIME, nullable=False),
    UniqueConstraint("cluster", "unit", "period", "kind"),
)
# The award dossiers clusters send the province's board, event by event: "sent" (the file the cluster's
# office sent, stored under a generated name), "returned" (with the board's reason), "accepted". The latest
# event of a cluster's year is its dossier's state.
dossiers = Table(
    "dossiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cluster", CLUSTER, nullable=False),
    Column("year", Integer, nullable=False),
    Column("action", String(20), nullable=False),
    Column("at", TIME, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("original", Text, nullable=False, server_default=""),
    Column("stored", Text, nullable=False, server_default=""),
    Column("sha256", String(64), nullable=False, server_default=""),
    Index(None, "cluster", "year"),
)
# The VGCA hand-off: one-time links the desktop signing service uses to fetch a dossier PDF and post it back
# signed, each bound to the document and to the office's session that asked for it, for 15 minutes.
handoffs = Table(
    "handoffs",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("cluster", CLUSTER, nullable=False, server_default=""),
    Column("purpose", String(10), nullable=False),  # "download" or "upload"
    Column("build_id", String(40), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("session_hash", String(64), nullable=False),
    Column("expires", TIME, nullable=False),
    Column("used", TIME, nullable=False, server_default=""),  # when it was used; "" while it may be
)
