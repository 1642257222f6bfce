"""A merged unit's earlier periods, from its predecessors, for the comparison with last year only: where
units A and B became C on a date, a period of the year before the reported one whose month, in the reported
year, falls on or after that date is C's as the sum of what A and B reported (C owes nothing before it
exists, so its own totals never take them). When C already existed and took A and B in (it reported that
period itself), its own figure and theirs are added into its one row for the period: this year's month
counts all three. A period counts only when every predecessor that reports the indicator reported it (and
C, when it was a member then): a missing figure is never zero. Only flows (sum) and stocks (last) are
combined; a rate or a maximum of two units is not their sum, so nothing is compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from thidua.config import Config
from thidua.config.year import Successor

KEYS = ["unit", "code", "year", "month"]
COMBINED = ("sum", "last")


@dataclass(frozen=True)
class Succession:
    """What the report must say: `unit`'s comparison with last year takes `predecessors`' figures."""

    unit: str
    predecessors: tuple[str, ...]
    on: date
    absorbed: bool = False  # `unit` existed before and took them in: its "cùng kỳ" is its own figures and theirs


def _before(frame: pd.DataFrame, on: date) -> pd.Series:
    return pd.Series(
        [date(int(y), int(m), 1) < on for y, m in zip(frame["year"], frame["month"], strict=True)],
        index=frame.index,
        dtype=bool,
    )


def _compared_after(frame: pd.DataFrame, on: date, year: int) -> pd.Series:
    """Rows of the year before `year` whose month, in `year`, is on or after the merge date `on`."""
    return pd.Series(
        [
            int(y) == year - 1 and date(year, int(m), 1) >= on
            for y, m in zip(frame["year"], frame["month"], strict=True)
        ],
        index=frame.index,
        dtype=bool,
    )


def _predecessors_summed(
    figures: pd.DataFrame, merge: Successor, code: str, owing: list[str], year: int
) -> pd.DataFrame:
    """The predecessors' figures of the compared periods, summed per period where every one reported it."""
    rows = figures[(figures["code"] == code) & figures["unit"].isin(owing)]
    rows = rows[_compared_after(rows, merge.on, year) & _before(rows, merge.on)]
    by_period = rows.groupby(["year", "month"]).agg(value=("value", "sum"), units=("unit", "nunique"))
    whole = by_period[by_period["units"] == len(owing)].reset_index()
    return whole.assign(unit=merge.unit, code=code)[[*KEYS, "value"]]


def with_predecessors(figures: pd.DataFrame, cfg: Config, year: int) -> pd.DataFrame:
    """`figures` with each successor's compared periods of the year before `year` taken from its
    predecessors' (added to its own, when it reported them itself)."""
    figures = figures.copy()
    added = []
    for merge in cfg.successors:
        for indicator in cfg.indicators:
            owing = [p for p in merge.predecessors if p in indicator.units]
            if merge.unit not in indicator.units or indicator.rollup not in COMBINED or not owing:
                continue
            summed = _predecessors_summed(figures, merge, indicator.code, owing, year)
            own = figures[(figures["unit"] == merge.unit) & (figures["code"] == indicator.code)]
            own = own[_compared_after(own, merge.on, year) & _before(own, merge.on)]
            for row in summed.itertuples(index=False):
                mine = own[(own["year"] == row.year) & (own["month"] == row.month)]
                first = date(int(row.year), int(row.month), 1)
                if not mine.empty:  # it existed and took them in: one row, all of them
                    figures.loc[mine.index[0], "value"] = mine["value"].iloc[0] + row.value
                elif not _was_member(cfg, merge.unit, first):
                    added.append(pd.DataFrame([row._asdict()]))
            # a compared period the successor owed but did not report is left out: a missing figure is never zero
            not_summed = own[~own.set_index(["year", "month"]).index.isin(summed.set_index(["year", "month"]).index)]
            figures = figures.drop(index=not_summed.index)
    return pd.concat([figures, *added], ignore_index=True) if added else figures


def _was_member(cfg: Config, unit: str, first: date) -> bool:
    """Whether `unit` was a member during the month starting `first`."""
    after = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return cfg.is_member(unit, first, after)


def successions_used(by_unit: pd.DataFrame, cfg: Config, year: int) -> list[Succession]:
    """The merges whose predecessors' figures entered a comparison with last year in these totals."""
    used = []
    for merge in cfg.successors:
        rows = by_unit[(by_unit["unit"] == merge.unit) & (by_unit["matched"] > 0)]
        months = {m for months in rows["matched_months"] for m in months}
        if any(date(year - 1, m, 1) < merge.on <= date(year, m, 1) for m in months):
            since = cfg.unit(merge.unit).member_from
            absorbed = since is None or since < merge.on
            used.append(Succession(merge.unit, tuple(merge.predecessors), merge.on, absorbed))
    return used
