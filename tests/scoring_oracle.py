"""The scoring rules written again, from the README and the domain note, not from thidua's code: exact
fractions, plain Python, no pandas. Tests compare thidua with these on generated and on real data."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def cents(value: Fraction) -> Decimal:
    """Round half up to 0,01 (as Vietnamese tables do), from an exact fraction."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def published(top: Fraction, actual: Fraction, target: Fraction, best_above: Fraction | None) -> Fraction:
    """Below the plan: half the maximum times the share achieved. At the plan: half. The leader (the best
    result of all units that passed their own plan) gets the maximum; another unit above its plan gets
    half plus half of the way from its plan to the leader's result."""
    if actual < target:
        return top / 2 * actual / target
    if actual == target:
        return top / 2
    if best_above is None or actual == best_above:
        return top
    return top / 2 + top / 2 * (actual - target) / (best_above - target)


def proportional(top: Fraction, actual: Fraction, target: Fraction) -> Fraction:
    if target == 0:
        return top
    return min(top, top * actual / target)


def leader(results: list[tuple[Fraction, Fraction]]) -> Fraction | None:
    """(actual, target) of every unit with full data → the best actual among those above their target."""
    above = [a for a, t in results if a > t]
    return max(above) if above else None


def steps(rungs: list[tuple[int, int, Fraction]], missing: int, late: int) -> Fraction:
    for most_missing, most_late, points in rungs:
        if missing <= most_missing and late <= most_late:
            return points
    return Fraction(0)


def per_report(top: Fraction, per_late: Fraction, per_missing: Fraction, missing: int, late: int) -> Fraction:
    return max(Fraction(0), top - per_late * late - per_missing * missing)


def occurrences(points: Fraction, count: int, top: Fraction) -> Fraction:
    return min(top, points * count)


def ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    """1 + the number of units with a strictly higher total (1, 2, 2, 4)."""
    return {u: 1 + sum(1 for v in totals.values() if v > t) for u, t in totals.items()}


def band(total: Decimal, bands: list[tuple[str, Decimal]]) -> str:
    for label, lowest in sorted(bands, key=lambda b: b[1], reverse=True):
        if total >= lowest:
            return label
    return ""


def carried(agree: int, members: int, share: Fraction) -> bool:
    """At least `share` of ALL members: agree / members >= share, in whole numbers."""
    return agree * share.denominator >= share.numerator * members
