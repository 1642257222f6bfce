"""Per indicator, the cluster's totals and every comparison on its own fair base.

- value: the units' values taken together by the indicator's `across` rule: their sum, their mean, their
  mean weighted by another indicator's value in the same periods (`weight_*` columns), or none (NaN: a
  rate with no cluster figure); `units` of `expected` units have one (for a weighted mean: and a weight);
  `complete` of them cover every period they owed. A unit without a value is left out, never counted as
  zero.
- % of plan (summed indicators only: an averaged rate is compared with plan unit by unit, when scored):
  year to date against the yearly target, over the units that registered a target and
  have reported every period owed so far this year (`target_units` of `registered`). Flows are also
  compared with the target pro-rated to the months elapsed; stocks and maxima never are.
- change against last year: over the units with matched months (`last_year_units`); `last_year_partial` when some
  of them compare fewer months than they reported this year.
- the bases by name, for sentences that must say which units or months a comparison covers:
  `target_unit_codes`, `last_year_unit_codes`, `last_year_months` (None when the units' compared months differ).
A comparison with no base (no unit qualifies, or last year's base is zero) is NaN: nothing is said.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd

from thidua.numbers import exact, exact_sum, percent

NAN = float("nan")
CLUSTER_COLUMNS = ["code", "value", "units", "expected", "complete", "ytd", "ytd_units", "target", "ytd_with_target"]
CLUSTER_COLUMNS += ["target_units", "registered", "pct_target", "pct_prorated", "last_year", "value_matched_last_year"]
CLUSTER_COLUMNS += ["last_year_units", "last_year_partial", "change", "change_pct", "target_unit_codes"]
CLUSTER_COLUMNS += ["last_year_unit_codes", "last_year_months"]


Columns = dict[str, np.ndarray]  # one indicator's by-unit rows, column by column (plain arrays: fast to mask)


def _known(values: np.ndarray) -> np.ndarray:
    return ~pd.isna(values)


def _total(values: np.ndarray) -> float:
    """The sum of the known values, added as the decimals they were typed as (numbers.exact)."""
    known = values[_known(values)]
    return float(exact_sum(known.astype(float))) if known.size else NAN


def _ratio(top: float | Decimal, bottom: float | Decimal) -> float:
    """top / bottom × 100 computed exactly; kept as the float nearest that decimal, which reads back as it
    (112,15 stays 112,15 and is written 112,2, never 112,1499… and 112,1)."""
    found = percent(top, bottom)
    return NAN if found is None else float(found)


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    usable = _known(values) & _known(weights)
    usable[usable] = weights[usable].astype(float) > 0
    if not usable.any():
        return NAN
    return float((values[usable] * weights[usable]).sum() / weights[usable].sum())


def _across(rows: Columns, column: str, rule: str, where: np.ndarray) -> float:
    """The units' `column` taken together by the indicator's `across` rule (on the rows in `where`)."""
    picked = rows[column][where].astype(float)
    if rule == "sum":
        return _total(picked)
    if rule == "mean":
        return float(np.nanmean(picked)) if _known(picked).any() else NAN
    if rule == "weighted_mean":
        return _weighted(picked, rows[f"weight_{column}"][where].astype(float))
    return NAN  # none: the indicator has no cluster figure


def _counted(rows: Columns, column: str, rule: str) -> np.ndarray:
    """The units whose `column` enters the cluster's figure: a weighted mean also needs the weight."""
    has = _known(rows[column])
    return has & _known(rows[f"weight_{column}"]) if rule == "weighted_mean" else has


def _one(rows: Columns, months_elapsed: int) -> dict[str, object]:
    """Every cluster figure for one indicator from its by-unit rows."""
    rule, across = rows["rollup"][0], rows["across"][0]
    has = _counted(rows, "value", across)
    tg = _known(rows["target"]) & _known(rows["ytd"]) & rows["ytd_complete"].astype(bool) & (across == "sum")
    ly = _counted(rows, "value_matched_last_year", across) & _counted(rows, "last_year", across)
    target, ytd_with_target = _total(rows["target"][tg]), _total(rows["ytd"][tg])
    last_year = _across(rows, "last_year", across, ly)
    value_matched_last_year = _across(rows, "value_matched_last_year", across, ly)
    compared = bool(ly.any()) and across != "none"
    prorated = rule == "sum" and bool(tg.any())  # a flow's plan shared over the months elapsed
    return {
        "value": _across(rows, "value", across, has),
        "units": int(has.sum()),
        "expected": len(has),
        "complete": int((has & rows["complete"].astype(bool)).sum()),
        "ytd": _across(rows, "ytd", across, _counted(rows, "ytd", across)),
        "ytd_units": int(_counted(rows, "ytd", across).sum()),
        "target": target,
        "ytd_with_target": ytd_with_target,
        "target_units": int(tg.sum()),
        "registered": int(_known(rows["target"]).sum()),
        "pct_target": _ratio(ytd_with_target, target),
        "pct_prorated": _ratio(ytd_with_target, exact(target) * months_elapsed / 12) if prorated else NAN,
        "last_year": last_year,
        "value_matched_last_year": value_matched_last_year,
        "last_year_units": int(ly.sum()),
        "last_year_partial": rule != "last" and bool((ly & (rows["matched"] < rows["reported"])).any()),
        "change": float(exact(value_matched_last_year) - exact(last_year)) if compared else NAN,
        "change_pct": _ratio(exact(value_matched_last_year) - exact(last_year), last_year) if compared else NAN,
        "target_unit_codes": tuple(rows["unit"][tg]),
        "last_year_unit_codes": tuple(rows["unit"][ly]),
        "last_year_months": _common_months(rows["matched_months"][ly]),
    }


def _common_months(per_unit: np.ndarray) -> tuple[int, ...] | None:
    """The months every unit in last year's base was compared on, or None when they differ by unit."""
    distinct = set(per_unit)
    return next(iter(distinct)) if len(distinct) == 1 else None


def cluster_totals(by_unit: pd.DataFrame, catalogue: pd.DataFrame, months_elapsed: int) -> pd.DataFrame:
    """One row per indicator, in catalogue order."""
    columns = {name: by_unit[name].to_numpy() for name in by_unit.columns}
    codes = columns["code"]
    rows = []
    for code in pd.unique(codes):
        mine = codes == code
        rows.append({"code": code, **_one({name: values[mine] for name, values in columns.items()}, months_elapsed)})
    out = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return out.merge(catalogue, on="code").sort_values("order").reset_index(drop=True)


def monthly(by_period: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The cluster's series per period, by each indicator's `across` rule over the units that reported
    (a weighted mean: those that also reported the weight that period), and `value_complete` only when
    every unit that owed the period is counted (else a gap, never a dip)."""
    rules = catalogue.set_index("code")
    weights = by_period[["unit", "code", "key", "value"]].rename(columns={"code": "weight", "value": "weight_value"})
    by_period = by_period.assign(weight=by_period["code"].map(rules["weight"]))
    by_period = by_period.merge(weights, on=["unit", "weight", "key"], how="left")
    across = by_period["code"].map(rules["across"])
    weighted = across == "weighted_mean"
    weight_value = by_period["weight_value"].astype(float)
    counted = by_period["value"].notna() & (~weighted | (weight_value > 0))
    value = by_period["value"].astype(float).where(counted)
    weight = weight_value.where(weighted, 1.0).where(counted)
    parts = by_period.assign(value=value, weighed=value * weight, weight=weight, counted=counted)
    out = parts.groupby(["code", "key"], sort=False).agg(
        total=("value", lambda v: v.sum(min_count=1)),
        reported=("counted", "sum"),
        expected=("unit", "size"),
        weighed=("weighed", "sum"),
        weights=("weight", "sum"),
    )
    rule = out.index.get_level_values("code").map(rules["across"])
    # weights are 1 for a plain mean, so one quotient serves both means
    means = out["weighed"] / out["weights"].where(out["reported"] > 0)
    out["value"] = np.select([rule == "sum", rule == "none"], [out["total"], NAN], default=means)
    out["reported"] = out["reported"].astype(int)
    out["value_complete"] = out["value"].where(out["reported"] == out["expected"])
    out = out.reset_index().rename(columns={"key": "period"})
    return out[["code", "period", "value", "reported", "expected", "value_complete"]]
