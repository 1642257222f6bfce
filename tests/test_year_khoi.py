"""Another cluster's year, by config alone: the quarterly Khối's 1.000-point table (proportional targets,
minus points per late report, a deduction counted from an indicator, a unit leaving on 30/06), walked
through as its office would: registration workbooks generated and filled, quarterly returns, self-scoring
generated and filled, the scoring workbook generated, voted on and read back. Every figure by hand."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import clerk
import pytest
from conftest import KHOI_CONFIG, without_pdf
from docx import Document
from openpyxl import load_workbook

import pipeline
from thidua.periods import parse_period
from thidua.workbooks.template import write_template

TODAY = "2025-01-20"  # after the fourth quarter's deadline (10/01/2025)
PER_QUARTER = {  # what each department reports every quarter
    "SYT": {"SANG_KIEN": 6, "KINH_PHI": 12.5, "HO_SO_TRUC_TUYEN": 900, "HO_SO_TRE_HAN": 3, "TY_LE_DUNG_HAN": 95},
    "SGD": {"SANG_KIEN": 8, "HO_SO_TRUC_TUYEN": 800, "HO_SO_TRE_HAN": 5, "CAN_BO_SO": 120, "TY_LE_DUNG_HAN": 90},
    "SVH": {"SANG_KIEN": 3, "HO_SO_TRUC_TUYEN": 450, "HO_SO_TRE_HAN": 0, "CAN_BO_SO": 50, "TY_LE_DUNG_HAN": 100},
    "SLD": {"SANG_KIEN": 2, "KINH_PHI": 5, "HO_SO_TRUC_TUYEN": 300, "HO_SO_TRE_HAN": 1, "TY_LE_DUNG_HAN": 85},
}
REGISTERED = {"SGD": {"HO_SO_TRUC_TUYEN": 3000}, "SVH": {"SANG_KIEN": 12, "HO_SO_TRUC_TUYEN": 2000}}
SELF = {  # A3 (qualitative, with evidence), B2 (occurrences × 25), C (bonus)
    "SYT": {"A3": {"score": 190, "evidence": "Báo cáo 15/BC-SYT"}, "B2": {"count": 6}, "C": {"score": 20}},
    "SGD": {"A3": {"score": 180, "evidence": "Báo cáo 22/BC-SGD"}, "B2": {"count": 8}, "C": {"score": 0}},
    "SVH": {"A3": {"score": 200, "evidence": "Báo cáo 9/BC-SVH"}, "B2": {"count": 4}, "C": {"score": 30}},
}
# Worked out by hand from the table in tests/data/khoi/config.yaml:
# A1 = 300·min(1, year/plan), A2 = 200·min(1, year/plan), B1 = 100 − 20·late − 50·missing,
# B2 = min(200, 25·count), D = min(100, 5·overdue files).
EXPECTED = {
    "SYT": {"A1": 300, "A2": 180, "A3": 190, "B1": 100, "B2": 150, "C": 20, "D": 60, "total": 880},  # 24/20; 3600/4000
    "SGD": {"A1": 240, "A2": 200, "A3": 180, "B1": 100, "B2": 200, "C": 0, "D": 100, "total": 820},  # 32/40; 3200/3000
    "SVH": {"A1": 300, "A2": 180, "A3": 200, "B1": 80, "B2": 100, "C": 30, "D": 0, "total": 890},  # 12/12; 1800/2000
}


def _run(*args: str, inputs: Path, out: Path) -> int:
    os.environ["THIDUA_TODAY"] = TODAY
    try:
        argv = [*args, "--config", str(KHOI_CONFIG), "--inputs", str(inputs), "--outputs", str(out)]
        return pipeline.main(without_pdf(argv))
    finally:
        os.environ.pop("THIDUA_TODAY")


def _send_back(generated: Path, folder: Path) -> Path:
    """A unit's copy of a generated workbook, put in the office's inputs as it comes back."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / generated.name
    target.write_bytes(generated.read_bytes())
    return target


@pytest.fixture(scope="module")
def year(khoi, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("khoi")
    inputs, out = root / "inputs", root / "out"
    assert _run("registration", inputs=inputs, out=out) == 0
    for unit, plans in REGISTERED.items():
        target = _send_back(out / "dang-ky-2024" / f"dang-ky-2024_{unit}.xlsx", inputs / "dang-ky")
        clerk.fill_registration(target, plans, ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"], datetime(2024, 2, 1))
    for q in ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"):
        period = parse_period(q, "quarter")
        for unit, values in PER_QUARTER.items():
            if unit == "SLD" and period.month > 6:
                continue  # left the Khối on 30/06/2024
            path = inputs / q / f"{unit}.xlsx"
            write_template(khoi, khoi.unit(unit), period, path)
            late = unit == "SVH" and q == "2024-Q3"  # saved on the 15th: five days after the deadline
            saved = datetime(period.year + period.month // 12, period.month % 12 + 1, 15 if late else 5)
            clerk.fill(path, values, saved=saved)
    assert _run("self-score", inputs=inputs, out=out) == 0
    for unit, lines in SELF.items():
        target = _send_back(out / "tu-cham-2024" / f"tu-cham-2024_{unit}.xlsx", inputs / "tu-cham")
        clerk.fill_self_score(target, lines, datetime(2025, 1, 15))
    assert _run("run", "--period", "2024-Q4", "--kind", "nam", inputs=inputs, out=out) == 0
    return root


def _scores(folder: Path) -> dict[str, dict[str, float]]:
    rows = load_workbook(folder / "cham-diem.xlsx", data_only=True)["Chấm điểm"].iter_rows(values_only=True)
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        if r[0] in PER_QUARTER and r[2]:
            out.setdefault(r[0], {})[r[2]] = r[11]
    return out


def test_a_thousand_point_table_by_config_alone(year) -> None:
    folder = year / "out" / "nam-2024-Q4"
    scores = _scores(folder)
    assert set(scores) == {"SYT", "SGD", "SVH"}  # the labour department left mid-year: not scored
    for unit, expected in EXPECTED.items():
        assert {k: v for k, v in scores[unit].items()} == {k: v for k, v in expected.items() if k != "total"}, unit
    summary = load_workbook(folder / "cham-diem.xlsx", data_only=True)["Tổng hợp điểm"]
    rows = {r[1]: r for r in summary.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Sở")}
    assert rows["Sở Văn hóa, Thể thao và Du lịch"][6:9] == (890, "Tốt", "1")
    assert rows["Sở Y tế"][6:9] == (880, "Tốt", "2") and rows["Sở Giáo dục và Đào tạo"][6:9] == (820, "Tốt", "3")
    assert "thang điểm chuẩn 1.000 điểm" in str(summary["A3"].value)
    book = load_workbook(folder / "cham-diem.xlsx")
    labels = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert {"Khối chấm", "Tổng số thành viên của Khối"} <= labels  # a Khối's own word, read back below
    assert not [text for text in labels if "Cụm" in text]


def test_the_khoi_votes_and_its_documents_become_final(year) -> None:
    inputs, out = year / "inputs", year / "out"
    folder = out / "nam-2024-Q4"
    draft = "\n".join(p.text for p in Document(str(folder / "bien-ban.docx")).paragraphs)
    assert draft.startswith("DỰ THẢO")  # nobody has voted yet
    chair = inputs / "cham-diem-2024.xlsx"
    chair.write_bytes((folder / "cham-diem.xlsx").read_bytes())
    facts = {"held": "15/01/2025 09:00", "place": "Sở Y tế", "chair": "Hoàng Thị Mai, Giám đốc Sở Y tế", "present": 3}
    # A signable record of a vote says who attended, how they voted, when the meeting ended, who kept it.
    facts |= {"attendees": "Hoàng Thị Mai, Giám đốc Sở Y tế; Đại diện lãnh đạo các sở", "method": "giơ tay"}
    facts |= {"secretary": "Lục Văn Nam, chuyên viên Văn phòng Sở Y tế"}
    facts |= {"ended": "10:30"}
    clerk.fill_scoring(chair, {}, facts, {("SVH", "BK"): 3}, saved=datetime(2025, 1, 15, 11))
    assert _run("run", "--period", "2024-Q4", "--kind", "nam", inputs=inputs, out=out) == 0
    minutes = "\n".join(p.text for p in Document(str(folder / "bien-ban.docx")).paragraphs)
    assert not minutes.startswith("DỰ THẢO")
    assert "Khối thi đua các cơ quan Văn hóa - Xã hội tỉnh Cao Bằng tổ chức họp" in minutes
    assert "ít nhất 75% tổng số thành viên (3 thành viên)" in minutes
    assert "Sở Văn hóa, Thể thao và Du lịch: 03/03 thành viên đồng ý (100%), đạt" in minutes
    assert "Lạng Sơn" not in minutes and "Cụm" not in minutes
    proposal = Document(str(folder / "to-trinh.docx"))
    assert proposal.tables[-1].rows[1].cells[1].text == "Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng"
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Cao Bằng." in "\n".join(p.text for p in proposal.paragraphs)


def test_a_department_signs_as_its_director_not_on_behalf_of_a_board(khoi, tmp_path) -> None:
    """A Sở has one head: its block is 'SỞ Y TẾ / GIÁM ĐỐC', never 'TM. Sở Y tế' (config: authority "")."""
    from thidua.report.lines import unit_signer

    assert unit_signer(khoi.unit("SYT"), named=True) == ["Sở Y tế", "GIÁM ĐỐC"]
    assert unit_signer(khoi.unit("SYT")) == ["GIÁM ĐỐC"]


# The rate of files handled on time: each department's quarters averaged (constant here), then weighted by
# the files it handled online over the same quarters: (95·3.600 + 90·3.200 + 100·1.800 + 85·600) / 9.200
# = 861.000 / 9.200 = 93,59%; the labour department counts for its two quarters as a member. A plain mean
# would be 92,5%; a sum, 370%.
RATE = 861_000 / 9_200


def test_a_rate_is_averaged_by_weight_never_summed(year) -> None:
    folder = year / "out" / "nam-2024-Q4"
    doc = Document(str(folder / "bao-cao.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert (
        "tỷ lệ hồ sơ giải quyết đúng hạn đạt 93,6% (bình quân 04 đơn vị, tính theo quyền số “Hồ sơ giải quyết "
        "trực tuyến”)" in text
    )
    assert "370" not in text and "92,5%" not in text
    annex = next(t for t in doc.tables if any("Tỷ lệ hồ sơ" in c.text for c in t.columns[1].cells))
    row = next(r for r in annex.rows if r.cells[1].text == "Tỷ lệ hồ sơ giải quyết đúng hạn")
    assert [c.text for c in row.cells[3:7]] == ["95", "90", "100", "85"]
    assert row.cells[7].text == "93,59" and row.cells[8].text.startswith("Cột Tổng cộng: bình quân gia quyền")
    sheet = load_workbook(folder / "tong-hop.xlsx")["Tổng hợp"]
    found = next(r for r in sheet.iter_rows(values_only=True) if r[1] and str(r[1]).startswith("Tỷ lệ hồ sơ"))
    assert found[1] == "Tỷ lệ hồ sơ giải quyết đúng hạn (toàn Khối: bình quân gia quyền)"
    assert found[3] == round(RATE, 2) and found[6] is None and found[7] is None  # no plan compared
