"""The database in and out of a backup: SQLite through its online backup API (a consistent copy while the
portal runs, which copying the file in WAL mode is not), PostgreSQL as rows of every table. The archive
around it (config, inputs, manifest, hashes) is cli/archive.py's."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, MetaData, inspect, select

from thidua.state.database import alembic_config, head, revision

SQLITE_NAME, ROWS_NAME = "portal.sqlite3", "portal.json"  # the database's name inside a backup


def dump(engine: Engine, folder: Path) -> Path:
    """Write the database into `folder`; returns the file written."""
    if engine.dialect.name == "sqlite":
        target = folder / SQLITE_NAME
        source = engine.raw_connection()
        try:
            with sqlite3.connect(target) as copy:
                source.driver_connection.backup(copy)  # type: ignore[union-attr]
            copy.close()
        finally:
            source.close()
        return target
    target = folder / ROWS_NAME
    tables = MetaData()
    with engine.connect() as db:
        tables.reflect(db)
        rows = {name: [dict(r) for r in db.execute(select(table)).mappings()] for name, table in tables.tables.items()}
    target.write_text(json.dumps({"revision": revision(engine), "tables": rows}, ensure_ascii=False), encoding="utf-8")
    return target


def sqlite_problem(path: Path) -> str:
    """Why a SQLite file from a backup cannot be restored, or ''."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            found = db.execute("SELECT version_num FROM alembic_version").fetchone()
        db.close()
    except sqlite3.Error as error:
        return f"không mở được cơ sở dữ liệu ({error})"
    if verdict != "ok":
        return f"cơ sở dữ liệu hỏng ({verdict})"
    if found is None or found[0] > head():
        return "bản sao lưu của một phiên bản thidua mới hơn phiên bản đang cài"
    return ""


def rows_problem(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = str(data["revision"])
        assert isinstance(data["tables"], dict)
    except (ValueError, KeyError, AssertionError) as error:
        return f"dữ liệu cổng thông tin không đọc được ({error})"
    return "bản sao lưu của một phiên bản thidua mới hơn phiên bản đang cài" if found > head() else ""


def load_rows(engine: Engine, path: Path) -> None:
    """Replace a PostgreSQL database's thidua tables by a backup's rows: the tables are made again at the
    backup's revision, filled, then migrated to this release's head."""
    data = json.loads(path.read_text(encoding="utf-8"))
    with engine.begin() as db:
        for table in reversed(_existing(db)):
            db.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        db.exec_driver_sql("DROP FUNCTION IF EXISTS ledger_append_only() CASCADE")
        config = alembic_config(db)
        command.upgrade(config, data["revision"])
        tables = MetaData()
        tables.reflect(db)
        for name, rows in data["tables"].items():
            if name != "alembic_version" and rows:
                db.execute(tables.tables[name].insert(), rows)
        _align_sequences(db, tables)
        command.upgrade(config, "head")


def _existing(db: Any) -> list[str]:
    return list(inspect(db).get_table_names())


def _align_sequences(db: Any, tables: MetaData) -> None:
    """Rows came with their ids: each id sequence continues after the largest one restored."""
    for name, table in tables.tables.items():
        if "id" in table.c and name != "alembic_version":
            db.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {name}"
            )


def settle(path: Path) -> None:
    """Fold a SQLite file's write-ahead log into the file itself (a checkpoint that empties the log), so the
    file alone holds every row; a file that cannot be opened is left as it is."""
    try:
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass
