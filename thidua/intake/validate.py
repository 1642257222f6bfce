"""RawBook → Submission: identify the file, then read and check each sheet by the template contract."""

from __future__ import annotations

from datetime import date

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.figures import read_figures
from thidua.intake.identify import identify
from thidua.intake.profile import read_profile
from thidua.intake.read import RawBook
from thidua.intake.registration import read_registration
from thidua.intake.scoring_book import read_scoring
from thidua.intake.self_score import read_self_score
from thidua.intake.submission import Submission, YearDoc
from thidua.intake.texts import read_commendations, read_narratives

YEAR_READERS = {
    layout.REGISTRATION_ID: read_registration,
    layout.SELF_SCORE_ID: read_self_score,
    layout.SCORING_ID: read_scoring,
    layout.PROFILE_ID: read_profile,
}


def validate_book(book: RawBook, cfg: Config, today: date) -> Submission | Finding:
    """Identify and check one readable workbook; file-level failure comes back as a single Finding."""
    sub = identify(book, cfg, today)
    if isinstance(sub, Finding):
        return sub
    if isinstance(sub, YearDoc):
        YEAR_READERS[sub.kind](sub, cfg)
        return sub
    read_figures(sub, cfg)
    read_narratives(sub, cfg)
    read_commendations(sub, cfg)
    return sub
