"""What the chair's office sees: every return in inputs/ (uploaded or dropped there by hand), checked once
and remembered, then the same cross-file check as the CLI's: the submission grid, findings, reminders.

A file's outcome comes from memory while the server runs (by the file's size and modification time), else
from the cache the CLI shares (intake/cache.py: by the file's content), else it is checked now. The cross-file
result is kept too, so a grid whose files have not changed since costs a folder listing."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua import layout
from thidua.config import Config
from thidua.intake.cache import OutcomeCache
from thidua.intake.check import Checked, check
from thidua.intake.completeness import LEGEND, expected_periods, membership
from thidua.intake.folder import outcomes as cached_outcomes
from thidua.intake.read import discover
from thidua.intake.receipts import read_receipts
from thidua.intake.returns import Outcome
from thidua.periods import Period

HAS_ERRORS = "có lỗi"  # shown over the timeliness status when the return that counts has errors


@dataclass
class Memo:
    """What this server process already knows: outcomes by file, and the last cross-file result."""

    outcomes: dict[str, tuple[str, Outcome]] = field(default_factory=dict)  # relative path → (stamp, outcome)
    checked: tuple[object, Checked] | None = None  # (the files' stamps and today, the result)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _stamps(inputs: Path, paths: list[Path]) -> dict[str, str]:
    stamps = {}
    for path in paths:
        stat = path.stat()
        stamps[path.relative_to(inputs).as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}"
    return stamps


def outcomes(
    cache: OutcomeCache,
    cfg: Config,
    inputs: Path,
    today: date,
    paths: list[Path],
    memo: Memo,
    stamps: dict[str, str] | None = None,
) -> list[Outcome]:
    """Every file's outcome: from memory, else from the shared cache, else checked now. `stamps`: the
    paths' _stamps when the caller has them."""
    stamps = _stamps(inputs, paths) if stamps is None else stamps
    known = {rel: out for rel, (stamp, out) in memo.outcomes.items() if stamps.get(rel) == stamp}
    rest = [p for p in paths if p.relative_to(inputs).as_posix() not in known]
    if rest:
        found, _, _ = cached_outcomes(rest, inputs, cfg, today, 2, None, cache, threaded=True)
        for path, outcome in zip(rest, found, strict=True):
            rel = path.relative_to(inputs).as_posix()
            known[rel] = outcome
            if not outcome.transient:
                memo.outcomes[rel] = (stamps[rel], outcome)
    return [known[p.relative_to(inputs).as_posix()] for p in paths]


def grid_through(cfg: Config, today: date) -> Period:
    """The last period of the competition year that has ended by today."""
    month = today.month - 1 if today.year == cfg.reporting.year else 12 if today.year > cfg.reporting.year else 0
    period = Period(cfg.reporting.year, max(month, 1))
    if cfg.reporting.frequency == "quarter":
        period = Period(period.year, max(3, period.month // 3 * 3), "quarter")
    return period


@dataclass
class Grid:
    periods: list[Period]
    rows: list[tuple[str, str, list[str]]]  # unit code, unit name, one status per period
    legend: dict[str, str]


def grid(checked: Checked, cfg: Config) -> Grid:
    periods = expected_periods(checked.through) if checked.through else []
    status = {(r["unit"], r["period"]): r["status"] for r in checked.timeliness_rows}
    errors = {(r["unit"], r["period"]) for r in checked.excluded_rows}
    rows = []
    for unit in cfg.units:
        cells = []
        for period in periods:
            key = (unit.code, period.key)
            cells.append(HAS_ERRORS if key in errors else status.get(key) or membership(cfg, unit.code, period) or "")
        rows.append((unit.code, unit.short_name, cells))
    legend = {**LEGEND, HAS_ERRORS: "đã nộp nhưng báo cáo có lỗi, chưa được tổng hợp"}
    return Grid(periods, rows, legend)


def current(cache: OutcomeCache, cfg: Config, inputs: Path, today: date, memo: Memo) -> Checked:
    """The cross-file check of every return in inputs/ as of today; recomputed only when a file or the
    day changed. The lock keeps two requests from checking the same new files at once."""
    with memo.lock:
        paths = discover(inputs)
        stamps = _stamps(inputs, paths)
        book = inputs / layout.RECEIPT_BOOK
        receipts_stamp = f"{book.stat().st_size}:{book.stat().st_mtime_ns}" if book.is_file() else ""
        key = (today, receipts_stamp, tuple(stamps.items()))
        if memo.checked and memo.checked[0] == key:
            return memo.checked[1]
        receipts = read_receipts(inputs, list(stamps), today)
        found = outcomes(cache, cfg, inputs, today, paths, memo, stamps)
        checked = check(found, cfg, today, grid_through(cfg, today), receipts)
        memo.checked = (key, checked)
        return checked
