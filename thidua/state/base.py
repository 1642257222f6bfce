"""What every part of the store shares: the engine, the cluster it speaks for, read and write transactions,
an atomic insert-or-update that both back ends run in one statement, and the one way a query is kept to
the store's cluster (`mine`, `mine_select`, `mine_delete`, `mine_update`, `mine_insert`, and `upsert` and
`insert_new`, which set the cluster themselves): every table that carries a cluster is read and written
through them, which tests/test_structure.py enforces, so a cluster's store
cannot name another cluster's rows by forgetting a clause."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Delete,
    Engine,
    Insert,
    Select,
    Table,
    Update,
    delete,
    select,
    text,
)
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
        `changes` may refer to the row's current columns (table.c.…). A table with a cluster gets this
        store's."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(table).values(**self._in_scope(table, values))
        return statement.on_conflict_do_update(index_elements=keys, set_=changes)

    def insert_new(self, table: Table, values: dict[str, Any], keys: list[str]) -> Any:
        """INSERT … ON CONFLICT DO NOTHING: a row that is already there is left as it is."""
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table).values(**self._in_scope(table, values)).on_conflict_do_nothing(index_elements=keys)

    def mine_insert(self, table: Table, **values: Any) -> Insert:
        """INSERT a row in this store's cluster."""
        return table.insert().values(**self._in_scope(table, values))

    def _in_scope(self, table: Table, values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "cluster": self.cluster} if "cluster" in table.c else values

    # --- scope ----------------------------------------------------------------------------------------
    def mine(self, table: Table) -> ColumnElement[bool]:
        """The clause that keeps a statement to this store's cluster ("" for a single cluster's portal or
        for the province's board, whose own rows are its accounts, sessions and ledger)."""
        return table.c.cluster == self.cluster

    def mine_select(self, table: Table, *columns: Any) -> Select[Any]:
        """SELECT (columns, else every column) FROM table WHERE cluster is this store's."""
        return select(*columns or (table,)).where(self.mine(table))

    def mine_delete(self, table: Table) -> Delete:
        return delete(table).where(self.mine(table))

    def mine_update(self, table: Table) -> Update:
        return table.update().where(self.mine(table))

    def one_at_a_time(self, db: Connection, what: str) -> None:
        """Writing transactions about `what` in this store's cluster, one at a time. On SQLite every writing
        transaction begins IMMEDIATE (state/database.py), which already lets one writer in at a time. On
        PostgreSQL a lock held to the end of the transaction: a lock on an existing row would not do when the
        transaction inserts rows (no lock on an existing row covers a new one), and under READ COMMITTED the
        other transaction would go on with what it read before the insert."""
        if self.engine.dialect.name == "postgresql":
            name = hashlib.sha256(f"{what}|{self.cluster}".encode()).digest()
            key = int.from_bytes(name[:8], "big", signed=True)  # the lock's name: 64 bits, as PostgreSQL takes it
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
