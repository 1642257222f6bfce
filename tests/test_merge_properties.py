"""The merge stage against an independent oracle (tests/oracle.py) on generated irregular data: gaps,
a unit joining on 01/4 and one leaving on 31/5, partial last years, targets for some units, the three
roll-up rules, every report window. Plus the algebra: order, zeros, a resubmission."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest
from conftest import ROOT, edited_config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import oracle

from thidua.config import load_config
from thidua.intake.check import Checked
from thidua.periods import Period, window
from thidua.totals.merge import merge

IRREGULAR = load_config(ROOT / "tests" / "data" / "irregular" / "config.yaml")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KINDS_BY_MONTH = {
    m: ["thang"] + (["quy"] if m % 3 == 0 else []) + (["6thang"] if m % 6 == 0 else []) for m in range(1, 13)
}
KINDS_BY_MONTH[12].append("nam")


def checked_from(rows: list[tuple]) -> Checked:
    """A Checked holding only figures, as the merge stage sees them."""
    records = [
        {"unit": u, "period": f"{y}-{m:02d}", "year": y, "month": m, "code": c, "value": float(v)}
        | {"note": "", "file": "f.xlsx", "sheet": "Số liệu", "cell": "E8"}
        for u, c, y, m, v in rows
    ]
    return Checked(records, [], [], [], [], [], [], {})


@st.composite
def irregular_figures(draw, cfg=IRREGULAR) -> list[tuple]:
    """Per (unit, indicator, year): which months are present (a 12-bit mask, so gaps anywhere, nothing or
    everything) and their values (from a drawn seed); decimals for decimal indicators."""
    rows = []
    for ind in cfg.indicators:
        for unit in ind.units:
            for year in (2022, 2023):
                present = draw(st.integers(0, 4095) | st.sampled_from([0, 4095]))
                rng = random.Random(draw(st.integers(0, 2**16)))
                for month in range(1, 13):
                    if present >> (month - 1) & 1:
                        value = rng.randint(0, 3000)
                        rows.append((unit, ind.code, year, month, value / 10 if ind.type == "decimal" else value))
    return rows


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-9)


@given(rows=irregular_figures(), month=st.integers(1, 12), data=st.data())
@SETTINGS
def test_merge_agrees_with_the_oracle(rows, month, data) -> None:
    kind = data.draw(st.sampled_from(KINDS_BY_MONTH[month]))
    periods = window(Period(2023, month), kind)
    totals = merge(checked_from(rows), IRREGULAR, periods, kind)
    expected_units, expected_cluster = oracle(IRREGULAR, rows, 2023, [p.month for p in periods])
    got_units = {(r["unit"], r["code"]): r for r in totals.by_unit.to_dict("records")}
    assert set(got_units) == set(expected_units)
    for key, want in expected_units.items():
        got = got_units[key]
        for field, value in want.items():
            assert _same(got[field], value) if isinstance(value, float) else got[field] == value, (key, field)
    got_cluster = {r["code"]: r for r in totals.cluster.to_dict("records")}
    assert set(got_cluster) == set(expected_cluster)
    for code, want in expected_cluster.items():
        for field, value in want.items():
            got = got_cluster[code][field]
            assert _same(got, value) if isinstance(value, float) else got == value, (code, field, got, value)


RATES = [  # a rate averaged by weight, a level averaged plainly, a rate with no cluster figure
    {"code": "TY_LE", "label": "Tỷ lệ hồ sơ đúng hạn", "measure": "%", "type": "decimal", "max": 100}
    | {"rollup": "mean", "across": "weighted_mean", "weight": "HO_TRO", "movement": "CD"}
    | {"units": ["CTD", "NCT", "KH"], "phrase": "giải quyết đúng hạn {v} hồ sơ"},
    {"code": "DIEM", "label": "Điểm đánh giá chi hội", "measure": "điểm", "type": "decimal", "rollup": "last"}
    | {"across": "mean", "movement": "TC", "units": ["NCT", "LHH", "LG"], "phrase": "đạt {v}"},
    {"code": "PHU_SONG", "label": "Tỷ lệ chi hội có hoạt động", "measure": "%", "type": "decimal", "max": 100}
    | {"rollup": "max", "across": "none", "movement": "TC", "units": ["CTD", "LG"], "phrase": "có {v} chi hội"},
]


@pytest.fixture(scope="module")
def with_rates(tmp_path_factory):
    def add(data):
        data["indicators"] += RATES

    folder = tmp_path_factory.mktemp("rates")
    return load_config(edited_config(folder, add, ROOT / "tests" / "data" / "irregular" / "config.yaml"))


@given(month=st.integers(1, 12), data=st.data())
@SETTINGS
def test_means_and_no_total_agree_with_the_oracle(with_rates, month, data) -> None:
    """Rates are averaged (weighted by another indicator's figure of the same periods, or plainly), or have
    no cluster figure, and are never compared with a summed plan."""
    rows = data.draw(irregular_figures(with_rates))
    kind = data.draw(st.sampled_from(KINDS_BY_MONTH[month]))
    periods = window(Period(2023, month), kind)
    totals = merge(checked_from(rows), with_rates, periods, kind)
    _, expected_cluster = oracle(with_rates, rows, 2023, [p.month for p in periods])
    got_cluster = {r["code"]: r for r in totals.cluster.to_dict("records")}
    for code in ("TY_LE", "DIEM", "PHU_SONG"):
        for field, value in expected_cluster[code].items():
            got = got_cluster[code][field]
            assert _same(got, value) if isinstance(value, float) else got == value, (code, field, got, value)
    assert math.isnan(got_cluster["PHU_SONG"]["value"]) and math.isnan(got_cluster["TY_LE"]["pct_target"])


@given(rows=irregular_figures(), data=st.data())
@SETTINGS
def test_order_does_not_matter(rows, data) -> None:
    shuffled = data.draw(st.permutations(rows))
    periods = window(Period(2023, 6), "6thang")
    a = merge(checked_from(rows), IRREGULAR, periods, "6thang").cluster
    b = merge(checked_from(list(shuffled)), IRREGULAR, periods, "6thang").cluster
    for x, y in zip(a.to_dict("records"), b.to_dict("records"), strict=True):
        assert all(_same(x[k], y[k]) if isinstance(x[k], float) else x[k] == y[k] for k in x)


@given(rows=irregular_figures(), data=st.data())
@SETTINGS
def test_a_resubmission_changes_only_its_own_indicator(rows, data) -> None:
    periods = window(Period(2023, 6), "6thang")
    current = [i for i, r in enumerate(rows) if r[2] == 2023 and r[3] <= 6]
    if not current:
        return
    i = data.draw(st.sampled_from(current))
    new_value = data.draw(st.integers(0, 3000))
    corrected = [*rows[:i], (*rows[i][:4], new_value), *rows[i + 1 :]]
    before = merge(checked_from(rows), IRREGULAR, periods, "6thang").cluster.set_index("code")["value"]
    after = merge(checked_from(corrected), IRREGULAR, periods, "6thang").cluster.set_index("code")["value"]
    changed = {c for c in before.index if not _same(before[c], after[c])}
    assert changed <= {rows[i][1]}


def test_missing_is_blank_not_zero_and_stocks_are_not_taken_from_earlier_months() -> None:
    """LHH joined on 01/4: owes April–June. Its stock for June is missing: the June stock is empty,
    not its April figure; the cluster total of the stock covers CTD only."""
    rows = [("CTD", "HOI_VIEN", 2023, m, 11_000 + m) for m in range(1, 7)]
    rows += [("LHH", "HOI_VIEN", 2023, 4, 700), ("LHH", "HOI_VIEN", 2023, 5, 720)]
    totals = merge(checked_from(rows), IRREGULAR, window(Period(2023, 6), "6thang"), "6thang")
    lhh = totals.by_unit.set_index(["unit", "code"]).loc[("LHH", "HOI_VIEN")]
    assert math.isnan(lhh["value"]) and (lhh["reported"], lhh["expected"]) == (2, 3) and lhh["missing"] == ["2023-06"]
    nct = totals.by_unit.set_index(["unit", "code"]).loc[("NCT", "HOI_VIEN")]
    assert math.isnan(nct["value"]) and nct["reported"] == 0
    row = totals.cluster.set_index("code").loc["HOI_VIEN"]
    assert (row["value"], row["units"], row["expected"]) == (11_006, 1, 3)
    assert row["pct_target"] == pytest.approx(11_006 / 12_000 * 100) and row["target_units"] == 1
    assert math.isnan(row["pct_prorated"])  # a stock is never pro-rated


def test_last_year_only_on_matched_months() -> None:
    """The issue's case: January 2022 only against January–June 2023 compares January with January."""
    rows = [("CTD", "HO_TRO", 2022, 1, 10)] + [("CTD", "HO_TRO", 2023, m, 15) for m in range(1, 7)]
    row = merge(checked_from(rows), IRREGULAR, window(Period(2023, 6), "6thang"), "6thang").cluster
    row = row.set_index("code").loc["HO_TRO"]
    assert row["value"] == 90 and row["change_pct"] == pytest.approx(50.0)  # 15 vs 10, not 90 vs 10
    assert row["last_year_partial"] and row["last_year_units"] == 1


def test_units_expected_only_while_members(khoi) -> None:
    """The Khối's SLD left on 2024-06-30: not expected in Q3, not counted as missing there."""
    from thidua.intake.completeness import timeliness
    from thidua.periods import parse_period

    q3 = parse_period("2024-Q3", "quarter")
    table, findings = timeliness(khoi, [], {}, q3, date(2024, 10, 20))
    expected = {(row["unit"], row["period"]) for row in table}
    assert ("SLD", "2024-Q2") in expected and ("SLD", "2024-Q3") not in expected
    assert ("SYT", "2024-Q3") in expected
    assert not any(f.unit == "SLD" and f.period == "2024-Q3" for f in findings)
    totals = merge(checked_from([]), khoi, window(q3, "quy"), "quy")
    assert "SLD" not in set(totals.by_unit["unit"])
