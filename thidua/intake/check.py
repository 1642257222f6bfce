"""Read books → validated tidy tables, findings and completeness: the whole 'check' stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from thidua.config import Config
from thidua.findings import Finding, has_errors
from thidua.intake.completeness import TIMELINESS_COLUMNS, reminders, timeliness
from thidua.intake.resubmission import choose
from thidua.intake.returns import Outcome
from thidua.intake.rules import plausibility
from thidua.intake.submission import Submission
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_NARRATIVES
from thidua.periods import Period

FIGURE_COLUMNS = ["unit", "period", "year", "month", "code", "value", "note", "file", "sheet", "cell"]
NARRATIVE_COLUMNS = ["unit", "period", "year", "month", "section", "text", "file", "sheet", "cell"]
COMMENDATION_COLUMNS = ["unit", "period", "year", "month", "form", "level", "collectives", "individuals", "note"]
COMMENDATION_COLUMNS += ["file", "sheet", "cell"]
EXCLUDED_COLUMNS = ["unit", "period", "file"]


@dataclass
class Checked:
    figures: pd.DataFrame  # one row per (unit, period, indicator) that counts; never a missing value as 0
    narratives: pd.DataFrame
    commendations: pd.DataFrame
    timeliness: pd.DataFrame  # every report owed up to `through`, with its status
    diffs: pd.DataFrame
    excluded: pd.DataFrame  # unit, period, file: left out of the totals because of errors
    findings: list[Finding]
    reminders: dict[str, str]
    counted: list[Submission] = field(default_factory=list)  # the chosen submissions without errors
    through: Period | None = None


def _tables(subs: list[Submission]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    figs, nars, coms = [], [], []
    for s in subs:
        base = {"unit": s.unit, "period": s.period.key, "year": s.period.year, "month": s.period.month}
        base["file"] = s.book.name
        figs += [{**base, **f, "sheet": SHEET_FIGURES} for f in s.figures]
        nars += [{**base, **n, "sheet": SHEET_NARRATIVES} for n in s.narratives]
        coms += [{**base, **c, "sheet": SHEET_COMMENDATIONS} for c in s.commendations]
    return (
        pd.DataFrame(figs, columns=FIGURE_COLUMNS),
        pd.DataFrame(nars, columns=NARRATIVE_COLUMNS),
        pd.DataFrame(coms, columns=COMMENDATION_COLUMNS),
    )


def latest_period(subs: list[Submission], cfg: Config) -> Period | None:
    current = [s.period for s in subs if s.period.year == cfg.reporting.year]
    return max(current) if current else None


def _excluded_finding(sub: Submission) -> Finding:
    message = f"Báo cáo {sub.period.label} có lỗi nên chưa được đưa vào tổng hợp; đơn vị sửa các ô báo lỗi và gửi lại."
    return Finding("UNIT_EXCLUDED", message, sub.unit, sub.period.key, sub.book.name)


def check(outcomes: list[Outcome], cfg: Config, today: date, through: Period | None = None) -> Checked:
    """The cross-file stage over every file's outcome: which copy counts, plausibility, exclusions,
    timeliness. One broken file never stops the others."""
    findings: list[Finding] = [f for o in outcomes for f in o.findings]
    subs = [o.submission for o in outcomes if o.submission is not None]
    choice = choose(subs)
    findings += choice.findings
    plausibility(cfg, choice.chosen)
    through = through or latest_period(choice.chosen, cfg)
    kept, excluded = [], []
    for sub in choice.chosen:
        findings += sub.findings
        if has_errors(sub.findings):
            excluded.append({"unit": sub.unit, "period": sub.period.key, "file": sub.book.name})
            findings.append(_excluded_finding(sub))
        else:
            kept.append(sub)
    table, owed = timeliness(cfg, choice.chosen, through, today) if through else (None, [])
    findings += owed
    table = table if table is not None else pd.DataFrame(columns=TIMELINESS_COLUMNS)
    figs, nars, coms = _tables(kept)
    excluded_table = pd.DataFrame(excluded, columns=EXCLUDED_COLUMNS)
    letters = reminders(cfg, table, today)
    return Checked(figs, nars, coms, table, choice.diffs, excluded_table, findings, letters, kept, through)
