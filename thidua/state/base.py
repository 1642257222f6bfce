"""What every part of the store shares: the engine, the cluster it speaks for, read and write transactions,
and an atomic insert-or-update that both back ends run in one statement."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from thidua.periods import VN_TZ


def now() -> datetime:
    return datetime.now(VN_TZ)


def digest(secret: str) -> str:
    """Link tokens, session ids and device cookies are 256-bit random: a fast hash stores them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


class StoreBase:
    def __init__(self, engine: Engine, cluster: str = ""):
        self.engine, self.cluster = engine, cluster

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read: on SQLite a plain BEGIN, so readers never queue behind one another (state/database.py)."""
        with self.engine.connect() as connection:
            connection.execution_options(thidua_read=True)
            yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def upsert(self, table: Table, values: dict[str, Any], keys: list[str], changes: dict[str, Any]) -> Any:
        """INSERT … ON CONFLICT (keys) DO UPDATE SET changes: one atomic statement on SQLite and PostgreSQL.
        `changes` may refer to the row's current columns (table.c.…)."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=changes)

    def insert_new(self, table: Table, values: dict[str, Any], keys: list[str]) -> Any:
        """INSERT … ON CONFLICT DO NOTHING: a row that is already there is left as it is."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table).values(**values).on_conflict_do_nothing(index_elements=keys)
