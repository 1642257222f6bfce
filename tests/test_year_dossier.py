"""The year-end dossier as clusters really make it: award dossiers are due about 10 December, before
December's returns, so the office scores on the data up to November (`pipeline.py score --period
2023-11`), the meeting votes on that workbook, and the annual report made in January says those same
scores, not scores recomputed on December's data."""

from __future__ import annotations

import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import clerk
import pytest
from conftest import EXAMPLE_CONFIG, check_folder, edited_config, without_pdf
from docx import Document
from openpyxl import load_workbook

import pipeline
from thidua.periods import Period
from thidua.scoring.year import score_year
from thidua.words.basis import basis_text

DOSSIER_DAY = date(2023, 12, 8)  # November's returns are due on 20/12: the dossier is made before that


def _main(*args: str, today: date) -> int:
    os.environ["THIDUA_TODAY"] = today.isoformat()
    try:
        return pipeline.main(without_pdf([*args, "--config", str(EXAMPLE_CONFIG)]))
    finally:
        os.environ.pop("THIDUA_TODAY")


def _summary(book: Path) -> dict[str, tuple]:
    wb = load_workbook(book, data_only=True)
    try:
        return {r[1]: r for r in wb["Tổng hợp điểm"].iter_rows(values_only=True) if isinstance(r[0], int)}
    finally:
        wb.close()


@pytest.fixture(scope="module")
def dossier(tmp_path_factory, cfg) -> tuple[Path, Path]:
    """The office's November dossier, voted on and put back in inputs/ in place of December's workbook."""
    import shutil

    from conftest import ROOT

    root = tmp_path_factory.mktemp("dossier")
    inputs, out = root / "inputs", root / "out"
    shutil.copytree(ROOT / "inputs", inputs)
    (inputs / "2023" / "cham-diem-2023.xlsx").unlink()  # the office has not scored yet
    args = ["--inputs", str(inputs), "--outputs", str(out)]
    assert _main("score", "--period", "2023-11", *args, today=DOSSIER_DAY) in (0, 1)
    book = inputs / "2023" / "cham-diem-2023-11.xlsx"
    book.write_bytes((out / "cham-diem-2023" / "cham-diem.xlsx").read_bytes())
    checked = check_folder(inputs, cfg, DOSSIER_DAY)
    november = score_year(checked, cfg, Period(2023, 11))
    votes = {(c.unit, c.award.code): 6 for c in november.candidates}
    clerk.fill_scoring(book, {}, {"members": 6, "present": 6}, votes, saved=datetime(2023, 12, 8, 16))
    return inputs, out


def test_the_dossier_is_scored_on_the_data_up_to_november(dossier) -> None:
    _, out = dossier
    folder = out / "cham-diem-2023"
    assert {p.name for p in folder.iterdir()} >= {"bien-ban.docx", "cham-diem.xlsx", "to-trinh.docx"}
    assert (folder / "ho-so-khen-thuong-cum-mttq-2023.zip").is_file()  # the dossier, with its báo cáo thành tích
    assert list(folder.glob("bao-cao-thanh-tich-*.docx"))
    wb = load_workbook(folder / "cham-diem.xlsx")
    assert "Số liệu đến tháng 11 năm 2023" in wb["Tổng hợp điểm"]["A3"].value
    assert dict(wb["thidua_meta"].iter_rows(values_only=True))["through"] == "2023-11"


def test_the_annual_report_says_the_voted_scores_not_december_ones(dossier, cfg) -> None:
    inputs, out = dossier
    assert _main("run", "--inputs", str(inputs), "--outputs", str(out), today=date(2024, 1, 25)) == 0
    checked = check_folder(inputs, cfg)
    november = {u.unit: u.total for u in score_year(checked, cfg, Period(2023, 11)).units}
    december = {u.unit: u.total for u in score_year(checked, cfg, Period(2023, 12)).units}
    assert november != december  # otherwise this test would prove nothing
    final = _summary(out / "nam-2023-12" / "cham-diem.xlsx")
    names = {u.short_name: u.code for u in cfg.units}
    assert {names[name]: row[6] for name, row in final.items()} == {u: float(t) for u, t in november.items()}
    report = "\n".join(p.text for p in Document(str(out / "nam-2023-12" / "bao-cao.docx")).paragraphs)
    assert "thang điểm chuẩn 100 điểm, số liệu đến tháng 11 năm 2023" in report
    minutes = "\n".join(p.text for p in Document(str(out / "nam-2023-12" / "bien-ban.docx")).paragraphs)
    assert "chưa có kết quả bỏ phiếu" not in minutes  # the November vote is complete (its time is not written)


def test_a_period_outside_the_year_is_refused(tmp_path) -> None:
    assert _main("score", "--period", "2024-01", "--outputs", str(tmp_path), today=DOSSIER_DAY) == 2


def _config_with(tmp_path: Path, **scoring: object):  # type: ignore[no-untyped-def]
    from thidua.config import load_config

    return load_config(edited_config(tmp_path, lambda data: data["year_end"]["scoring"].update(scoring)))


@pytest.mark.parametrize("mode", ["full", "prorate"])
def test_scoring_in_december_on_yearly_plans_worked_by_hand(dossier, tmp_path, mode) -> None:
    """MTTQ's line I.1 on the data to November: 4 indicators at 10 points each, the published rule.
    full:    335/300 hộ (leads); 14.274/15.000 m2; 146/150 nhà; 8.164/8.000 quà (TD leads quà with 30.223).
    prorate: the same against 11/12 of each plan: 275; 13.750; 137,5; 7.333,33 (HND leads m2 with 19.108)."""
    from fractions import Fraction as F

    inputs, _ = dossier
    cfg = _config_with(tmp_path, partial_year=mode)
    checked = check_folder(inputs, cfg, DOSSIER_DAY)
    line = next(x for x in score_year(checked, cfg, Period(2023, 11)).unit("MTTQ").lines if x.code == "I.1")
    basis = basis_text(line.basis, cfg.wording())
    if mode == "full":
        expected = 10 + 5 * F(14274, 15000) + 5 * F(146, 150) + 5 + 5 * F(164, 30223 - 8000)
        assert "Số hộ dân hiến đất: 335/300 hộ (111,7%, dẫn đầu) → 10" in basis
        assert "Nhà đại đoàn kết xây dựng mới: 146/150 nhà (97,3%) → 4,87" in basis
        assert "kế hoạch năm" not in basis
    else:
        plan = F(22000, 3)  # 8.000 × 11/12
        expected = 10 + 5 + 5 * F(524, 19108 - 13750) + 10 + 5 + 5 * (8164 - plan) / (30223 - plan)
        assert "Số hộ dân hiến đất: 335/275 hộ (11/12 kế hoạch năm 300; 121,8%, dẫn đầu) → 10" in basis
        area = "Diện tích đất được hiến: 14.274/13.750 m2 (11/12 kế hoạch năm 15.000; 103,8%, so với 19.108 m2 của "
        assert area + "Hội Nông dân tỉnh, đơn vị dẫn đầu) → 5,49" in basis
    assert line.computed == round(Decimal(expected.numerator) / Decimal(expected.denominator), 2)


def test_a_stock_keeps_its_whole_plan_and_a_joiner_counts_its_own_months(tmp_path) -> None:
    """By November, a flow is compared with 11/12 of its plan, a stock with all of it; a unit that joined
    on 01/04 with 8 of its 9 months as a member, never with 11/12 of its plan."""
    import pandas as pd
    from conftest import edited_config

    from thidua.config import load_config
    from thidua.periods import Period, year_to_date
    from thidua.scoring.year import _prorated

    def joins(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "CCB")["member_from"] = date(2023, 4, 1)

    joined = load_config(edited_config(tmp_path, joins))
    frame = pd.DataFrame(
        {"unit": ["MTTQ", "MTTQ", "CCB"], "rollup": ["sum", "last", "sum"], "target": [120.0, 50.0, 90.0]}
    )
    out = _prorated(frame, joined, year_to_date(Period(2023, 11)), prorate=True)
    assert list(out["target"]) == [110.0, 50.0, 80.0] and list(out["plan"]) == [120.0, 50.0, 90.0]
    assert list(out["share_done"]) == [11, 11, 8] and list(out["share_whole"]) == [12, 12, 9]
