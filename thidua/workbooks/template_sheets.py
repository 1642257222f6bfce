"""The template's other sheets: the commendations (with their drop-down lists), the guide, and the very
hidden metadata sheet that says whose return it is and for which period."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from thidua import layout
from thidua.config import Config, Unit
from thidua.periods import Period
from thidua.workbooks.cells import print_setup
from thidua.workbooks.template_base import GUIDE, Filled, Styles, entry, heading, protect


def commendations(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period, filled: Filled) -> None:
    lists = wb.add_worksheet(layout.SHEET_LISTS)
    lists.write_column(0, 0, cfg.commendation_forms)
    lists.write_column(0, 1, cfg.commendation_levels)
    lists.hide()
    ws = wb.add_worksheet(layout.SHEET_COMMENDATIONS)
    heading(ws, styles, "KẾT QUẢ KHEN THƯỞNG TRONG KỲ", cfg, unit, period)
    for col, (head, width) in enumerate(zip(layout.COM_HEADERS, [6, 40, 16, 11, 11, 46], strict=True)):
        ws.write_string(layout.HEADER_ROW, col, head, styles.header)
        ws.set_column(col, col, width)
    first, last = layout.HEADER_ROW + 1, layout.HEADER_ROW + layout.COM_ROWS
    sheet = f"'{layout.SHEET_LISTS}'"
    rows = filled.commendations[: layout.COM_ROWS]
    for r in range(first, last + 1):
        ws.set_row(r, 20)
        ws.write_number(r, 0, r - first + 1, styles.center)
        typed = rows[r - first] if r - first < len(rows) else ("", "", "", "", "")
        for c in range(1, 6):
            entry(ws, r, c, typed[c - 1], styles.input if c in (3, 4) else styles.input_text)
    choice = {
        "validate": "list",
        "error_title": "Không có trong danh sách",
        "error_message": "Hãy chọn một mục trong danh sách thả xuống.",
    }
    ws.data_validation(first, 1, last, 1, {**choice, "source": f"={sheet}!$A$1:$A${len(cfg.commendation_forms)}"})
    ws.data_validation(first, 2, last, 2, {**choice, "source": f"={sheet}!$B$1:$B${len(cfg.commendation_levels)}"})
    ws.data_validation(
        first,
        3,
        last,
        4,
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": "Số liệu không hợp lệ",
            "error_message": "Chỉ nhập số nguyên không âm.",
        },
    )
    ws.freeze_panes(layout.HEADER_ROW + 1, 0)
    print_setup(ws, layout.HEADER_ROW, landscape=True)
    protect(ws)


def guide(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period) -> None:
    ws = wb.add_worksheet(layout.SHEET_GUIDE)
    heading(ws, styles, "HƯỚNG DẪN ĐIỀN BIỂU MẪU", cfg, unit, period)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 95)
    for n, text in enumerate(GUIDE, 1):
        ws.write_string(layout.HEADER_ROW + n, 0, f"{n}.", styles.guide)
        ws.write_string(layout.HEADER_ROW + n, 1, text.replace("{group}", cfg.cluster.word), styles.guide)
        ws.set_row(layout.HEADER_ROW + n, 34)
    print_setup(ws, layout.HEADER_ROW, landscape=False)
    protect(ws)


def metadata(wb: Workbook, cfg: Config, unit: Unit, period: Period, rows: dict[str, int]) -> None:
    ws = wb.add_worksheet(layout.SHEET_META)
    values = [
        layout.TEMPLATE_ID,
        str(layout.TEMPLATE_VERSION),
        cfg.cluster.name,
        unit.code,
        period.key,
        cfg.catalogue_hash,
    ]
    items = list(zip(layout.META_KEYS, values, strict=True)) + [(f"row:{c}", str(r + 1)) for c, r in rows.items()]
    for r, (key, value) in enumerate(items):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, value)
    ws.very_hidden()
