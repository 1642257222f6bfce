"""Where a cluster's portal state lives: its own folder (builds, the outcome cache) and the database, with
the cluster code the database speaks for ("" for a single cluster's portal). A province's clusters share
one database and keep their folders under the province's state folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_FILE = "portal.sqlite3"
CLUSTER_STATE = "cum"  # under the province's state folder: one folder per cluster
DOSSIERS = "ho-so-de-nghi"  # under a cluster's state folder: the dossiers it sent, under generated names
MOUNT = "/c"  # a province's portal serves cluster <code> under /c/<code>/


@dataclass(frozen=True)
class Place:
    state: Path  # this cluster's own state folder
    configured_database: str  # portal.database as configured ("" for the SQLite file)
    database_file: Path  # the SQLite file when none is configured
    cluster: str = ""  # the code the database speaks for; "" for a single cluster's portal

    @property
    def mount(self) -> str:
        """Where the cluster's pages live on the province's portal ("" for a single cluster's)."""
        return f"{MOUNT}/{self.cluster}" if self.cluster else ""

    def database_url(self) -> str:
        from thidua.state.database import resolve

        return resolve(self.configured_database, self.database_file)


def single_place(config_folder: Path, state: str, database: str) -> Place:
    """A single cluster's: its state folder relative to its config.yaml."""
    folder = (config_folder / state).resolve()
    return Place(folder, database, folder / DATABASE_FILE)


def in_province(folder: Path, state: str, database: str, code: str) -> Place:
    """Cluster `code` of the province in `folder` ("" for the province itself: the board)."""
    root = (folder / state).resolve()
    return Place(root / CLUSTER_STATE / code if code else root, database, root / DATABASE_FILE, code)
