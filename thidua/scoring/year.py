"""The year's scoring, start to finish: lines per unit and criterion, totals, bands, ranks, the award
candidates and the votes, with every finding the chair must act on. A plain function over the check's
results; the CLI writes the workbook and the documents from what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from thidua import layout
from thidua.config import Config
from thidua.config.year import Reopening, ScoringYear
from thidua.findings import Finding
from thidua.intake.check import Checked
from thidua.intake.submission import YearDoc
from thidua.periods import Period, PeriodError, parse_period, year_to_date
from thidua.scoring import frozen, lines
from thidua.scoring.frozen import Record
from thidua.scoring.ranking import Candidate, UnitScore, apply_votes, candidates, rank, targets_met, unit_score
from thidua.scoring.year_findings import candidate_findings, line_findings
from thidua.totals.merge import leaders, merge


@dataclass
class Scores:
    year: int
    through: Period
    params: ScoringYear
    units: list[UnitScore]  # in the config's unit order
    candidates: list[Candidate]
    members: int | None  # all members of the cluster, for the vote's share (from the scoring workbook)
    facts: dict[str, Any] = field(default_factory=dict)  # the meeting: held, place, chair, secretary, present...
    findings: list[Finding] = field(default_factory=list)
    scoring_file: str = ""  # the chair's workbook read back, if any
    standard: float = 0  # the table's scale without bonus and deduction (điểm chuẩn)
    plan_share: tuple[int, int] | None = None  # (11, 12): cumulative plans compared pro rata, or None
    voted_on: datetime | None = None  # the meeting whose record these scores are (None: computed now)
    reopened: Reopening | None = None  # the office's decision to score again after that meeting
    joined_midyear: bool = False  # some scored unit's plan share counts only its own periods as a member

    @property
    def ranked(self) -> list[UnitScore]:
        return sorted((u for u in self.units if u.rank is not None), key=lambda u: u.rank)  # type: ignore[arg-type,return-value]

    @property
    def data_note(self) -> str:
        """'tháng 11 năm 2023, chỉ tiêu cộng dồn so với 11/12 kế hoạch năm': what the scores stand on."""
        if self.plan_share is None:
            return self.through.label
        done, whole = self.plan_share
        note = f"{self.through.label}, chỉ tiêu cộng dồn so với {done}/{whole} kế hoạch năm"
        return note + (" (đơn vị vào giữa năm: theo số kỳ là thành viên)" if self.joined_midyear else "")

    @property
    def voted(self) -> bool:
        """Every candidate's vote is in and judged (a vote without the number of members is not)."""
        return bool(self.candidates) and all(c.passed is not None for c in self.candidates)

    @property
    def final(self) -> bool:
        """Every unit has a total, every candidate a vote, no quota exceeded: the documents can be signed."""
        over = any(f.code == "AWARD_OVER_QUOTA" for f in self.findings)
        return self.voted and all(u.total is not None for u in self.units) and not over

    def unit(self, code: str) -> UnitScore:
        return next(u for u in self.units if u.unit == code)


def _plan_share(prorate: bool, periods: list[Period]) -> tuple[int, int] | None:
    """(periods passed, periods in the year) when cumulative plans are compared pro rata, else None."""
    done, whole = len(periods), 4 if periods[-1].freq == "quarter" else 12
    return (done, whole) if prorate and done < whole else None


def _member_shares(cfg: Config, periods: list[Period]) -> pd.DataFrame:
    """unit, share_done, share_whole: the periods so far and in the whole year in which the unit is a
    member, so a unit that joined on 01/04 compares 8 of its 9 months' plan by November, not 11/12 of it."""
    last = periods[-1]
    year = year_to_date(Period(last.year, 12, last.freq))

    def member_periods(code: str, group: list[Period]) -> int:
        return sum(cfg.is_member(code, p.first_day, p.day_after) for p in group)

    rows = [(u.code, member_periods(u.code, periods), member_periods(u.code, year)) for u in cfg.units]
    return pd.DataFrame(rows, columns=["unit", "share_done", "share_whole"])


def _prorated(figures: pd.DataFrame, cfg: Config, periods: list[Period], prorate: bool) -> pd.DataFrame:
    """`plan` keeps the registered yearly plan; `target`, what the year so far is compared with, is its
    share for the unit's periods as a member so far, on cumulative indicators (a stock's plan, and a
    rate's, is a level: kept whole)."""
    figures = figures.assign(plan=figures["target"]).merge(_member_shares(cfg, periods), on="unit", how="left")
    if prorate:
        cut = (figures["rollup"] == "sum") & (figures["share_done"] < figures["share_whole"])
        part = figures.loc[cut]
        figures.loc[cut, "target"] = part["plan"] * part["share_done"] / part["share_whole"]
    return figures


def _inputs(checked: Checked, cfg: Config, through: Period, prorate: bool, scored: list[str]) -> lines.Inputs:
    periods = year_to_date(through)
    share = _plan_share(prorate, periods)
    figures = _prorated(merge(checked, cfg, periods, "nam").by_unit, cfg, periods, share is not None)
    keys = {p.key for p in periods}
    owed = [r for r in checked.timeliness_rows if r["period"] in keys]
    self_rows = {
        unit: {r["code"]: r for r in doc.rows}
        for (kind, unit), doc in checked.documents.items()
        if kind == layout.SELF_SCORE_ID
    }
    book = checked.documents.get((layout.SCORING_ID, ""))
    adjustments = {(r["unit"], r["code"]): r for r in book.rows if r.get("score") is not None} if book else {}
    best = leaders(figures, among=scored)  # a unit no longer scored never sets the bar
    names = {u.code: u.short_name for u in cfg.units}
    unreasoned = book.facts.get("unreasoned", {}) if book else {}
    return lines.Inputs(figures, owed, self_rows, adjustments, through.label, best, share, names, unreasoned)


def scoring_through(checked: Checked, cfg: Config) -> Period | None:
    """The period the office's scoring workbook was made on, if one is in the inputs: its scores are the
    ones the meeting voted on, so later months do not change them unless the office scores again."""
    book = checked.documents.get((layout.SCORING_ID, ""))
    key = book.book.meta.get("through", "") if book else ""
    try:
        return parse_period(key, cfg.reporting.frequency) if key else None
    except PeriodError:
        return None


def _units(
    cfg: Config, data: lines.Inputs, codes: list[str], params: ScoringYear, record: Record | None, met: set[str]
) -> list[UnitScore]:
    """Every scored unit's lines (as the voted record shows them, when given), totals, bands and ranks;
    `met`: units taken to have met every target (the meeting voted them an award that requires it)."""
    units = []
    for code in codes:
        own = lines.unit_lines(code, cfg, data)
        kept = frozen.keep_recorded(own, record) if record else own
        reached = True if code in met else targets_met(data.figures, code)
        units.append(unit_score(code, kept, params.bands, reached, code in data.self_rows))
    return rank(units)


def _joined_midyear(data: lines.Inputs, scored: list[str], through: Period) -> bool:
    """Some scored unit's plan share counts only its own periods as a member."""
    shares = data.figures[data.figures["unit"].isin(scored)]
    whole = 4 if through.freq == "quarter" else 12
    return data.plan_share is not None and bool((shares["share_whole"] < whole).any())


def score_year(checked: Checked, cfg: Config, through: Period, office: YearDoc | None = None) -> Scores:
    """Score every unit that is a member at the end of `through`, on the year's data up to it; once the
    meeting has voted, on the lines its workbook recorded (scoring/frozen.py). `office`: the office's own
    latest scoring workbook, for the board when the office has not put one back in inputs/: its lines
    as it wrote them, never scored again on later data."""
    assert cfg.year_end and cfg.year_end.scoring, "score_year needs year_end.scoring in the config"
    year = cfg.reporting.year
    params = cfg.year_end.scoring.years[year]
    scored = [u.code for u in cfg.units if cfg.is_member(u.code, through.first_day, through.day_after)]
    data = _inputs(checked, cfg, through, cfg.year_end.scoring.partial_year == "prorate", scored)
    book = checked.documents.get((layout.SCORING_ID, ""))
    taken = book is None and office is not None
    book = office if taken else book
    facts = dict(book.facts) if book else {}
    record = None if book is None else (frozen.office_record if taken else frozen.voted_record)(facts, book.book.name)
    other_period = book is not None and book.book.meta.get("through", through.key) != through.key
    if other_period:  # the meeting voted on scores to another period: neither its lines nor its votes apply
        record, facts["votes"] = None, []
    reopened = record is not None and frozen.is_reopened(record, params.reopened)
    units = _units(cfg, data, scored, params, None, set())
    found = candidates(units, params.awards, params.bands)
    findings: list[Finding] = []
    if record and reopened:
        findings.append(frozen.reopened_finding(record, params.reopened, cfg))  # type: ignore[arg-type]
    elif record:
        voted = _units(cfg, data, scored, params, record, frozen.voted_targets_met(facts, params.awards))
        voted_found = candidates(voted, params.awards, params.bands)
        if record.held is not None:
            findings += frozen.changes_after_vote(voted, units, voted_found, found, record, checked, cfg)
        units, found = voted, voted_found
    votes = {(r["unit"], r["award"]): r["agree"] for r in facts.pop("votes", [])}
    members = facts.get("members")
    found = apply_votes(found, {} if reopened else votes, members)
    findings += [f for u in units for f in line_findings(u, cfg, year, u.unit in data.self_rows)]
    findings += candidate_findings(found, cfg, year, bool(votes) and not reopened)
    return Scores(
        year,
        through,
        params,
        units,
        found,
        members,
        facts,
        findings,
        scoring_file=book.book.name if book else "",
        standard=float(cfg.year_end.scoring.standard),
        plan_share=data.plan_share,
        voted_on=None if reopened or record is None else record.held,
        reopened=params.reopened if reopened else None,
        joined_midyear=_joined_midyear(data, scored, through),
    )
