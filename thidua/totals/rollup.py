"""Per unit and indicator: the value over the periods the unit owed, by the indicator's rule, with its
coverage; and the same roll-up on the months that both years have, for the comparison with last year.

Rules: `sum` adds the reported periods (a flow); `max` takes the largest; `mean` averages the reported
periods (a rate reported each period); `last` (a stock) takes the value
of the unit's final owed period, and is empty when that period was not reported: a March stock is
never shown as June's. Missing is never zero: a pair with nothing reported has no value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from thidua.config import Config
from thidua.periods import Period

KEYS = ["unit", "code"]
OWED_COLUMNS = ["unit", "code", "year", "month", "key"]


def owed(cfg: Config, periods: list[Period]) -> pd.DataFrame:
    """One row per (unit, indicator, period) the unit had to report: it reports the indicator and was a
    member during the period."""
    member = {(u.code, p.key): cfg.is_member(u.code, p.first_day, p.day_after) for u in cfg.units for p in periods}
    rows = [
        (unit, ind.code, p.year, p.month, p.key)
        for ind in cfg.indicators
        for unit in ind.units
        for p in periods
        if member[(unit, p.key)]
    ]
    return pd.DataFrame(rows, columns=OWED_COLUMNS)


def _order(df: pd.DataFrame) -> pd.Series:
    return df["year"] * 100 + df["month"]


def _by_rule(out: pd.DataFrame, rules: pd.Series, columns: tuple[str, str, str, str]) -> pd.Series:
    """The column each indicator's rule reads: columns are (sum, max, mean, last)."""
    sums, maxes, means, lasts = columns
    rule = out["code"].map(rules)
    conditions = [rule == "sum", rule == "max", rule == "mean"]
    picked = np.select(conditions, [out[sums], out[maxes], out[means]], default=out[lasts])
    return pd.Series(picked, index=out.index, dtype=float)


def final_periods(expected: pd.DataFrame) -> pd.Series:
    """(unit, code) → the order (year × 100 + month) of the last period the unit owed in `expected`."""
    return expected.assign(order=_order(expected)).groupby(KEYS)["order"].max().rename("final")


def rollup(figures: pd.DataFrame, expected: pd.DataFrame, rules: pd.Series, final: pd.Series) -> pd.DataFrame:
    """(unit, code) → value, reported, expected, complete, missing (period keys not reported), for every
    pair in `expected` (an `owed` table), including the pairs with nothing reported; `final` is
    final_periods(expected)."""
    owed_pairs = expected.assign(order=_order(expected))
    got = figures.merge(expected, on=[*KEYS, "year", "month"], how="inner").assign(order=_order)
    out = owed_pairs.groupby(KEYS).agg(expected=("key", "size")).join(final)
    stats = got.groupby(KEYS)["value"].agg(total="sum", largest="max", average="mean", reported="count")
    at_final = got.merge(final.reset_index(), on=KEYS)
    at_final = at_final[at_final["order"] == at_final["final"]].set_index(KEYS)["value"].rename("at_final")
    out = out.join(stats).join(at_final).reset_index()
    out["reported"] = out["reported"].fillna(0).astype(int)
    out["value"] = _by_rule(out, rules, ("total", "largest", "average", "at_final"))
    is_last = out["code"].map(rules) == "last"
    out["complete"] = np.where(is_last, out["at_final"].notna(), out["reported"] == out["expected"])
    seen = owed_pairs.merge(got[[*KEYS, "key"]], on=[*KEYS, "key"], how="left", indicator=True)
    gaps = seen[seen["_merge"] == "left_only"]
    missing = gaps.sort_values("order").groupby(KEYS)["key"].agg(list).rename("missing")
    out = out.merge(missing.reset_index(), on=KEYS, how="left")
    out["missing"] = [m if isinstance(m, list) else [] for m in out["missing"]]
    return out[[*KEYS, "value", "reported", "expected", "complete", "missing"]]


def matched_last_year(
    figures: pd.DataFrame, expected: pd.DataFrame, rules: pd.Series, final: pd.Series
) -> pd.DataFrame:
    """(unit, code) → value_matched_last_year (this year) and last_year on the same months only: the (unit, indicator,
    month) present in both years; a stock compares its final owed period, or nothing. `matched` counts
    the months compared, `matched_months` names them (month numbers: a quarter is its last month)."""
    this_year = figures.merge(expected, on=[*KEYS, "year", "month"], how="inner")
    before = figures.assign(year=figures["year"] + 1)[[*KEYS, "year", "month", "value"]]
    both = this_year.merge(before, on=[*KEYS, "year", "month"], suffixes=("", "_prev"))
    both = both.assign(order=_order(both))
    both = both.merge(final.reset_index(), on=KEYS)
    grouped = both.groupby(KEYS)
    stats = grouped.agg(cur_sum=("value", "sum"), cur_max=("value", "max"), cur_mean=("value", "mean"))
    stats = stats.join(grouped.agg(prev_sum=("value_prev", "sum"), prev_max=("value_prev", "max")))
    stats = stats.join(grouped["value_prev"].mean().rename("prev_mean")).join(grouped.size().rename("matched"))
    stats = stats.join(grouped["month"].agg(lambda m: tuple(sorted(m))).rename("matched_months"))
    finals = both[both["order"] == both["final"]].set_index(KEYS)[["value", "value_prev", "month"]]
    renamed = {"value": "cur_last", "value_prev": "prev_last", "month": "final_month"}
    stats = stats.join(finals.rename(columns=renamed)).reset_index()
    stats["value_matched_last_year"] = _by_rule(stats, rules, ("cur_sum", "cur_max", "cur_mean", "cur_last"))
    stats["last_year"] = _by_rule(stats, rules, ("prev_sum", "prev_max", "prev_mean", "prev_last"))
    is_last = stats["code"].map(rules) == "last"
    stats["matched"] = np.where(is_last, stats["cur_last"].notna().astype(int), stats["matched"])  # only its final
    stats["matched_months"] = [  # a stock compares its final month only
        ((int(final),) if pd.notna(final) else ()) if last else months
        for final, months, last in zip(stats["final_month"], stats["matched_months"], is_last, strict=True)
    ]
    stats.loc[
        stats["value_matched_last_year"].isna() | stats["last_year"].isna(), ["value_matched_last_year", "last_year"]
    ] = np.nan
    return stats[[*KEYS, "value_matched_last_year", "last_year", "matched", "matched_months"]]
