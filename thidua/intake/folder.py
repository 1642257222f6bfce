"""A folder of returns → Checked: every file listed, each checked in worker processes, the office's receipt
book read, then the cross-file stage. What the CLI and the tests run; the portal does the same with its
outcomes cached (portal/overview.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from thidua.config import Config
from thidua.intake.check import Checked, check
from thidua.intake.read import discover
from thidua.intake.receipts import read_receipts
from thidua.intake.returns import check_files
from thidua.periods import Period


def check_folder(
    inputs: Path,
    cfg: Config,
    today: date,
    through: Period | None = None,
    jobs: int = 2,
    progress: Callable[[], None] | None = None,
) -> Checked:
    paths = discover(inputs)
    outcomes = check_files(paths, inputs, cfg, today, jobs, progress)
    receipts = read_receipts(inputs, [p.relative_to(inputs).as_posix() for p in paths], today)
    return check(outcomes, cfg, today, through, receipts)
