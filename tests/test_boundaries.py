"""The rules at their edges, where a wrong comparison or rounding changes a word a reader sees: a change
under half a percent, a change that rounds to nothing, a total exactly on a band's minimum, the
year-to-date wording of a window that does not start in January."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLE_CONFIG

from thidua.config import load_config
from thidua.config.year import Band
from thidua.report.scopes import Part, comparison
from thidua.scoring.ranking import band_of


@pytest.fixture(scope="module")
def setting() -> tuple:
    cfg = load_config(Path(EXAMPLE_CONFIG))
    return cfg, cfg.wording()


def _row(change_pct: float, pct_target: float = math.nan, measure: str = "hộ", change: float = math.nan) -> pd.Series:
    """A cluster row whose bases are the whole cluster: only the percentages matter."""
    return pd.Series(
        {
            "measure": measure,
            "change": change,
            "pct_target": pct_target,
            "target_units": 3,
            "registered": 3,
            "units": 3,
            "target_unit_codes": ("MTTQ", "HND", "TD"),
            "change_pct": change_pct,
            "last_year_units": 3,
            "last_year_partial": False,
            "last_year_unit_codes": ("MTTQ", "HND", "TD"),
            "last_year_months": (1, 2, 3),
        }
    )


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (0.4, "tăng 0,4% so với cùng kỳ năm 2022"),  # under half a percent is still a change
        (-0.45, "giảm 0,5% so với cùng kỳ năm 2022"),  # half up, on the decimal not the float
        (0.04, "bằng cùng kỳ năm 2022"),  # rounds to 0,0%: never "tăng 0%"
        (-0.04, "bằng cùng kỳ năm 2022"),
    ],
)
def test_small_changes(setting, change, said) -> None:
    _cfg, words = setting
    assert comparison(_row(change), 2023, words, (True, "month")) == [Part(said)]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (2.46, "tăng 2,5 điểm phần trăm so với cùng kỳ năm 2022"),  # 90% → 92,46%: points, not +2,7%
        (-0.3, "giảm 0,3 điểm phần trăm so với cùng kỳ năm 2022"),
        (0.02, "bằng cùng kỳ năm 2022"),
    ],
)
def test_a_rate_changes_by_points(setting, change, said) -> None:
    _cfg, words = setting
    row = _row(change / 90 * 100, measure="%", change=change)
    assert comparison(row, 2023, words, (True, "month")) == [Part(said)]


def test_a_window_after_january_states_the_plan_year_to_date(setting) -> None:
    _cfg, words = setting
    parts = comparison(_row(math.nan, 61.25), 2023, words, (False, "month"))
    assert parts == [Part("lũy kế từ đầu năm bằng 61,3% kế hoạch năm")]
    assert comparison(_row(math.nan, 61.25), 2023, words, (True, "month")) == [Part("bằng 61,3% kế hoạch năm")]


BANDS = [Band(label="Xuất sắc", min=Decimal(90)), Band(label="Tốt", min=Decimal(80)), Band(label="Khá", min=Decimal(0))]


@pytest.mark.parametrize(
    ("total", "band"),
    [("90", "Xuất sắc"), ("89.99", "Tốt"), ("80", "Tốt"), ("79.99", "Khá"), ("0", "Khá")],
)
def test_a_total_on_a_band_minimum_is_in_that_band(total, band) -> None:
    assert band_of(Decimal(total), BANDS) == band


def test_a_self_scored_deduction_is_subtracted(cfg) -> None:
    """Each unit's self-scored total, added up again from its lines: deductions count against it."""
    from conftest import check_folder

    from thidua.config import Config
    from thidua.scoring.year import score_year

    assert isinstance(cfg, Config)
    checked = check_folder(Path(EXAMPLE_CONFIG).parent / "inputs", cfg)
    scores = score_year(checked, cfg, checked.through)
    deducted = 0
    for u in scores.units:
        own = {kind: [x.self_score for x in u.lines if (x.criterion.kind == kind)] for kind in ("bonus", "deduction")}
        rest = [x.self_score for x in u.lines if x.criterion.kind not in ("bonus", "deduction")]
        if None in rest + own["bonus"] + own["deduction"]:
            continue
        expected = sum(rest, Decimal(0)) + sum(own["bonus"], Decimal(0)) - sum(own["deduction"], Decimal(0))
        deducted += any(own["deduction"])
        assert u.self_total == expected, u.unit
    assert deducted  # the example has units that scored themselves a deduction
