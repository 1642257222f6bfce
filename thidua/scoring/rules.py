"""The scoring rules, one function each, in exact decimal arithmetic; points are rounded half up to two
decimals once per line, so that every total a user reads is the sum of the lines they read."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from thidua.config.year import Criterion

CENT = Decimal("0.01")
ZERO = Decimal(0)


def rounded(points: Decimal) -> Decimal:
    return points.quantize(CENT, rounding=ROUND_HALF_UP)


def published(top: Decimal, actual: Decimal, target: Decimal, leader: Decimal | None) -> Decimal:
    """The published rule: below target ½·max·actual/target; at target ½·max; the cluster's leader on the
    indicator (highest actual among those above target; ties all lead) the max; above target but behind
    the leader, from ½·max towards max by (actual − target)/(leader − target)."""
    half = top / 2
    if actual < target:
        return half * actual / target
    if actual == target:
        return half
    if leader is None or actual >= leader:
        return top
    return half + half * (actual - target) / (leader - target)


def proportional(top: Decimal, actual: Decimal, target: Decimal) -> Decimal:
    """max·actual/target, never above max (a target of 0 is met by any result)."""
    return top if target <= 0 or actual >= target else top * actual / target


def timeliness(c: Criterion, missing: int, late: int) -> Decimal:
    """Steps: the first rung (from the top) whose limits the unit is within; none: 0. Otherwise the max
    less per_late for each late report and per_missing for each report not sent, never below 0."""
    top = c.max or ZERO
    if c.steps:
        return next((s.points for s in c.steps if missing <= s.missing and late <= s.late), ZERO)
    lost = (c.per_late or ZERO) * late + (c.per_missing or ZERO) * missing
    return max(ZERO, top - lost)


def per_occurrence(c: Criterion, count: Decimal) -> Decimal:
    """points × occurrences, capped at the line's max."""
    return min(c.max or ZERO, (c.points or ZERO) * count)
