"""Every file's outcome → which copy counts, plausibility, exclusions, timeliness: the cross-file part of
'check'. Results are plain records; the pandas tables the merge stage works on are built only when asked
for, so `check` never pays for importing pandas."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding, has_errors
from thidua.intake.arrival import OFFICE, Arrivals, Receipts, arrival_of, portal_receipt
from thidua.intake.completeness import TIMELINESS_COLUMNS, reminders, timeliness
from thidua.intake.receipts import ReceiptBook
from thidua.intake.resubmission import DIFF_COLUMNS, Choice, choose
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
    arrivals: Arrivals = field(default_factory=dict)  # file name → when it was submitted, on whose word
    chosen: dict[tuple[str, str], str] = field(default_factory=dict)  # (unit, period) → the file that counts
    received_rows: Records = field(default_factory=list)  # files outside the portal: the receipt book's lines
    read_files: list[str] = field(default_factory=list)  # the files read this run (the others came from the cache)
    hashes: dict[str, str] = field(default_factory=dict)  # file name → SHA-256 of its bytes as checked (with a cache)
    # The totals computed from this check, by window and kind (totals/merge.py): an annual run's report and
    # its scoring read the same ones instead of computing them twice.
    merged: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

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


def arrivals(subs: list[Submission], receipts: Receipts, today: date) -> tuple[Arrivals, list[Finding]]:
    """Every identified file's submission time (intake/arrival.py), and the save times that cannot be true."""
    when, findings = {}, []
    for sub in subs:
        earliest = None if isinstance(sub, YearDoc) else sub.period.first_day
        period = str(sub.year) if isinstance(sub, YearDoc) else sub.period.key
        when[sub.book.name], found = arrival_of(sub.book, receipts, earliest, today, sub.unit, period)
        findings += found
    return when, findings


def _received(subs: list[Submission], when: Arrivals, year: int) -> Records:
    """The competition year's files that did not come through the portal, as the receipt book lists them:
    what each is and what is known of when it came (the office's date, the file's own save time). Last
    year's returns are only compared with, never judged on time, so they are not listed."""
    rows = []
    for sub in sorted(subs, key=lambda s: s.book.name):
        if portal_receipt(sub.book.name)[0] is not None or sub.period.year != year:
            continue
        arrival = when[sub.book.name]
        label = f"{layout.YEAR_KINDS[sub.kind]} năm {sub.year}" if isinstance(sub, YearDoc) else sub.period.label
        office = arrival.at if arrival.source == OFFICE else None  # a date the book already holds
        rows.append(
            {"file": sub.book.name, "unit": sub.unit, "period": label, "saved": sub.book.saved, "received": office}
        )
    return rows


def _counting(choice: Choice, documents: Chosen) -> dict[tuple[str, str], str]:
    """(unit, period key) → the file that counts; a year workbook's key is '2023-dang-ky' and the like."""
    counting = {(s.unit, s.period.key): s.book.name for s in choice.chosen}
    return counting | {(d.unit, f"{d.year}-{d.kind.removeprefix('thidua-')}"): d.book.name for d in documents.values()}


def check(
    outcomes: list[Outcome],
    cfg: Config,
    today: date,
    through: Period | None = None,
    receipts: ReceiptBook | None = None,
) -> Checked:
    """The cross-file stage over every file's outcome. One broken file never stops the others.
    `receipts`: the office's receipt book (intake/receipts.py), the first word on when a file came."""
    findings: list[Finding] = [f for o in outcomes for f in o.findings]
    subs = [o.submission for o in outcomes if o.submission is not None]
    book = receipts or ReceiptBook()
    when, timing = arrivals(subs, book.dates, today)
    findings += book.findings + timing
    choice = choose([s for s in subs if not isinstance(s, YearDoc)], when)
    findings += choice.findings
    documents, superseded = latest([s for s in subs if isinstance(s, YearDoc)], when)
    findings += superseded + [f for doc in documents.values() for f in doc.findings]
    target_rows, overridden = targets(documents, cfg)
    findings += overridden + unregistered(documents, cfg, today)
    unusual = plausibility(cfg, choice.chosen)
    through = through or latest_period(choice.chosen, cfg)
    kept, excluded = [], []
    for sub in choice.chosen:
        findings += sub.findings + [f for f in unusual if f.file == sub.book.name]
        if has_errors(sub.findings):
            excluded.append({"unit": sub.unit, "period": sub.period.key, "file": sub.book.name})
            findings.append(_excluded_finding(sub))
        else:
            kept.append(sub)
    table, owed = timeliness(cfg, choice.first, when, through, today) if through else ([], [])
    findings += owed
    figs, nars, coms = _records(kept)
    letters = reminders(cfg, table, today)
    return Checked(
        figs,
        nars,
        coms,
        table,
        choice.diffs,
        excluded,
        findings,
        letters,
        kept,
        through,
        documents,
        target_rows,
        when,
        _counting(choice, documents),
        _received(subs, when, cfg.reporting.year),
    )
