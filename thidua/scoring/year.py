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
from thidua.numbers import fmt_number
from thidua.periods import Period, PeriodError, parse_period, year_to_date
from thidua.scoring import frozen, lines
from thidua.scoring.frozen import Record
from thidua.scoring.ranking import Candidate, UnitScore, apply_votes, band_of, candidates, rank, targets_met
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


def _line_findings(score: UnitScore, cfg: Config, year: int, has_self: bool) -> list[Finding]:
    name, out = cfg.unit(score.unit).short_name, []
    for line in score.lines:
        if line.computed_kind and line.computed is None and line.adjusted is None:
            message = (
                f"Tiêu chí {line.code} của {name} chưa tính được từ báo cáo. {line.basis} Văn phòng nhập điểm vào "
                f"cột “{layout.ADJUSTED_HEADER}” của cham-diem.xlsx, kèm lý do."
            )
            out.append(Finding("SCORE_NOT_COMPUTED", message, score.unit, str(year)))
    blank = [x.code for x in score.lines if not x.computed_kind and x.proposed is None and x.adjusted is None]
    if not has_self:
        out.append(
            Finding("SELF_SCORE_MISSING", f"{name} chưa gửi bảng tự chấm điểm năm {year}.", score.unit, str(year))
        )
    elif blank:
        message = (
            f"{name} chưa tự chấm các tiêu chí {', '.join(blank)}; Văn phòng nhập điểm điều chỉnh hoặc nhắc đơn vị."
        )
        out.append(Finding("SELF_SCORE_MISSING", message, score.unit, str(year)))
    if score.total is None:
        message = f"Tổng điểm của {name} chưa đủ (còn tiêu chí chưa có điểm) nên chưa xếp loại, xếp hạng."
        out.append(Finding("SCORE_INCOMPLETE", message, score.unit, str(year)))
    return out


def _candidate_findings(found: list[Candidate], cfg: Config, year: int, has_votes: bool) -> list[Finding]:
    out = []
    for award in {c.award.code: c.award for c in found}.values():
        mine = [c for c in found if c.award.code == award.code]
        tied = [c for c in mine if c.tie]
        if tied:
            names = ", ".join(cfg.unit(c.unit).short_name for c in tied)
            points = fmt_number(float(tied[0].total))
            edge = f"ngưỡng {award.quota} suất {award.name}"
            message = f"{names} cùng {points} điểm ở {edge}; {cfg.cluster.word} bỏ phiếu để chọn."
            out.append(Finding("AWARD_TIE", message, period=str(year)))
        passed = [c for c in mine if c.passed]
        if len(passed) > award.quota:
            message = (
                f"{len(passed)} đơn vị đạt tỷ lệ phiếu đề nghị {award.name}, vượt số lượng {award.quota}; "
                "cần bỏ phiếu lại."
            )
            out.append(Finding("AWARD_OVER_QUOTA", message, period=str(year)))
    if found and not has_votes:
        message = "Chưa có kết quả bỏ phiếu trong cham-diem.xlsx (sheet “Bình xét”): biên bản và tờ trình là dự thảo."
        out.append(Finding("VOTES_PENDING", message, period=str(year)))
    return out


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
    cfg: Config, data: lines.Inputs, codes: list[str], params: ScoringYear, record: Record | None
) -> list[UnitScore]:
    """Every scored unit's lines (as the voted record shows them, when given), totals, bands and ranks."""
    units = []
    for code in codes:
        own = lines.unit_lines(code, cfg, data)
        score = UnitScore(code, frozen.keep_recorded(own, record) if record else own)
        score.add_up()
        score.band = band_of(score.total, params.bands) if score.total is not None else ""
        score.targets_met = targets_met(data.figures, code)
        score.self_sent = code in data.self_rows
        units.append(score)
    rank(units)
    return units


def score_year(checked: Checked, cfg: Config, through: Period) -> Scores:
    """Score every unit that is a member at the end of `through`, on the year's data up to it; once the
    meeting has voted, on the lines its workbook recorded (scoring/frozen.py)."""
    assert cfg.year_end and cfg.year_end.scoring, "score_year needs year_end.scoring in the config"
    year = cfg.reporting.year
    params = cfg.year_end.scoring.years[year]
    scored = [u.code for u in cfg.units if cfg.is_member(u.code, through.first_day, through.day_after)]
    data = _inputs(checked, cfg, through, cfg.year_end.scoring.partial_year == "prorate", scored)
    book = checked.documents.get((layout.SCORING_ID, ""))
    facts = dict(book.facts) if book else {}
    record = frozen.voted_record(facts, book.book.name) if book else None
    other_period = book is not None and book.book.meta.get("through", through.key) != through.key
    if other_period:  # the meeting voted on scores to another period: neither its lines nor its votes apply
        record, facts["votes"] = None, []
    reopened = record is not None and frozen.is_reopened(record, params.reopened)
    units = _units(cfg, data, scored, params, None)
    found = candidates(units, params.awards, params.bands)
    findings: list[Finding] = []
    if record and reopened:
        findings.append(frozen.reopened_finding(record, params.reopened, cfg))  # type: ignore[arg-type]
    elif record:
        voted = _units(cfg, data, scored, params, record)
        frozen.voted_targets_met(voted, facts, params.awards)
        voted_found = candidates(voted, params.awards, params.bands)
        findings += frozen.changes_after_vote(voted, units, voted_found, found, record, checked, cfg)
        units, found = voted, voted_found
    votes = {(r["unit"], r["award"]): r["agree"] for r in facts.pop("votes", [])}
    members = facts.get("members")
    apply_votes(found, {} if reopened else votes, members)
    findings += [f for u in units for f in _line_findings(u, cfg, year, u.unit in data.self_rows)]
    findings += _candidate_findings(found, cfg, year, bool(votes) and not reopened)
    standard = float(cfg.year_end.scoring.standard)
    name = book.book.name if book else ""
    scores = Scores(year, through, params, units, found, members, facts, findings, name, standard, data.plan_share)
    scores.voted_on = None if reopened or record is None else record.held
    scores.reopened = params.reopened if reopened else None
    shares = data.figures[data.figures["unit"].isin(scored)]
    scores.joined_midyear = data.plan_share is not None and bool(
        (shares["share_whole"] < (4 if through.freq == "quarter" else 12)).any()
    )
    return scores
