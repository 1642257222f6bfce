"""What every view needs: the running portal (config, folders, store) and who is asking. Kept apart from
app.py so that views and the application factory do not import each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app, request

from thidua.config import Config
from thidua.intake.cache import OutcomeCache
from thidua.portal.overview import Memo
from thidua.state.store import Store


@dataclass
class Portal:
    cfg: Config
    config_path: Path
    inputs: Path
    outputs: Path
    state: Path
    store: Store
    today: Callable[[], date]
    cache: OutcomeCache  # the outcomes of files checked before, shared with the CLI (intake/cache.py)
    memo: Memo  # outcomes and the grid's check, kept in memory between requests
    source: list[str] = field(default_factory=list)  # how `thidua` names this cluster (--config, or --province)
    province: ProvinceLink | None = None  # set when the cluster is one of a province's
    adopted: int = 0  # returns found stored but unrecorded at start-up, and recorded then (portal/orphans.py)


@dataclass(frozen=True)
class ProvinceLink:
    """What a province's cluster portal knows of the province: its code, the board's year and name (the
    office sends that year's dossier to the board from its own pages)."""

    code: str
    year: int
    board: str  # "Sở Nội vụ tỉnh Lạng Sơn"


def portal() -> Portal:
    return current_app.extensions["thidua"]


def client() -> str:
    """Who is knocking, for login throttling and the ledger (behind a proxy: see README)."""
    return request.remote_addr or "?"
