"""Per unit and criterion: what thidua computes from the year's returns (registered targets, timeliness,
counts taken from an indicator), what the unit scored itself, what the chair adjusted, and the final
score. A line without a score stays None: it is never counted as zero."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from thidua.config import Config
from thidua.config.year import COMPUTED_KINDS, Criterion
from thidua.intake.completeness import LATE, MISSING, UNDATED
from thidua.numbers import percent
from thidua.periods import parse_period
from thidua.scoring import rules
from thidua.scoring.basis import (
    AgainstPlan,
    Basis,
    DataMissing,
    FromIndicator,
    Gap,
    IndicatorMissing,
    Lead,
    NoPlan,
    Occurrences,
    PlanRow,
    Timeliness,
)
from thidua.totals.merge import Leader

SELF_KINDS = ("qualitative", "per_occurrence", "bonus", "deduction")


@dataclass(frozen=True)
class Line:
    unit: str
    criterion: Criterion
    basis: Basis | None = None  # how thidua computed it (facts; words/basis.py says them), or None
    computed: Decimal | None = None  # thidua's figure (computed lines only)
    self_score: Decimal | None = None  # what the unit wrote in its self-scoring
    count: Decimal | None = None  # occurrences the unit declared (per-occurrence lines)
    evidence: str = ""
    proposed: Decimal | None = None  # the cluster's score before the chair's adjustment
    adjusted: Decimal | None = None
    reason: str = ""
    final: Decimal | None = None
    unreasoned: Decimal | None = None  # an adjustment typed without its reason: kept as typed, not applied

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def computed_kind(self) -> bool:
        return self.criterion.kind in COMPUTED_KINDS or bool(self.criterion.indicator)


@dataclass
class Inputs:
    """Everything the lines are computed from, gathered once per year."""

    figures: pd.DataFrame  # by_unit over the year to date: unit, code, value, complete, missing, target, ...
    timeliness: list[dict[str, Any]]  # every report owed this year so far, with its status
    self_rows: dict[str, dict[str, dict[str, Any]]]  # unit → criterion code → the unit's row
    adjustments: dict[tuple[str, str], dict[str, Any]]  # (unit, criterion code) → the chair's row
    through_label: str  # "tháng 12 năm 2023": how far the figures go
    leaders: dict[str, Leader] = field(default_factory=dict)  # indicator → the leading result among the scored
    plan_share: tuple[int, int] | None = None  # (11, 12): cumulative plans compared pro rata
    names: dict[str, str] = field(default_factory=dict)  # unit code → short name, for the basis text
    unreasoned: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (unit, code) → typed, no reason


def _d(value: float) -> Decimal:
    return Decimal(str(value))


def _periods(keys: list[str], cfg: Config) -> tuple[str, ...]:
    return tuple(parse_period(k, cfg.reporting.frequency).short_label for k in keys)


Computed = tuple[Decimal | None, Basis | None]  # a computed line's points (None: not computable) and basis


def _quantitative(unit: str, c: Criterion, cfg: Config, data: Inputs) -> Computed:
    scoring = cfg.year_end.scoring  # type: ignore[union-attr]
    mine = data.figures[(data.figures["unit"] == unit) & data.figures["target"].notna()]
    if c.indicator:
        mine = mine[mine["code"] == c.indicator]
    if mine.empty:
        return None, NoPlan()
    share = (c.max or rules.ZERO) / len(mine)
    gaps = tuple(Gap(r.label, _periods(r.missing, cfg)) for r in mine.itertuples() if not r.complete)
    if gaps:
        return None, DataMissing(data.through_label, gaps)
    rows, total = [], rules.ZERO
    for row in mine.itertuples():
        actual, target = _d(row.value), _d(row.target)
        lead = data.leaders.get(row.code)
        leader = _d(lead.value) if lead is not None else None
        points = (
            rules.published(share, actual, target, leader)
            if scoring.rule == "published"  # type: ignore[union-attr]
            else rules.proportional(share, actual, target)
        )
        total += points  # rounded once, for the line: each row's rounding is for its words only
        rows.append(_plan_row(row, points, lead, data.names))
    return rules.rounded(total), AgainstPlan(tuple(rows), share)


def _plan_row(row: Any, points: Decimal, lead: Leader | None, names: dict[str, str]) -> PlanRow:
    """The facts of one indicator's comparison: `behind` names the leader for a unit above its plan but
    behind it (the value it was measured against)."""
    share = (int(row.share_done), int(row.share_whole)) if row.target != row.plan else None
    leads = lead is not None and row.value >= row.target and row.unit in lead.units
    behind = None
    if lead is not None and row.value > row.target and not leads:
        behind = Lead(lead.value, tuple(names.get(u, u) for u in lead.units))
    ratio = percent(_d(row.value), _d(row.target)) if row.target > 0 else None
    points = rules.rounded(points)
    return PlanRow(row.label, row.measure, row.value, row.target, row.plan, share, ratio, leads, behind, points)


def _timeliness(unit: str, c: Criterion, data: Inputs) -> Computed:
    owed = [r for r in data.timeliness if r["unit"] == unit]
    counts = Counter(r["status"] for r in owed)
    points = rules.rounded(rules.timeliness(c, counts[MISSING], counts[LATE]))
    return points, Timeliness(data.through_label, len(owed), counts[MISSING], counts[LATE], counts[UNDATED])


def _from_indicator(unit: str, c: Criterion, data: Inputs) -> Computed:
    rows = data.figures[(data.figures["unit"] == unit) & (data.figures["code"] == c.indicator)]
    if rows.empty or not bool(rows["complete"].iloc[0]):
        return None, IndicatorMissing(c.indicator or "", data.through_label)
    row = rows.iloc[0]
    each, most = c.points or rules.ZERO, c.max or rules.ZERO
    basis = FromIndicator(row["label"], row["measure"], float(row["value"]), each, most)
    return rules.rounded(rules.per_occurrence(c, _d(row["value"]))), basis


def _computed(unit: str, c: Criterion, cfg: Config, data: Inputs) -> Computed:
    if c.kind == "quantitative":
        return _quantitative(unit, c, cfg, data)
    if c.kind == "timeliness":
        return _timeliness(unit, c, data)
    if c.indicator:
        return _from_indicator(unit, c, data)
    return None, None


def _line(unit: str, c: Criterion, cfg: Config, data: Inputs) -> Line:
    computed, basis = _computed(unit, c, cfg, data)
    row = data.self_rows.get(unit, {}).get(c.code) or {}
    self_score, count = row.get("score"), row.get("count")
    computed_kind = c.kind in COMPUTED_KINDS or bool(c.indicator)
    if computed_kind:
        proposed = computed
    elif c.kind == "per_occurrence" and count is not None:
        proposed = rules.rounded(rules.per_occurrence(c, count))
        self_score = self_score if self_score is not None else proposed
        basis = Occurrences(count, c.points or rules.ZERO)
    else:
        proposed = self_score
    adjustment = data.adjustments.get((unit, c.code)) or {}
    adjusted, reason = adjustment.get("score"), adjustment.get("reason", "")
    final = adjusted if adjusted is not None else proposed
    unreasoned = data.unreasoned.get((unit, c.code))
    evidence = row.get("evidence", "")
    return Line(unit, c, basis, computed, self_score, count, evidence, proposed, adjusted, reason, final, unreasoned)


def unit_lines(unit: str, cfg: Config, data: Inputs) -> list[Line]:
    """Every leaf of the scoring table for one unit, in table order."""
    return [_line(unit, c, cfg, data) for c in cfg.year_end.scoring.leaves()]  # type: ignore[union-attr]
