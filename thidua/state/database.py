"""Open the portal's database and bring its schema to the newest migration.

SQLite by default (one file in the portal's state folder, nothing to install), PostgreSQL when one server
process is not enough (`portal.database: postgresql+psycopg://…`). Alembic runs the migrations at start-up
on either; a database written before migrations existed (thidua 0.1's portal.sqlite3) is recognised and
taken from there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"  # the schema of thidua 0.1, before migrations
# The newest migration's revision (tests/test_state.py holds it to Alembic's own head): a database already
# there is opened without importing Alembic, a sixth of a portal's start.
HEAD = "0006"


PASSWORD_ENV = "THIDUA_DATABASE_PASSWORD"  # a database password never sits in config.yaml


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def resolve(configured: str, default_file: Path) -> str:
    """The database URL: the configured one (its password from THIDUA_DATABASE_PASSWORD when set), else
    the SQLite file."""
    if not configured:
        return sqlite_url(default_file)
    url = make_url(configured)
    if password := os.environ.get(PASSWORD_ENV):
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def engine_for(url: str) -> Engine:
    """An engine for `url`. SQLite gets WAL (readers never wait for the writer), a 30 s busy wait, and
    BEGIN IMMEDIATE for every writing transaction: one that read first could otherwise fail to upgrade its
    lock under another writer, which SQLite answers with an error instead of a wait. Reads (StoreBase.read)
    begin plainly."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _: Any) -> None:
        dbapi.isolation_level = None  # the driver's own BEGIN is replaced by ours below
        dbapi.execute("PRAGMA journal_mode=WAL")
        dbapi.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("thidua_read") else "BEGIN IMMEDIATE")

    return engine


def alembic_config(connection: Any) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> str:
    """Run every migration the database lacks; returns the revision it is at."""
    if revision(engine) == HEAD:
        return HEAD
    from alembic import command

    with engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "ledger" in tables and "alembic_version" not in tables:
            command.stamp(config, BASELINE)  # thidua 0.1's schema, created without a version
        command.upgrade(config, "head")
    return revision(engine)


def revision(engine: Engine) -> str:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return ""
        return str(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or "")


def head() -> str:
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(alembic_config(None)).get_current_head())
