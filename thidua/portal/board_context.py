"""What every board view needs: the province, its clusters' portals, the province's store. Apart from
province_app.py so that the views and the application factory do not import each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app

from thidua.config.province import Province
from thidua.portal.context import Portal
from thidua.state.store import Store


@dataclass
class Board:
    province: Province
    folder: Path  # the province's folder (province.yaml)
    state: Path  # the province's own state folder (the board's outputs are written here)
    clusters: dict[str, Portal]  # code → the cluster portal's context, in province.yaml's order
    store: Store  # speaks for the province (cluster "")
    today: Callable[[], date]
    # code → (the Checked, the office's scoring workbooks, its Scores): recomputed when either changes
    scores: dict[str, tuple[object, Any, Any]] = field(default_factory=dict)
    # a dossier's signatures as checked, by the file's sha256: a sent file never changes
    signatures: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)


def board() -> Board:
    return current_app.extensions["thidua_board"]
