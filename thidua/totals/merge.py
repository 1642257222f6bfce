"""Validated long table → the totals a report window needs: per unit, per indicator, year to date,
targets, last year on matched months, coverage. Every output reads its figures from here only, so the
workbook and the report never disagree."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from thidua.config import Config
from thidua.intake.check import Checked
from thidua.periods import Period, year_to_date
from thidua.totals.cluster import cluster_totals, monthly
from thidua.totals.rollup import KEYS, final_periods, matched_last_year, owed, rollup
from thidua.totals.successors import Succession, successions_used, with_predecessors

UNIT_COLUMNS = ["unit", "owed", "usable", "missing", "window_periods", "member_from", "member_until"]


@dataclass
class Totals:
    periods: list[Period]
    kind: str
    # One row per (unit, indicator) owed in the window: value, reported/expected periods, complete, missing
    # (period keys), ytd (+ ytd_complete), target, value_matched_last_year/last_year on matched months,
    # catalogue columns.
    by_unit: pd.DataFrame
    cluster: pd.DataFrame  # one row per indicator: see totals/cluster.py for each figure and its base
    monthly: pd.DataFrame  # code, period, value, reported, expected, value_complete (gap when incomplete)
    commendations: pd.DataFrame
    narratives: pd.DataFrame
    timeliness: pd.DataFrame  # unit, period, label, status: every report owed in the window
    missing: pd.DataFrame  # the owed reports not counted (not sent, not yet due, or excluded for errors)
    units: pd.DataFrame  # per unit: periods owed and counted in the window, membership dates (UNIT_COLUMNS)
    successions: list[Succession] = field(default_factory=list)  # merged units compared through predecessors

    @property
    def period(self) -> Period:
        return self.periods[-1]


CATALOGUE_COLUMNS = ["code", "label", "measure", "movement", "rollup", "across", "weight", "type"]


def catalogue_frame(cfg: Config) -> pd.DataFrame:
    """One row per indicator in config order: what every total needs to know of it."""
    rows = [[getattr(i, column) for column in CATALOGUE_COLUMNS] + [n] for n, i in enumerate(cfg.indicators)]
    return pd.DataFrame(rows, columns=[*CATALOGUE_COLUMNS, "order"])


def targets_frame(checked: Checked, cfg: Config) -> pd.DataFrame:
    """unit, code, target: the registered plans with config.yaml's overrides (from the check), or, for a
    Checked built without registrations, config.yaml's alone."""
    if checked.target_rows is not None:
        rows = [(r["unit"], r["code"], r["target"]) for r in checked.target_rows]
    else:
        rows = [(unit, code, value) for unit, targets in cfg.targets.items() for code, value in targets.items()]
    return pd.DataFrame(rows, columns=[*KEYS, "target"])


def _by_unit(checked: Checked, cfg: Config, owing: Owing, catalogue: pd.DataFrame) -> pd.DataFrame:
    rules = catalogue.set_index("code")["rollup"]
    figures = checked.figures
    window_final = final_periods(owing.window)
    window = rollup(figures, owing.window, rules, window_final)
    # the window is often the year so far: then it is the same roll-up
    ytd = window if owing.year is owing.window else rollup(figures, owing.year, rules, final_periods(owing.year))
    ytd = ytd.rename(columns={"value": "ytd", "complete": "ytd_complete"})[[*KEYS, "ytd", "ytd_complete"]]
    by_unit = (
        window.merge(ytd, on=KEYS, how="left")
        .merge(
            matched_last_year(with_predecessors(figures, cfg, cfg.reporting.year), owing.window, rules, window_final),
            on=KEYS,
            how="left",
        )
        .merge(targets_frame(checked, cfg), on=KEYS, how="left")
        .merge(catalogue, on="code")
    )
    by_unit["matched"] = by_unit["matched"].fillna(0).astype(int)
    by_unit["matched_months"] = [m if isinstance(m, tuple) else () for m in by_unit["matched_months"]]
    by_unit["ytd_complete"] = by_unit["ytd_complete"].fillna(False).astype(bool)
    by_unit["unit_order"] = by_unit["unit"].map({u.code: n for n, u in enumerate(cfg.units)})
    return _with_weights(by_unit).sort_values(["order", "unit_order"]).reset_index(drop=True)


WEIGHED = ["value", "ytd", "value_matched_last_year", "last_year"]  # the figures a weighted mean is taken over


def _with_weights(by_unit: pd.DataFrame) -> pd.DataFrame:
    """weight_value, weight_ytd, ...: the same unit's figures of the indicator named as this one's weight
    (NaN when it has none), on the same periods, so a weighted mean never mixes windows."""
    weights = by_unit[["unit", "code", *WEIGHED]].rename(columns={"code": "weight"})
    weights = weights.rename(columns={c: f"weight_{c}" for c in WEIGHED})
    out = by_unit.merge(weights, on=["unit", "weight"], how="left")
    return out.astype({f"weight_{c}": float for c in WEIGHED})


@dataclass(frozen=True)
class Leader:
    """The leading result on an indicator and the units that reach it (several may share it)."""

    value: float
    units: tuple[str, ...]


def leaders(
    by_unit: pd.DataFrame, value: str = "value", complete: str = "complete", among: Collection[str] | None = None
) -> dict[str, Leader]:
    """Per indicator, the leading result: the highest among units with complete data that passed their own
    yearly plan (the published scoring rule's leader; several units may share it), counting only the
    units in `among` when given: a unit that has left and is not scored never sets the bar for those
    who are. Indicators nobody has passed yet have no leader."""
    known = by_unit[by_unit[complete].astype(bool) & by_unit["target"].notna() & by_unit[value].notna()]
    rows = known[known[value].astype(float) > known["target"].astype(float)]  # compared only where both are known
    if among is not None:
        rows = rows[rows["unit"].isin(list(among))]
    out = {}
    for code, group in rows.groupby("code", sort=False):
        best = float(group[value].max())
        out[str(code)] = Leader(best, tuple(group.loc[group[value] == best, "unit"]))
    return out


def _monthly(checked: Checked, year_owed: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    by_period = year_owed.merge(checked.figures[[*KEYS, "year", "month", "value"]], how="left")
    return monthly(by_period, catalogue)


def _units(cfg: Config, timeliness: pd.DataFrame, missing: pd.DataFrame, periods: list[Period]) -> pd.DataFrame:
    owed_by_unit = timeliness["unit"].value_counts()
    gaps_by_unit = missing.groupby("unit", sort=False)["period"].agg(list)
    rows = []
    for unit in cfg.units:
        if unit.code not in owed_by_unit.index:
            continue
        owed_count, gaps = int(owed_by_unit[unit.code]), gaps_by_unit.get(unit.code, [])
        rows.append(
            [unit.code, owed_count, owed_count - len(gaps), gaps, len(periods), unit.member_from, unit.member_until]
        )
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


@dataclass(frozen=True)
class Owing:
    """What the units owed in the window and in the year so far (the same table when they are the same
    periods): computed once per merge, read by every roll-up."""

    window: pd.DataFrame
    year: pd.DataFrame


def _owing(cfg: Config, periods: list[Period]) -> Owing:
    year = year_to_date(periods[-1])
    year_owed = owed(cfg, year)
    return Owing(year_owed if year == periods else owed(cfg, periods), year_owed)


def merge(checked: Checked, cfg: Config, periods: list[Period], kind: str = "") -> Totals:
    """All figures a report of `kind` over `periods` needs, from one place; computed once per Checked,
    window and kind (an annual run's report and its scoring read the same totals)."""
    key = (tuple(p.key for p in periods), kind)
    if key not in checked.merged:
        checked.merged[key] = _merge(checked, cfg, periods, kind)
    totals: Totals = checked.merged[key]
    return totals


def _merge(checked: Checked, cfg: Config, periods: list[Period], kind: str) -> Totals:
    catalogue = catalogue_frame(cfg)
    owing = _owing(cfg, periods)
    by_unit = _by_unit(checked, cfg, owing, catalogue)
    cluster = cluster_totals(by_unit, catalogue, periods[-1].month)
    keys = {p.key for p in periods}
    table = checked.timeliness
    expected = table.loc[table["period"].isin(keys), ["unit", "period", "label", "status"]].reset_index(drop=True)
    usable = {(s.unit, s.period.key) for s in checked.counted}
    is_missing = [(u, p) not in usable for u, p in zip(expected["unit"], expected["period"], strict=True)]
    missing = expected[pd.Series(is_missing, index=expected.index, dtype=bool)].reset_index(drop=True)
    return Totals(
        periods,
        kind,
        by_unit,
        cluster,
        _monthly(checked, owing.year, catalogue),
        checked.commendations[checked.commendations["period"].isin(keys)].reset_index(drop=True),
        checked.narratives[checked.narratives["period"].isin(keys)].reset_index(drop=True),
        expected,
        missing,
        _units(cfg, expected, missing, periods),
        successions_used(by_unit, cfg, periods[-1].year),
    )
