"""A unit's profile workbook (hồ sơ đơn vị) carries sections I and III of its báo cáo thành tích: the office
sends it pre-filled with what it knows, the unit corrects and completes it once, and the report then says
what the unit wrote, not what config.yaml held."""

from __future__ import annotations

import shutil

import clerk
from conftest import EXAMPLE_CONFIG, ROOT, run_pipeline
from docx import Document
from openpyxl import load_workbook

import pipeline
from thidua import layout

ADDRESS = "Số 5 đường Trần Đăng Ninh, phường Tam Thanh, thành phố Lạng Sơn"
AWARDS = [
    (2021, "Cờ thi đua của Ủy ban nhân dân tỉnh", "Quyết định số 100/QĐ-UBND ngày 15/01/2022 của UBND tỉnh Lạng Sơn"),
    (2022, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "Quyết định số 150/QĐ-UBND ngày 20/01/2023 của UBND tỉnh"),
]


def _text(path) -> str:  # type: ignore[no-untyped-def]
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_the_units_own_profile_is_what_its_report_says(tmp_path, example_inputs, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", "2024-01-25")
    out = tmp_path / "out"
    args = ["--config", str(EXAMPLE_CONFIG), "--inputs", str(example_inputs), "--outputs", str(out)]
    assert pipeline.main(["profile", *args]) == 0
    workbook = out / "ho-so-2023" / "ho-so-2023_MTTQ.xlsx"
    sheet = load_workbook(workbook)[layout.SHEET_PROFILE]
    prefilled = {row[0].value: row[2].value for row in sheet.iter_rows() if row[0].value in layout.PROFILE_ITEMS}
    assert prefilled["address"].startswith("Số 2 đường Hùng Vương")  # what config.yaml holds, to correct
    history = "Thành lập ngày 18/11/1930 theo truyền thống Mặt trận.\nĐại hội đại biểu lần thứ XV nhiệm kỳ 2024-2029."
    clerk.fill_profile(workbook, {"address": ADDRESS, "history": history}, AWARDS)
    (example_inputs / "2023" / "ho-so").mkdir(exist_ok=True)  # the example's Tỉnh đoàn sent its own
    shutil.copy(workbook, example_inputs / "2023" / "ho-so" / "ho so MTTQ.xlsx")
    monkeypatch.delenv("THIDUA_TODAY")
    run_pipeline(out, "--period", "2023-12", inputs=example_inputs)
    report = _text(out / "nam-2023-12" / "bao-cao-thanh-tich-mttq.docx")
    assert f"Địa chỉ: {ADDRESS}" in report and "Hùng Vương" not in report
    assert "- Đại hội đại biểu lần thứ XV nhiệm kỳ 2024-2029." in report  # one line per item, as a list
    assert all(form in report and decision in report for _, form, decision in AWARDS)
    again = out / "again"
    assert pipeline.main(["profile", *args[:-1], str(again)]) == 0  # the next copy starts from what was sent
    rows = list(
        load_workbook(again / "ho-so-2023" / "ho-so-2023_MTTQ.xlsx")[layout.SHEET_AWARDS].iter_rows(values_only=True)
    )
    assert (2021, AWARDS[0][1], AWARDS[0][2]) in [tuple(r[1:4]) for r in rows]


def test_a_unit_downloads_its_profile_from_the_portal(tmp_path) -> None:
    from test_portal import as_unit, make_app

    shutil.copytree(ROOT / "inputs" / "2023" / "T06", tmp_path / "inputs" / "2023" / "T06")
    app, _ = make_app(tmp_path)
    unit = as_unit(app, "HND")
    assert "Hồ sơ đơn vị năm 2023" in unit.get("/don-vi").get_data(as_text=True)
    sent = unit.get("/don-vi/ho-so.xlsx")
    assert sent.status_code == 200 and "ho-so-2023_HND.xlsx" in sent.headers["Content-Disposition"]
    sent.close()
