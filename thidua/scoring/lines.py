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
from thidua.numbers import fmt_number, fmt_percent, with_measure
from thidua.periods import parse_period
from thidua.scoring import rules
from thidua.strings import and_joined
from thidua.totals.merge import Leader

SELF_KINDS = ("qualitative", "per_occurrence", "bonus", "deduction")


@dataclass
class Line:
    unit: str
    criterion: Criterion
    basis: str = ""  # how thidua computed it, or what the unit cited
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


def _periods(keys: list[str], cfg: Config) -> str:
    return ", ".join(parse_period(k, cfg.reporting.frequency).short_label for k in keys)


def _quantitative(line: Line, cfg: Config, data: Inputs) -> None:
    c, scoring = line.criterion, cfg.year_end.scoring  # type: ignore[union-attr]
    mine = data.figures[(data.figures["unit"] == line.unit) & data.figures["target"].notna()]
    if c.indicator:
        mine = mine[mine["code"] == c.indicator]
    if mine.empty:
        line.basis = "Đơn vị chưa có chỉ tiêu đăng ký kế hoạch năm cho tiêu chí này."
        return
    share, total, parts, gaps = (c.max or rules.ZERO) / len(mine), rules.ZERO, [], []
    for row in mine.itertuples():
        if not row.complete:
            gaps.append(f"{row.label} (thiếu {_periods(row.missing, cfg) or 'kỳ cuối'})")
            continue
        actual, target = _d(row.value), _d(row.target)
        lead = data.leaders.get(row.code)
        leader = _d(lead.value) if lead is not None else None
        points = (
            rules.published(share, actual, target, leader)
            if scoring.rule == "published"  # type: ignore[union-attr]
            else rules.proportional(share, actual, target)
        )
        total += points
        notes = [_share_note(row)] if row.target != row.plan else []
        if target > 0:
            notes.append(fmt_percent(float(actual / target * 100)) + _lead_note(row, lead, data.names))
        shown = f" ({'; '.join(notes)})" if notes else ""
        parts.append(
            f"{row.label}: {fmt_number(row.value)}/{with_measure(fmt_number(row.target), row.measure)}{shown} → "
            f"{fmt_number(float(rules.rounded(points)))}"
        )
    if gaps:
        line.basis = f"Chưa đủ số liệu đến {data.through_label}: " + "; ".join(gaps) + "."
        return
    line.computed = rules.rounded(total)
    line.basis = "; ".join(parts) + f" (mỗi chỉ tiêu tối đa {fmt_number(float(share))} điểm)."


def _lead_note(row: Any, lead: Leader | None, names: dict[str, str]) -> str:
    """', dẫn đầu' for the leader; for a unit above its plan but behind, the value it was measured against
    and whose it is ('so với 3.120 tin, bài của Tỉnh đoàn, đơn vị dẫn đầu')."""
    if lead is None or row.value < row.target:
        return ""
    if row.unit in lead.units:
        return ", dẫn đầu"
    if row.value == row.target:
        return ""
    who = and_joined([names.get(u, u) for u in lead.units])
    return f", so với {with_measure(fmt_number(lead.value), row.measure)} của {who}, đơn vị dẫn đầu"


def _share_note(row: Any) -> str:
    """'11/12 kế hoạch năm 300': where a pro-rated target comes from (a unit's own periods as a member)."""
    return f"{int(row.share_done)}/{int(row.share_whole)} kế hoạch năm {fmt_number(row.plan)}"


def _timeliness(line: Line, data: Inputs) -> None:
    owed = [r for r in data.timeliness if r["unit"] == line.unit]
    counts = Counter(r["status"] for r in owed)
    line.computed = rules.rounded(rules.timeliness(line.criterion, counts[MISSING], counts[LATE]))
    undated = f", {counts[UNDATED]} chưa rõ ngày nộp (tính là đúng hạn)" if counts[UNDATED] else ""
    line.basis = (
        f"{len(owed)} báo cáo phải nộp đến {data.through_label}: {counts[MISSING]} chưa nộp, "
        f"{counts[LATE]} nộp muộn{undated}."
    )


def _from_indicator(line: Line, data: Inputs) -> None:
    c = line.criterion
    rows = data.figures[(data.figures["unit"] == line.unit) & (data.figures["code"] == c.indicator)]
    if rows.empty or not bool(rows["complete"].iloc[0]):
        line.basis = f"Chưa đủ số liệu chỉ tiêu mã {c.indicator} đến {data.through_label}."
        return
    row = rows.iloc[0]
    line.computed = rules.rounded(rules.per_occurrence(c, _d(row["value"])))
    line.basis = (
        f"{row['label']}: {fmt_number(row['value'])} {row['measure']} × {fmt_number(float(c.points or 0))} điểm, "
        f"tối đa {fmt_number(float(c.max or 0))}."
    )


def _self(line: Line, row: dict[str, Any] | None) -> None:
    if row is None:
        return
    line.self_score, line.count, line.evidence = row.get("score"), row.get("count"), row.get("evidence", "")
    if line.computed_kind:
        return
    if line.criterion.kind == "per_occurrence" and line.count is not None:
        line.proposed = rules.rounded(rules.per_occurrence(line.criterion, line.count))
        line.self_score = line.self_score if line.self_score is not None else line.proposed
        line.basis = f"{fmt_number(float(line.count))} lần × {fmt_number(float(line.criterion.points or 0))} điểm"
    else:
        line.proposed = line.self_score


def unit_lines(unit: str, cfg: Config, data: Inputs) -> list[Line]:
    """Every leaf of the scoring table for one unit, in table order."""
    out = []
    for c in cfg.year_end.scoring.leaves():  # type: ignore[union-attr]
        line = Line(unit, c)
        if c.kind == "quantitative":
            _quantitative(line, cfg, data)
        elif c.kind == "timeliness":
            _timeliness(line, data)
        elif c.indicator:
            _from_indicator(line, data)
        _self(line, data.self_rows.get(unit, {}).get(c.code))
        if line.computed_kind:
            line.proposed = line.computed
        adjustment = data.adjustments.get((unit, c.code))
        if adjustment:
            line.adjusted, line.reason = adjustment["score"], adjustment["reason"]
        line.unreasoned = data.unreasoned.get((unit, c.code))
        line.final = line.adjusted if line.adjusted is not None else line.proposed
        out.append(line)
    return out
