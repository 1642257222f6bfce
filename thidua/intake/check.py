"""Every file's outcome → which copy counts, plausibility, exclusions, timeliness: the cross-file part of
'check'. Results are plain records; the pandas tables the merge stage works on are built only when asked
for, so `check` never pays for importing pandas."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua.config import Config
from thidua.findings import Finding, has_errors
from thidua.intake.completeness import TIMELINESS_COLUMNS, reminders, timeliness
from thidua.intake.resubmission import DIFF_COLUMNS, choose
from thidua.intake.returns import Outcome
from thidua.intake.rules import plausibility
from thidua.intake.submission import Submission, YearDoc
from thidua.intake.yeardocs import Chosen, latest, targets, unregistered
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_NARRATIVES
from thidua.periods import Period

FIGURE_COLUMNS = ["unit", "period", "year", "month", "code", "value", "note", "file", "sheet", "cell"]
NARRATIVE_COLUMNS = ["unit", "period", "year", "month", "section", "text", "file", "sheet", "cell"]
COMMENDATION_COLUMNS = ["unit", "period", "year", "month", "form", "level", "collectives", "individuals", "note"]
COMMENDATION_COLUMNS += ["file", "sheet", "cell"]
EXCLUDED_COLUMNS = ["unit", "period", "file"]
Records = list[dict[str, Any]]


def _frame(rows: Records, columns: list[str]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


@dataclass
class Checked:
    figure_rows: Records  # one per (unit, period, indicator) that counts; never a missing value as 0
    narrative_rows: Records
    commendation_rows: Records
    timeliness_rows: Records  # every report owed up to `through`, with its status
    diff_rows: Records
    excluded_rows: Records  # unit, period, file: left out of the totals because of errors
    findings: list[Finding]
    reminders: dict[str, str]
    counted: list[Submission] = field(default_factory=list)  # the chosen submissions without errors
    through: Period | None = None
    documents: Chosen = field(default_factory=dict)  # the year's workbooks that count, by (kind, unit)
    target_rows: Records | None = None  # unit, code, target, source, file, cell; None: config.yaml's only

    @functools.cached_property
    def figures(self) -> Any:
        return _frame(self.figure_rows, FIGURE_COLUMNS)

    @functools.cached_property
    def narratives(self) -> Any:
        return _frame(self.narrative_rows, NARRATIVE_COLUMNS)

    @functools.cached_property
    def commendations(self) -> Any:
        return _frame(self.commendation_rows, COMMENDATION_COLUMNS)

    @functools.cached_property
    def timeliness(self) -> Any:
        return _frame(self.timeliness_rows, TIMELINESS_COLUMNS)

    @functools.cached_property
    def diffs(self) -> Any:
        return _frame(self.diff_rows, DIFF_COLUMNS)

    @functools.cached_property
    def excluded(self) -> Any:
        return _frame(self.excluded_rows, EXCLUDED_COLUMNS)


def _records(subs: list[Submission]) -> tuple[Records, Records, Records]:
    figs, nars, coms = [], [], []
    for s in subs:
        base = {"unit": s.unit, "period": s.period.key, "year": s.period.year, "month": s.period.month}
        base["file"] = s.book.name
        figs += [{**base, **f, "sheet": SHEET_FIGURES} for f in s.figures]
        nars += [{**base, **n, "sheet": SHEET_NARRATIVES} for n in s.narratives]
        coms += [{**base, **c, "sheet": SHEET_COMMENDATIONS} for c in s.commendations]
    return figs, nars, coms


def latest_period(subs: list[Submission], cfg: Config) -> Period | None:
    current = [s.period for s in subs if s.period.year == cfg.reporting.year]
    return max(current) if current else None


def _excluded_finding(sub: Submission) -> Finding:
    message = f"Báo cáo {sub.period.label} có lỗi nên chưa được đưa vào tổng hợp; đơn vị sửa các ô báo lỗi và gửi lại."
    return Finding("UNIT_EXCLUDED", message, sub.unit, sub.period.key, sub.book.name)


def check(outcomes: list[Outcome], cfg: Config, today: date, through: Period | None = None) -> Checked:
    """The cross-file stage over every file's outcome. One broken file never stops the others."""
    findings: list[Finding] = [f for o in outcomes for f in o.findings]
    subs = [o.submission for o in outcomes if o.submission is not None]
    choice = choose([s for s in subs if not isinstance(s, YearDoc)])
    findings += choice.findings
    documents, superseded = latest([s for s in subs if isinstance(s, YearDoc)])
    findings += superseded + [f for doc in documents.values() for f in doc.findings]
    target_rows, overridden = targets(documents, cfg)
    findings += overridden + unregistered(documents, cfg, today)
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
    table, owed = timeliness(cfg, choice.first, through, today) if through else ([], [])
    findings += owed
    figs, nars, coms = _records(kept)
    letters = reminders(cfg, table, today)
    return Checked(
        figs, nars, coms, table, choice.diffs, excluded, findings, letters, kept, through, documents, target_rows
    )
