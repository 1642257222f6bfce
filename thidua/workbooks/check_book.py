"""Check results → kiem-tra.xlsx (findings, resubmission diffs, timeliness, reminders); the findings and
timeliness sheets are shared with the summary workbook."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.findings import COLUMN_LABELS, COLUMNS, to_frame
from thidua.intake.check import Checked
from thidua.workbooks.cells import Formats, print_setup, table_sheet

SHEET_TIMELINESS, SHEET_FINDINGS = "Tiến độ nộp", "Kiểm tra"
SHEET_DIFFS, SHEET_REMINDERS = "Bản gửi lại", "Nhắc nộp"


def findings_sheet(wb: Workbook, formats: Formats, checked: Checked) -> None:
    df = to_frame(checked.findings)
    rows = df[COLUMNS].values.tolist() if not df.empty else []
    table_sheet(
        wb,
        formats,
        SHEET_FINDINGS,
        "KẾT QUẢ KIỂM TRA BÁO CÁO CỦA CÁC ĐƠN VỊ",
        COLUMN_LABELS,
        rows,
        [22, 10, 8, 9, 30, 13, 7, 14, 70],
    )
    if not checked.diffs.empty:
        table_sheet(
            wb,
            formats,
            SHEET_DIFFS,
            "NHỮNG Ô THAY ĐỔI KHI ĐƠN VỊ GỬI LẠI BÁO CÁO",
            ["Đơn vị", "Kỳ", "Bản cũ", "Bản dùng", "Sheet", "Ô", "Giá trị cũ", "Giá trị mới"],
            checked.diffs.values.tolist(),
            [9, 9, 30, 30, 12, 7, 25, 25],
        )


def timeliness_sheet(wb: Workbook, formats: Formats, checked: Checked, cfg: Config | None) -> None:
    t = checked.timeliness
    ws = wb.add_worksheet(SHEET_TIMELINESS)
    ws.write_string(0, 0, "TIẾN ĐỘ NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ", formats.title)
    periods = list(dict.fromkeys(t["period"])) if not t.empty else []
    units = list(dict.fromkeys(t["unit"])) if not t.empty else []
    names = {u.code: u.short_name for u in cfg.units} if cfg else {}
    ws.write_string(2, 0, "Đơn vị", formats.header)
    ws.set_column(0, 0, 28)
    shorts = dict(zip(t["period"], t["short"], strict=True))
    for c, p in enumerate(periods, 1):
        ws.write_string(2, c, shorts[p], formats.header)
        ws.set_column(c, c, 11)
    status = {(r.unit, r.period): r.status for r in t.itertuples()}
    for r, unit in enumerate(units, 3):
        ws.write_string(r, 0, names.get(unit, unit), formats.text)
        for c, p in enumerate(periods, 1):
            s = status.get((unit, p), "")
            ws.write_string(r, c, s, formats.status.get(s, formats.center))
    ws.freeze_panes(3, 1)
    print_setup(ws, 2)


def write_check_workbook(checked: Checked, target: Path) -> None:
    """kiem-tra.xlsx: findings, resubmission diffs, timeliness and ready-to-send reminders."""
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        formats = Formats(wb)
        findings_sheet(wb, formats, checked)
        timeliness_sheet(wb, formats, checked, None)
        table_sheet(
            wb,
            formats,
            SHEET_REMINDERS,
            "THƯ NHẮC CÁC ĐƠN VỊ CHƯA NỘP BÁO CÁO",
            ["Đơn vị", "Nội dung thư nhắc"],
            [[unit, text] for unit, text in checked.reminders.items()],
            [12, 110],
        )
        wb.close()
