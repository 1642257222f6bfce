"""A merged unit's earlier periods, from its predecessors: where units A and B became C on a date, each
period before that date is C's as the sum of what A and B reported, for the comparison with last year
only (C owes nothing before it exists, so its own totals never take them). A period counts only when every
predecessor that reports the indicator reported it: a missing figure is never zero. Only flows (sum) and
stocks (last) are combined; a rate or a maximum of two units is not their sum, so nothing is compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from thidua.config import Config

KEYS = ["unit", "code", "year", "month"]
COMBINED = ("sum", "last")


@dataclass(frozen=True)
class Succession:
    """What the report must say: `unit`'s comparison with last year takes `predecessors`' figures."""

    unit: str
    predecessors: tuple[str, ...]
    on: date


def _before(frame: pd.DataFrame, on: date) -> pd.Series:
    return pd.Series(
        [date(int(y), int(m), 1) < on for y, m in zip(frame["year"], frame["month"], strict=True)],
        index=frame.index,
        dtype=bool,
    )


def with_predecessors(figures: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """`figures` with each successor's earlier periods added from its predecessors' (where it has none)."""
    added = []
    for merge in cfg.successors:
        for indicator in cfg.indicators:
            owing = [p for p in merge.predecessors if p in indicator.units]
            if merge.unit not in indicator.units or indicator.rollup not in COMBINED or not owing:
                continue
            rows = figures[(figures["code"] == indicator.code) & figures["unit"].isin(owing)]
            rows = rows[_before(rows, merge.on)]
            by_period = rows.groupby(["year", "month"]).agg(value=("value", "sum"), units=("unit", "nunique"))
            whole = by_period[by_period["units"] == len(owing)].reset_index()
            added.append(whole.assign(unit=merge.unit, code=indicator.code)[[*KEYS, "value"]])
    if not added:
        return figures
    extra = pd.concat(added, ignore_index=True)
    own = figures[KEYS].drop_duplicates()
    extra = extra.merge(own, on=KEYS, how="left", indicator=True)
    extra = extra[extra["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([figures, extra], ignore_index=True)


def successions_used(by_unit: pd.DataFrame, cfg: Config, year: int) -> list[Succession]:
    """The merges whose predecessors' figures entered a comparison with last year in these totals."""
    used = []
    for merge in cfg.successors:
        rows = by_unit[(by_unit["unit"] == merge.unit) & (by_unit["matched"] > 0)]
        months = {m for months in rows["matched_months"] for m in months}
        if any(date(year - 1, m, 1) < merge.on for m in months):
            used.append(Succession(merge.unit, tuple(merge.predecessors), merge.on))
    return used
