"""What the chair's office sees: every return in inputs/ (uploaded or dropped there by hand), checked once
and remembered, then the same cross-file check as the CLI's: the submission grid, findings, reminders.

Each file's outcome is cached (as JSON data, intake/stored.py, never a pickle) under its size,
modification time and a fingerprint of the config and the intake code, so a grid of 84 units × 12 months
is a cache read, not a thousand workbooks opened: in SQLite across restarts, and in memory (with the
cross-file result) while the server runs, so that a grid whose files have not changed costs a folder
listing."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from thidua import layout
from thidua.config import Config
from thidua.intake import stored as stored_outcome
from thidua.intake.check import Checked, check
from thidua.intake.completeness import LEGEND, expected_periods, membership
from thidua.intake.read import discover
from thidua.intake.receipts import read_receipts
from thidua.intake.returns import Outcome, check_files
from thidua.periods import Period
from thidua.state.store import Store

HAS_ERRORS = "có lỗi"  # shown over the timeliness status when the return that counts has errors
INTAKE = Path(__file__).resolve().parents[1] / "intake"


def fingerprint(config_path: Path) -> str:
    """Changes whenever the config or the code that judges a file changes: cached outcomes then expire."""
    h = hashlib.sha256(config_path.read_bytes())
    for source in sorted(INTAKE.glob("*.py")):
        h.update(source.read_bytes())
    return h.hexdigest()[:16]


@dataclass
class Memo:
    """What this server process already knows: outcomes by file, and the last cross-file result."""

    outcomes: dict[str, tuple[str, Outcome]] = field(default_factory=dict)  # relative path → (stamp, outcome)
    checked: tuple[object, Checked] | None = None  # (the files' stamps and today, the result)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _stamps(inputs: Path, print_: str) -> dict[str, str]:
    stamps = {}
    for path in discover(inputs):
        stat = path.stat()
        stamps[path.relative_to(inputs).as_posix()] = f"{stat.st_size}:{stat.st_mtime_ns}:{print_}"
    return stamps


def outcomes(store: Store, cfg: Config, inputs: Path, today: date, stamps: dict[str, str], memo: Memo) -> list[Outcome]:
    """Every file's outcome: from memory, else from SQLite, else checked now (and then remembered)."""
    known = {rel: out for rel, (stamp, out) in memo.outcomes.items() if stamps.get(rel) == stamp}
    if len(known) < len(stamps):
        cached = store.cached_outcomes()
        for rel, stamp in stamps.items():
            if rel not in known and cached.get(rel, ("", ""))[0] == stamp:
                try:
                    known[rel] = stored_outcome.loads(cached[rel][1])
                except ValueError:  # an older format, or not ours: checked again below
                    continue
    stale = [rel for rel in stamps if rel not in known]
    for rel, outcome in zip(
        stale, check_files([inputs / r for r in stale], inputs, cfg, today, threaded=True), strict=True
    ):
        known[rel] = outcome
        if not any(f.code == "FILE_FUTURE_PERIOD" for f in outcome.findings):  # that one depends on today
            store.cache_outcome(rel, stamps[rel], stored_outcome.dumps(outcome))
            memo.outcomes[rel] = (stamps[rel], outcome)
    memo.outcomes.update({rel: (stamps[rel], known[rel]) for rel in known if rel not in memo.outcomes})
    return [known[rel] for rel in stamps]


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


def current(store: Store, cfg: Config, inputs: Path, today: date, print_: str, memo: Memo) -> Checked:
    """The cross-file check of every return in inputs/ as of today; recomputed only when a file or the
    day changed. The lock keeps two requests from checking the same new files at once."""
    with memo.lock:
        stamps = _stamps(inputs, print_)
        book = inputs / layout.RECEIPT_BOOK
        receipts_stamp = f"{book.stat().st_size}:{book.stat().st_mtime_ns}" if book.is_file() else ""
        key = (today, receipts_stamp, tuple(stamps.items()))
        if memo.checked and memo.checked[0] == key:
            return memo.checked[1]
        receipts = read_receipts(inputs, list(stamps), today)
        found = outcomes(store, cfg, inputs, today, stamps, memo)
        checked = check(found, cfg, today, grid_through(cfg, today), receipts)
        memo.checked = (key, checked)
        return checked
