"""Validated long table → cluster totals for a report window: per unit, per indicator, YTD, targets, last year.

Missing is never zero: a unit with no usable figure for an indicator has NaN, and every total says how
many of the expected units it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from thidua.config import Config
from thidua.intake.check import Checked
from thidua.periods import Period, year_to_date


@dataclass
class Totals:
    periods: list[Period]
    kind: str
    by_unit: pd.DataFrame  # movement, code, unit, value, months, ytd, target, last_year (+ catalogue columns)
    cluster: pd.DataFrame  # movement, code, label, measure, value, ytd, target, pct_target, pct_prorated, ...
    monthly: pd.DataFrame  # code, period, value (cluster sum of the units that reported that period)
    commendations: pd.DataFrame
    narratives: pd.DataFrame
    timeliness: pd.DataFrame  # unit, period, label, status: every report expected in the window
    missing: pd.DataFrame  # the expected ones not usable (not sent, or excluded for errors); late is fine

    @property
    def period(self) -> Period:
        return self.periods[-1]


def _keys(periods: list[Period]) -> list[str]:
    return [p.key for p in periods]


def rollup(figures: pd.DataFrame, periods: list[Period], rules: pd.Series) -> pd.DataFrame:
    """(unit, code) → value over `periods` by each indicator's rule, and how many periods it covers."""
    df = figures[figures["period"].isin(_keys(periods))]
    # "last" needs period order; sorting integers is far cheaper than sorting "2023-06" strings.
    df = df.iloc[(df["year"].to_numpy() * 100 + df["month"].to_numpy()).argsort(kind="stable")]
    cols = ["unit", "code", "value", "months"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    g = df.groupby(["unit", "code"])["value"]
    out = pd.DataFrame({"sum": g.sum(), "last": g.last(), "max": g.max(), "months": g.count()}).reset_index()
    rule = out["code"].map(rules)
    out["value"] = out["sum"].where(rule == "sum", out["last"].where(rule == "last", out["max"]))
    return out[cols]


def _expected(checked: Checked, periods: list[Period]) -> pd.DataFrame:
    keys = _keys(periods)
    t = checked.timeliness
    cols = ["unit", "period", "label", "status"]
    return t[t["period"].isin(keys)][cols] if not t.empty else pd.DataFrame(columns=cols)


def merge(checked: Checked, cfg: Config, periods: list[Period], kind: str = "") -> Totals:
    """All figures a report of `kind` over `periods` needs, from one place."""
    catalogue = pd.DataFrame(
        [
            {
                "code": i.code,
                "label": i.label,
                "measure": i.measure,
                "movement": i.movement,
                "rollup": i.rollup,
                "type": i.type,
                "order": n,
            }
            for n, i in enumerate(cfg.indicators)
        ]
    )
    rules = catalogue.set_index("code")["rollup"]
    last = periods[-1]
    first_day, day_after = periods[0].first_day, last.day_after
    # Units that joined or left during the year are expected only while they were members.
    pairs = pd.DataFrame(
        [{"unit": u, "code": i.code} for i in cfg.indicators for u in i.units if cfg.is_member(u, first_day, day_after)]
    )
    window = rollup(checked.figures, periods, rules)
    ytd = rollup(checked.figures, year_to_date(last), rules).rename(columns={"value": "ytd"})[["unit", "code", "ytd"]]
    prev = rollup(checked.figures, [p.previous_year() for p in periods], rules)
    prev = prev.rename(columns={"value": "last_year"})[["unit", "code", "last_year"]]
    targets = pd.DataFrame(
        [{"unit": u, "code": c, "target": v} for u, t in cfg.targets.items() for c, v in t.items()],
        columns=["unit", "code", "target"],
    )
    by_unit = (
        pairs.merge(window, how="left")
        .merge(ytd, how="left")
        .merge(prev, how="left")
        .merge(targets, how="left")
        .merge(catalogue, on="code")
    )
    by_unit["unit_order"] = by_unit["unit"].map({u.code: n for n, u in enumerate(cfg.units)})
    by_unit = by_unit.sort_values(["order", "unit_order"])

    # Comparisons only over units that have both figures, so a unit without last year's data (or
    # without a target) does not inflate the change.
    both_ly = by_unit["value"].notna() & by_unit["last_year"].notna()
    both_tg = by_unit["ytd"].notna() & by_unit["target"].notna()
    by_unit["value_ly"] = by_unit["value"].where(both_ly)
    by_unit["last_year_c"] = by_unit["last_year"].where(both_ly)
    by_unit["ytd_tg"] = by_unit["ytd"].where(both_tg)
    by_unit["target_c"] = by_unit["target"].where(both_tg)

    def total(s: pd.Series) -> float:
        return s.sum(min_count=1)

    cluster = (
        by_unit.groupby("code", sort=False)
        .agg(
            value=("value", total),
            units=("value", "count"),
            expected=("unit", "count"),
            ytd=("ytd", total),
            target=("target_c", total),
            ytd_tg=("ytd_tg", total),
            last_year=("last_year_c", total),
            value_ly=("value_ly", total),
        )
        .reset_index()
        .merge(catalogue, on="code")
        .sort_values("order")
    )
    cluster["pct_target"] = cluster["ytd_tg"] / cluster["target"] * 100
    cluster["pct_prorated"] = cluster["ytd_tg"] / (cluster["target"] * last.month / 12) * 100
    cluster["change"] = cluster["value_ly"] - cluster["last_year"]
    cluster["change_pct"] = cluster["change"] / cluster["last_year"] * 100
    cluster.loc[cluster["last_year"] == 0, "change_pct"] = float("nan")
    by_unit = by_unit.drop(columns=["value_ly", "last_year_c", "ytd_tg", "target_c"])

    fig = checked.figures
    monthly = (
        fig[fig["year"] == last.year].groupby(["code", "period"])["value"].sum().reset_index()
        if not fig.empty
        else pd.DataFrame(columns=["code", "period", "value"])
    )
    expected = _expected(checked, periods)
    usable = {(s.unit, s.period.key) for s in checked.counted}
    is_missing = [(u, p) not in usable for u, p in zip(expected["unit"], expected["period"], strict=True)]
    missing = expected.loc[pd.Series(is_missing, index=expected.index, dtype=bool)]
    keys = _keys(periods)
    return Totals(
        periods,
        kind,
        by_unit.reset_index(drop=True),
        cluster.reset_index(drop=True),
        monthly,
        checked.commendations[checked.commendations["period"].isin(keys)].reset_index(drop=True),
        checked.narratives[checked.narratives["period"].isin(keys)].reset_index(drop=True),
        expected.reset_index(drop=True),
        missing.reset_index(drop=True),
    )
