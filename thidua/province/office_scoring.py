"""A cluster's own latest scoring, as the board takes it before the cluster has voted: the scoring workbook
(cham-diem.xlsx) its office last produced, in its outputs/ or among the portal's builds. The board never
scores a cluster itself; a cluster whose office has not scored is "not scored"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from thidua import layout
from thidua.config import Config
from thidua.intake.read import read_book
from thidua.intake.submission import YearDoc
from thidua.intake.validate import validate_book
from thidua.periods import Period, PeriodError, parse_period

SCORING_FILE = "cham-diem.xlsx"


@dataclass(frozen=True)
class OfficeScoring:
    """The workbook, where it is and when it was written (to notice a newer one)."""

    doc: YearDoc
    through: Period  # the period it was scored on
    path: Path
    written: float  # its modification time


def found(folders: list[Path]) -> list[tuple[Path, float]]:
    """Every scoring workbook in `folders`, with its modification time: what decides whether to read again."""
    out = []
    for folder in folders:
        if folder.is_dir():
            out += [(path, path.stat().st_mtime) for path in folder.glob(f"**/{SCORING_FILE}") if path.is_file()]
    return sorted(out)


def latest_scoring(files: list[tuple[Path, float]], cfg: Config, today: date) -> OfficeScoring | None:
    """The office's latest scoring of the year: of the readable workbooks of this cluster and year, the one
    on the latest period, the most recently written among those."""
    best: tuple[tuple[str, float], OfficeScoring] | None = None
    for path, written in files:
        doc = validate_book(read_book(path, path.parent), cfg, today)
        if not isinstance(doc, YearDoc) or doc.kind != layout.SCORING_ID or doc.book.findings:
            continue
        try:
            through = parse_period(doc.book.meta.get("through", ""), cfg.reporting.frequency)
        except PeriodError:
            continue
        if through.year == cfg.reporting.year and (best is None or (through.key, written) > best[0]):
            best = ((through.key, written), OfficeScoring(doc, through, path, written))
    return best[1] if best else None
