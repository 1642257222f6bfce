"""Check results → kiem-tra.xlsx (findings, resubmission diffs, timeliness, reminders); the findings and
timeliness sheets are shared with the summary workbook."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.findings import COLUMN_LABELS, COLUMNS, Finding, ordered
from thidua.intake.check import Checked
from thidua.intake.completeness import LEGEND, expected_periods, membership
from thidua.intake.resubmission import DIFF_COLUMNS
from thidua.workbooks.cells import Formats, print_setup, table_sheet
from thidua.workbooks.uptodate import key

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

SHEET_TIMELINESS, SHEET_FINDINGS = "Tiến độ nộp", "Kiểm tra"
SHEET_DIFFS, SHEET_REMINDERS = "Bản gửi lại", "Nhắc nộp"


def findings_sheet(wb: Workbook, formats: Formats, checked: Checked) -> None:
    rows = [[row[c] for c in COLUMNS] for row in map(Finding.as_row, ordered(checked.findings))]
    table_sheet(
        wb,
        formats,
        SHEET_FINDINGS,
        "KẾT QUẢ KIỂM TRA BÁO CÁO CỦA CÁC ĐƠN VỊ",
        COLUMN_LABELS,
        rows,
        [22, 10, 8, 9, 30, 13, 7, 14, 70],
    )
    if checked.diff_rows:
        table_sheet(
            wb,
            formats,
            SHEET_DIFFS,
            "NHỮNG Ô THAY ĐỔI KHI ĐƠN VỊ GỬI LẠI BÁO CÁO",
            ["Đơn vị", "Kỳ", "Bản cũ", "Bản dùng", "Sheet", "Ô", "Giá trị cũ", "Giá trị mới"],
            [[row[c] for c in DIFF_COLUMNS] for row in checked.diff_rows],
            [9, 9, 30, 30, 12, 7, 25, 25],
        )


def timeliness_sheet(wb: Workbook, formats: Formats, checked: Checked, cfg: Config) -> None:
    """Units × periods: each report's status, coloured; the periods a unit was not a member are marked
    too, so a blank never has to be guessed at; a legend says what each status means."""
    from thidua.workbooks.bulk import BulkSheet

    ws = wb.add_worksheet(SHEET_TIMELINESS, worksheet_class=BulkSheet)
    ws.write_string(0, 0, "TIẾN ĐỘ NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ", formats.title)
    periods = expected_periods(checked.through) if checked.through else []
    status = {(r["unit"], r["period"]): r["status"] for r in checked.timeliness_rows}
    ws.write_string(2, 0, "Đơn vị", formats.header)
    ws.set_column(0, 0, 28)
    for c, period in enumerate(periods, 1):
        ws.write_string(2, c, period.short_label, formats.header)
        ws.set_column(c, c, 12)
    rows = []
    for unit in cfg.units:
        texts = [status.get((unit.code, p.key)) or membership(cfg, unit.code, p) or "" for p in periods]
        # A status left blank is still a bordered cell: a blank carrying its format.
        rows.append([(unit.short_name, formats.text)] + [(t, formats.status.get(t, formats.center)) for t in texts])
    # Two lines a row: the longest statuses ("không còn là thành viên") wrap.
    ws.write_rows(3, rows, [30] * len(rows))
    legend_row = len(cfg.units) + 4
    ws.write_string(legend_row, 0, "Chú thích", formats.header)
    for k, (text, meaning) in enumerate(LEGEND.items(), legend_row + 1):
        ws.write_string(k, 0, text, formats.status[text])
        ws.write_string(k, 1, meaning, formats.subtitle)
    ws.freeze_panes(3, 1)
    print_setup(ws, 2)


def check_key(checked: Checked, cfg: Config) -> str:
    """What kiem-tra.xlsx is made of: written again only when one of these changed (workbooks/uptodate.py)."""
    findings = [f.as_row() for f in checked.findings]
    names = [(u.code, u.short_name) for u in cfg.units]
    return key(findings, checked.timeliness_rows, checked.diff_rows, checked.reminders, names)


def write_check_workbook(checked: Checked, cfg: Config, target: Path) -> None:
    """kiem-tra.xlsx: findings, resubmission diffs, timeliness and ready-to-send reminders."""
    import xlsxwriter  # here: a check whose findings did not change writes nothing

    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True})
        formats = Formats(wb)
        findings_sheet(wb, formats, checked)
        timeliness_sheet(wb, formats, checked, cfg)
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
