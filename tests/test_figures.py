"""Every figure a reader sees is true, on irregular data (tests/data/irregular, built by
scripts/make_irregular.py from figures listed there): the report's sentences are compared with values
worked out by hand below, and the workbook's cells with the oracle (tests/oracle.py)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from conftest import ROOT
from docx import Document
from make_irregular import figures
from openpyxl import load_workbook
from oracle import oracle

import pipeline
from thidua.config import load_config

IRREGULAR = ROOT / "tests" / "data" / "irregular"
NCT, LHH, KH = "Hội Người cao tuổi tỉnh", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Hội Khuyến học tỉnh"


@pytest.fixture(scope="module")
def irregular_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    import os

    out = tmp_path_factory.mktemp("irregular")
    os.environ["THIDUA_TODAY"] = "2023-07-25"  # after June's deadline (20/07)
    try:
        args = ["--config", str(IRREGULAR / "config.yaml"), "--inputs", str(IRREGULAR / "inputs")]
        assert pipeline.main(["run", *args, "--outputs", str(out), "--period", "2023-06"]) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")
    doc = Document(str(out / "6thang-2023-06" / "bao-cao.docx"))
    return {
        "text": "\n".join(p.text for p in doc.paragraphs),
        "doc": doc,
        "book": load_workbook(out / "6thang-2023-06" / "tong-hop.xlsx"),
        "check": load_workbook(out / "kiem-tra.xlsx"),
    }


def half_up(value: float, places: int) -> float:
    """As the report rounds (31,25% → 31,3%), unlike Python's round()."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# Each total as a reader sees it, with the arithmetic behind it.
TOTALS = [
    # 300 (CTD) + 100 (NCT, no March) + 240 (KH) + 60 (LHH, no June) + 50 (LG, a member until May) = 750.
    # Plan: CTD 300/500 and KH 240/300, the two units with a target and a full year so far: 540/800 = 67,5%.
    # Last year, same months only: CTD Jan 50 vs 40, NCT Jan–Jun but March 100 vs 75, LG Jan–May 50 vs 40:
    # 200 vs 155 = +29,0%, over 3 of the 5 units, each on different months.
    f"trao 750 suất quà cho người có hoàn cảnh khó khăn (chưa gồm số liệu tháng 3 năm 2023 của {NCT}, tháng 6 "
    f"năm 2023 của {LHH}); Hội Chữ thập đỏ tỉnh và {KH}, các đơn vị có đăng ký chỉ tiêu, đạt 67,5% kế hoạch năm; "
    f"Hội Chữ thập đỏ tỉnh, {NCT} và Hội Luật gia tỉnh, tính các tháng có số liệu cả hai năm, tăng 29% so "
    "với cùng kỳ năm 2022;",
    # 6 × 10,5 (CTD) + 5 × 7,5 (KH left May blank) = 63 + 37,5 = 100,5. Last year: CTD January only, 10,5 vs 8.
    # KH sent May's report with this optional cell blank: said as a blank cell, not as a missing report.
    f"kinh phí vận động đạt 100,5 triệu đồng (chưa gồm số liệu tháng 5 năm 2023 của {KH}, do báo cáo để trống chỉ "
    f"tiêu này); Hội Chữ thập đỏ "
    "tỉnh, đơn vị có số liệu cả hai năm, tính tháng 1, tăng 31,3% so với cùng kỳ năm 2022.",
    # A stock: June's figure only. CTD 11.000 + 600 = 11.600; NCT 3.000 + 120 = 3.120; LHH has no June (its
    # May 720 is not June's). Plan: CTD 11.600/12.000 = 96,7%; LHH registered too but has no June figure.
    # Last year: NCT June 3.120 vs 2.900 = +7,6%; CTD has no June 2022.
    f"có 14.720 hội viên đang sinh hoạt (chưa gồm số liệu của {LHH}); Hội Chữ thập đỏ tỉnh, đơn vị có đăng ký chỉ "
    f"tiêu và đủ số liệu từ đầu năm, đạt 96,7% kế hoạch năm; {NCT}, đơn vị có số liệu cả hai năm, tăng 7,6% so với "
    "cùng kỳ năm 2022;",
    # Maxima: NCT 300 (February), LG 150 (March): 450. NCT's target (400) is not compared: March is missing.
    # Last year on the same months: NCT 200, LG 100: 300, so +50%.
    f"tổ chức đợt hoạt động đông nhất với 450 lượt người (chưa gồm số liệu tháng 3 năm 2023 của {NCT}), tăng 50% "
    "so với cùng kỳ năm 2022.",
]


@pytest.mark.parametrize("total", TOTALS, ids=["flow", "decimal", "stock", "max"])
def test_each_total_is_stated_with_its_base(irregular_run, total) -> None:
    assert total in irregular_run["text"]


def test_units_without_a_period_say_so(irregular_run) -> None:
    text = irregular_run["text"]
    assert f"{NCT} (chưa có số liệu tháng 3 năm 2023) trao 100 suất quà" in text
    assert f"{LHH} (chưa có số liệu tháng 6 năm 2023) trao 60 suất quà" in text
    assert f"{KH} (chưa có số liệu tháng 5 năm 2023) trao 240 suất quà" in text
    assert "có 720 hội viên" not in text  # LHH's May stock is never told as June's


def test_draft_and_timeliness(irregular_run) -> None:
    text = irregular_run["text"]
    assert text.startswith("DỰ THẢO")
    assert (
        f"(Dự thảo: báo cáo tháng 3 năm 2023 của {NCT} chưa nộp; báo cáo tháng 6 năm 2023 của {LHH} "
        "chưa nộp; số liệu của các đơn vị này chỉ gồm các kỳ đã nhận" in text
    )
    # 26 reports owed: 6 + 6 + 6 + 3 (LHH from April) + 5 (LG until May); 2 missing, 1 undated.
    assert "23/26 báo cáo của các đơn vị được gửi đúng hạn; 01 báo cáo chưa xác định được ngày gửi" in text
    sheet = irregular_run["book"]["Tiến độ nộp"]
    grid = {r[0].value: [c.value for c in r[1:7]] for r in sheet.iter_rows(min_row=4, max_row=8)}
    assert grid[LHH][:4] == ["chưa là thành viên"] * 3 + ["đúng hạn"] and grid[LHH][5] == "chưa nộp"
    assert (
        grid["Hội Luật gia tỉnh"][1] == "chưa rõ ngày nộp" and grid["Hội Luật gia tỉnh"][5] == "không còn là thành viên"
    )
    assert grid[NCT][2] == "chưa nộp"


def test_annex_marks_partial_columns_and_cells(irregular_run) -> None:
    doc = irregular_run["doc"]
    annex = doc.tables[2]
    header = [c.text for c in annex.rows[0].cells]
    assert f"{NCT} (1)" in header and f"{LHH} (2)" in header and "Hội Luật gia tỉnh (3)" in header
    notes = [p.text for p in doc.paragraphs if p.text.startswith("(")]
    assert f"(2) {LHH}: thành viên từ ngày 01/04/2023; có số liệu 2/3 tháng (chưa có tháng 6 năm 2023)" in notes
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in annex.rows[1:]}
    assert rows["Hội viên đang sinh hoạt"][6] == "" and rows["Hội viên đang sinh hoạt"][-1] == f"Chưa có số liệu: {LHH}"
    assert rows["Kinh phí vận động được"][-1] == f"Chưa đủ số liệu: {KH} (tháng 5 năm 2023)"


def test_summary_cells_agree_with_the_oracle(irregular_run) -> None:
    cfg = load_config(IRREGULAR / "config.yaml")
    _, cluster = oracle(cfg, figures(), 2023, list(range(1, 7)))
    sheet = irregular_run["book"]["Tổng hợp"]
    header = [c.value for c in sheet[4]]
    labels = {i.label: i.code for i in cfg.indicators}
    seen = 0
    for row in sheet.iter_rows(min_row=5):
        code = labels.get(row[1].value)
        if code is None:
            continue
        seen += 1
        cells = dict(zip(header, (c.value for c in row), strict=True))
        want = cluster[code]
        assert cells["Kỳ này"] == pytest.approx(want["value"])
        assert cells["Số đơn vị"] == f"{want['units']}/{want['expected']}"
        for column, field in (("% đạt", "pct_target"), ("% tăng/giảm", "change_pct")):
            expected = want[field]
            assert cells[column] is None if math.isnan(expected) else cells[column] == half_up(expected / 100, 3)
    assert seen == len(cfg.indicators)


def test_libreoffice_resave_reads_the_same(irregular_run) -> None:
    """KH's June return was opened and saved by LibreOffice: its figure counts like the others."""
    sheet = irregular_run["book"]["Theo đơn vị"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    assert rows["HO_TRO"][5] == 240  # 6 × 40, June from the LibreOffice file included
