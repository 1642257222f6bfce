"""RawBook → Submission: identify the file, then read and check each sheet by the template contract."""

from __future__ import annotations

from datetime import date

from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.figures import read_figures
from thidua.intake.identify import identify
from thidua.intake.read import RawBook
from thidua.intake.submission import Submission
from thidua.intake.texts import read_commendations, read_narratives


def validate_book(book: RawBook, cfg: Config, today: date) -> Submission | Finding:
    """Identify and check one readable workbook; file-level failure comes back as a single Finding."""
    sub = identify(book, cfg, today)
    if isinstance(sub, Finding):
        return sub
    read_figures(sub, cfg)
    read_narratives(sub, cfg)
    read_commendations(sub, cfg)
    return sub
