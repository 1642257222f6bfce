"""Read books → validated tidy tables, findings and completeness: the whole 'check' stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from thidua.config import Config
from thidua.findings import Finding, has_errors
from thidua.intake.completeness import TIMELINESS_COLUMNS, choose, reminders, timeliness
from thidua.intake.read import RawBook
from thidua.intake.rules import cross_field, plausibility
from thidua.intake.submission import Submission
from thidua.intake.validate import validate_book
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_NARRATIVES
from thidua.periods import Period

FIGURE_COLUMNS = ["unit", "period", "year", "month", "code", "value", "note", "file", "sheet", "cell"]


@dataclass
class Checked:
    figures: pd.DataFrame  # one row per (unit, period, indicator) that counts; never a missing value as 0
    narratives: pd.DataFrame
    commendations: pd.DataFrame
    timeliness: pd.DataFrame
    diffs: pd.DataFrame
    excluded: pd.DataFrame  # unit, period, file: left out of the totals because of errors
    findings: list[Finding]
    reminders: dict[str, str]
    counted: list[Submission] = field(default_factory=list)  # the chosen submissions without errors
    through: Period | None = None


def _tables(subs: list[Submission]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    figs, nars, coms = [], [], []
    for s in subs:
        base = {
            "unit": s.unit,
            "period": s.period.key,
            "year": s.period.year,
            "month": s.period.month,
            "file": s.book.name,
        }
        figs += [
            {
                **base,
                "code": f["code"],
                "value": f["value"],
                "note": f["note"],
                "sheet": SHEET_FIGURES,
                "cell": f["cell"],
            }
            for f in s.figures
        ]
        nars += [{**base, **n, "sheet": SHEET_NARRATIVES} for n in s.narratives]
        coms += [{**base, **c, "sheet": SHEET_COMMENDATIONS} for c in s.commendations]
    nar_cols = ["unit", "period", "year", "month", "section", "text", "file", "sheet", "cell"]
    com_cols = [
        "unit",
        "period",
        "year",
        "month",
        "form",
        "level",
        "collectives",
        "individuals",
        "note",
        "file",
        "sheet",
        "cell",
    ]
    return (
        pd.DataFrame(figs, columns=FIGURE_COLUMNS),
        pd.DataFrame(nars, columns=nar_cols),
        pd.DataFrame(coms, columns=com_cols),
    )


def latest_period(subs: list[Submission], cfg: Config) -> Period | None:
    current = [s.period for s in subs if s.period.year == cfg.reporting.year]
    return max(current) if current else None


def check(books: list[RawBook], cfg: Config, today: date, through: Period | None = None) -> Checked:
    """Validate every book; one broken file never stops the others."""
    findings: list[Finding] = []
    subs: list[Submission] = []
    for book in books:
        if not book.readable:
            findings += book.findings
            continue
        result = validate_book(book, cfg, today)
        if isinstance(result, Finding):
            findings.append(result)
        else:
            subs.append(result)
    choice = choose(subs)
    findings += choice.findings
    for sub in choice.chosen:
        cross_field(cfg, sub)
    plausibility(cfg, choice.chosen)
    through = through or latest_period(choice.chosen, cfg)
    kept, excluded = [], []
    for sub in choice.chosen:
        findings += sub.findings
        if has_errors(sub.findings):
            excluded.append({"unit": sub.unit, "period": sub.period.key, "file": sub.book.name})
            findings.append(
                Finding(
                    "UNIT_EXCLUDED",
                    f"Báo cáo {sub.period.label} có lỗi nên chưa được đưa vào tổng "
                    "hợp; đơn vị sửa các ô báo lỗi và gửi lại.",
                    sub.unit,
                    sub.period.key,
                    sub.book.name,
                )
            )
        else:
            kept.append(sub)
    table, late = timeliness(cfg, choice.chosen, through) if through else (pd.DataFrame(columns=TIMELINESS_COLUMNS), [])
    findings += late
    figs, nars, coms = _tables(kept)
    return Checked(
        figs,
        nars,
        coms,
        table,
        choice.diffs,
        pd.DataFrame(excluded, columns=["unit", "period", "file"]),
        findings,
        reminders(cfg, table, today),
        kept,
        through,
    )
