"""Arithmetic of the merge stage, checked as properties over generated monthly figures."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.intake.check import FIGURE_COLUMNS, Checked
from thidua.periods import Period, window, year_to_date
from thidua.totals.merge import merge

JUNE = Period(2023, 6)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def checked_from(rows: list[dict]) -> Checked:
    figures = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    empty = pd.DataFrame(columns=["unit", "period", "section", "text", "form", "level", "collectives", "individuals"])
    return Checked(
        figures,
        empty,
        empty,
        pd.DataFrame(columns=["unit", "period", "label", "status"]),
        pd.DataFrame(),
        pd.DataFrame(columns=["unit", "period", "file"]),
        [],
        {},
    )


def figure_rows(cfg, values: list[int]) -> list[dict]:
    pairs = [(u, i.code) for i in cfg.indicators for u in i.units]
    rows, it = [], iter(values)
    for month in range(1, 7):
        for unit, code in pairs:
            rows.append(
                {
                    "unit": unit,
                    "period": f"2023-{month:02d}",
                    "year": 2023,
                    "month": month,
                    "code": code,
                    "value": float(next(it)),
                    "note": "",
                    "file": "f",
                    "sheet": "s",
                    "cell": "E8",
                }
            )
    return rows


def values_strategy(cfg):
    n = 6 * sum(len(i.units) for i in cfg.indicators)
    return st.lists(st.integers(min_value=0, max_value=10_000), min_size=n, max_size=n)


def cluster_values(cfg, rows, periods=None) -> dict[str, float]:
    totals = merge(checked_from(rows), cfg, periods or window(JUNE, "6thang"), "6thang")
    return dict(zip(totals.cluster["code"], totals.cluster["value"], strict=True))


@given(data=st.data())
@SETTINGS
def test_cluster_total_is_sum_over_units(cfg, data) -> None:
    rows = figure_rows(cfg, data.draw(values_strategy(cfg)))
    totals = merge(checked_from(rows), cfg, window(JUNE, "6thang"), "6thang")
    for code, group in totals.by_unit.groupby("code"):
        assert totals.cluster.set_index("code").at[code, "value"] == group["value"].sum()


@given(data=st.data())
@SETTINGS
def test_order_does_not_matter(cfg, data) -> None:
    rows = figure_rows(cfg, data.draw(values_strategy(cfg)))
    shuffled = data.draw(st.permutations(rows))
    assert cluster_values(cfg, rows) == cluster_values(cfg, list(shuffled))


@given(data=st.data())
@SETTINGS
def test_all_zero_unit_changes_nothing(cfg, data) -> None:
    rows = figure_rows(cfg, data.draw(values_strategy(cfg)))
    without = [r for r in rows if r["unit"] != "LDLD"]
    zeroed = without + [{**r, "value": 0.0} for r in rows if r["unit"] == "LDLD"]
    a, b = cluster_values(cfg, without), cluster_values(cfg, zeroed)
    for code in a:
        assert (math.isnan(a[code]) and b[code] == 0) or a[code] == b[code]


@given(data=st.data())
@SETTINGS
def test_ytd_in_june_is_january_to_june(cfg, data) -> None:
    rows = figure_rows(cfg, data.draw(values_strategy(cfg)))
    totals = merge(checked_from(rows), cfg, window(JUNE, "thang"), "thang")
    sums = pd.DataFrame(rows).groupby("code")["value"].sum()
    for r in totals.cluster.itertuples():
        if r.rollup == "sum":
            assert r.ytd == sums[r.code]
    assert len(year_to_date(JUNE)) == 6


@given(data=st.data(), new=st.integers(min_value=0, max_value=10_000))
@SETTINGS
def test_resubmission_changes_exactly_the_affected_totals(cfg, data, new) -> None:
    rows = figure_rows(cfg, data.draw(values_strategy(cfg)))
    i = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    corrected = [dict(r) for r in rows]
    corrected[i]["value"] = float(new)
    before, after = cluster_values(cfg, rows), cluster_values(cfg, corrected)
    changed = {c for c in before if before[c] != after[c]}
    code = rows[i]["code"]
    assert changed <= {code}
    rule = next(ind.rollup for ind in cfg.indicators if ind.code == code)
    if rule == "sum":
        assert after[code] - before[code] == new - rows[i]["value"]


def test_missing_unit_is_blank_not_zero(cfg) -> None:
    rows = [r for r in figure_rows(cfg, [5] * 6 * sum(len(i.units) for i in cfg.indicators)) if r["unit"] != "CCB"]
    totals = merge(checked_from(rows), cfg, window(JUNE, "6thang"), "6thang")
    ccb = totals.by_unit[totals.by_unit["unit"] == "CCB"]
    assert ccb["value"].isna().all()
    row = totals.cluster.set_index("code").loc["GN_HO_GIUP"]
    assert (row["units"], row["expected"], row["value"]) == (2, 3, 60)


def test_units_expected_only_while_members(khoi) -> None:
    """The Khối's SLD left on 2024-06-30: not expected in Q3, not counted as missing there."""
    from thidua.intake.completeness import timeliness
    from thidua.periods import parse_period

    q3 = parse_period("2024-Q3", "quarter")
    table, findings = timeliness(khoi, [], q3)
    expected = set(zip(table["unit"], table["period"], strict=True))
    assert ("SLD", "2024-Q2") in expected and ("SLD", "2024-Q3") not in expected
    assert ("SYT", "2024-Q3") in expected
    assert not any(f.unit == "SLD" and f.period == "2024-Q3" for f in findings)
    totals = merge(checked_from([]), khoi, window(q3, "quy"), "quy")
    assert "SLD" not in set(totals.by_unit["unit"])
