"""Per indicator, the cluster's totals and every comparison on its own fair base.

- value: the sum of the units' values; `units` of `expected` units have one; `complete` of them cover
  every period they owed. A unit without a value is left out, never counted as zero.
- % of plan: year to date against the yearly target, over the units that registered a target and
  have reported every period owed so far this year (`target_units` of `registered`). Flows are also
  compared with the target pro-rated to the months elapsed; stocks and maxima never are.
- change against last year: over the units with matched months (`ly_units`); `ly_partial` when some
  of them compare fewer months than they reported this year.
- the bases by name, for sentences that must say which units or months a comparison covers:
  `target_unit_codes`, `ly_unit_codes`, `ly_months` (None when the units' compared months differ).
A comparison with no base (no unit qualifies, or last year's base is zero) is NaN: nothing is said.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NAN = float("nan")
CLUSTER_COLUMNS = ["code", "value", "units", "expected", "complete", "ytd", "ytd_units", "target", "ytd_tg"]
CLUSTER_COLUMNS += ["target_units", "registered", "pct_target", "pct_prorated", "last_year", "value_ly"]
CLUSTER_COLUMNS += ["ly_units", "ly_partial", "change", "change_pct", "target_unit_codes", "ly_unit_codes", "ly_months"]


def _total(series: pd.Series) -> float:
    return float(series.sum(min_count=1))


def _ratio(top: float, bottom: float) -> float:
    return top / bottom * 100 if bottom and bottom > 0 and not np.isnan(top) else NAN


def _one(rows: pd.DataFrame, months_elapsed: int) -> dict[str, object]:
    """Every cluster figure for one indicator from its by-unit rows."""
    has = rows["value"].notna()
    tg = rows["target"].notna() & rows["ytd"].notna() & rows["ytd_complete"]
    ly = rows["value_ly"].notna()
    rule = rows["rollup"].iloc[0]
    target, ytd_tg = _total(rows.loc[tg, "target"]), _total(rows.loc[tg, "ytd"])
    last_year, value_ly = _total(rows.loc[ly, "last_year"]), _total(rows.loc[ly, "value_ly"])
    return {
        "value": _total(rows["value"]),
        "units": int(has.sum()),
        "expected": len(rows),
        "complete": int((has & rows["complete"]).sum()),
        "ytd": _total(rows["ytd"]),
        "ytd_units": int(rows["ytd"].notna().sum()),
        "target": target,
        "ytd_tg": ytd_tg,
        "target_units": int(tg.sum()),
        "registered": int(rows["target"].notna().sum()),
        "pct_target": _ratio(ytd_tg, target),
        "pct_prorated": _ratio(ytd_tg, target * months_elapsed / 12) if rule == "sum" else NAN,
        "last_year": last_year,
        "value_ly": value_ly,
        "ly_units": int(ly.sum()),
        "ly_partial": rule != "last" and bool((ly & (rows["matched"] < rows["reported"])).any()),
        "change": value_ly - last_year if ly.any() else NAN,
        "change_pct": _ratio(value_ly - last_year, last_year) if ly.any() else NAN,
        "target_unit_codes": tuple(rows.loc[tg, "unit"]),
        "ly_unit_codes": tuple(rows.loc[ly, "unit"]),
        "ly_months": _common_months(rows.loc[ly, "matched_months"]),
    }


def _common_months(per_unit: pd.Series) -> tuple[int, ...] | None:
    """The months every unit in last year's base was compared on, or None when they differ by unit."""
    distinct = set(per_unit)
    return next(iter(distinct)) if len(distinct) == 1 else None


def cluster_totals(by_unit: pd.DataFrame, catalogue: pd.DataFrame, months_elapsed: int) -> pd.DataFrame:
    """One row per indicator, in catalogue order."""
    rows = [{"code": code, **_one(group, months_elapsed)} for code, group in by_unit.groupby("code", sort=False)]
    out = pd.DataFrame(rows, columns=CLUSTER_COLUMNS)
    return out.merge(catalogue, on="code").sort_values("order").reset_index(drop=True)


def monthly(by_period: pd.DataFrame) -> pd.DataFrame:
    """The cluster's series per period: the sum of the units that reported, and `value_complete` only
    when every unit that owed the period reported it (else a gap, never a dip)."""
    out = by_period.groupby(["code", "key"], sort=False).agg(
        value=("value", lambda s: s.sum(min_count=1)), reported=("value", "count"), expected=("unit", "size")
    )
    out["value_complete"] = out["value"].where(out["reported"] == out["expected"])
    return out.reset_index().rename(columns={"key": "period"})
