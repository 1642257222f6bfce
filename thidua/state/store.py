"""The portal's state (thidua.state): one object over one database, SQLite or PostgreSQL, for one cluster
(`cluster` "" when the portal serves a single one) or, through `for_cluster`, any cluster of a province."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import Engine, select

from thidua.state.access import Access
from thidua.state.base import StoreBase
from thidua.state.database import engine_for, sqlite_url, upgrade
from thidua.state.dossiers import Dossiers
from thidua.state.handoffs import Handoffs
from thidua.state.records import Records
from thidua.state.schema import settings


class Store(Access, Records, Dossiers, Handoffs, StoreBase):
    def for_cluster(self, cluster: str) -> Store:
        return Store(self.engine, cluster)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the pooled connections (a command that opened the store is done with it)."""
        self.engine.dispose()

    # --- settings -----------------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as db:
            value = db.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        return default if value is None else str(value)

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db.execute(self.upsert(settings, {"key": key, "value": value}, ["key"], {"value": value}))

    def secret_key(self) -> str:
        with self.write() as db:
            db.execute(self.insert_new(settings, {"key": "secret_key", "value": secrets.token_hex(32)}, ["key"]))
        return str(self.setting("secret_key"))


def open_store(url_or_path: str | Path, cluster: str = "") -> Store:
    """The store at a database URL (state/database.py's resolve), or in a SQLite file at a path; its
    schema brought up to date first."""
    url = url_or_path if isinstance(url_or_path, str) and "://" in url_or_path else sqlite_url(Path(url_or_path))
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine: Engine = engine_for(url)
    upgrade(engine)
    return Store(engine, cluster)
