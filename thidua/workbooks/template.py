"""Config + unit + period → the unit's Excel template (xlsxwriter), pre-filled and protected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.periods import ROMAN, Period
from thidua.workbooks.cells import DEC_FORMAT, INT_FORMAT, print_setup

GUIDE = [
    "Biểu mẫu này do {group} thi đua gửi riêng cho đơn vị; tên đơn vị và kỳ báo cáo đã ghi sẵn, xin đừng sửa.",
    "Sheet “Số liệu”: nhập kết quả của kỳ này (không cộng dồn) vào cột “Kết quả thực hiện” (ô nền vàng).",
    "Nhập số, không kèm đơn vị tính; số thập phân dùng dấu phẩy (ví dụ 1,5). Không có kết quả thì nhập 0; "
    "ô có dấu * là bắt buộc, không được để trống.",
    "Không dùng công thức, không chèn, xóa hoặc di chuyển dòng, không gộp ô; cột “Ghi chú” dùng để giải thích "
    "khi số liệu tăng, giảm bất thường.",
    "Sheet “Thuyết minh”: viết ngắn gọn từng mục vào ô nền vàng; mỗi ý một câu, kết thúc bằng dấu chấm.",
    "Sheet “Khen thưởng”: mỗi quyết định khen thưởng một dòng; chọn hình thức và cấp khen trong danh sách thả xuống.",
    "Gõ tiếng Việt bằng bảng mã Unicode (Unikey: bảng mã Unicode, kiểu gõ Telex hoặc VNI); không dán chữ từ văn bản "
    "cũ dùng phông .VnTime hoặc VNI-Times.",
    "Lưu tệp dạng Excel (.xlsx), giữ nguyên tên sheet, rồi gửi lại cho Văn phòng {group} trước hạn nộp.",
]


class Styles:
    """The handful of cell formats the template uses, created once per workbook."""

    def __init__(self, wb: Workbook):
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.info = wb.add_format(base)
        self.info_bold = wb.add_format({**base, "bold": True})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.group = wb.add_format({**cell, "bold": True, "bg_color": "#F2F2F2"})
        self.label = wb.add_format(cell)
        self.center = wb.add_format({**cell, "align": "center"})
        self.code = wb.add_format({**cell, "align": "center", "font_size": 10, "font_color": "#595959"})
        entry = {**cell, "locked": False, "bg_color": "#FFF2CC"}
        self.input = wb.add_format({**entry, "num_format": INT_FORMAT})
        self.input_decimal = wb.add_format({**entry, "num_format": DEC_FORMAT})
        self.input_text = wb.add_format({**cell, "locked": False, "bg_color": "#FFF2CC", "valign": "top"})
        self.guide = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.percent = wb.add_format({**cell, "align": "center", "num_format": "0.0%"})


def protect(ws: Worksheet) -> None:
    # No password: the lock prevents accidents, not a determined clerk; the reader re-checks all.
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})


def _heading(ws: Worksheet, styles: Styles, title: str, cfg: Config, unit: Unit, period: Period) -> None:
    deadline = period.deadline(cfg.reporting.deadline_day)
    ws.write_string(0, 0, title, styles.title)
    ws.write_string(1, 0, f"Đơn vị: {unit.name}", styles.info_bold)
    ws.write_string(2, 0, f"Kỳ báo cáo: {period.label}", styles.info_bold)
    ws.write_string(3, 0, f"Hạn nộp: ngày {deadline.day:02d}/{deadline.month:02d}/{deadline.year}", styles.info)
    ws.write_string(4, 0, cfg.cluster.name, styles.info)


def _validation(ind: Any) -> dict[str, Any]:
    kind = "integer" if ind.type == "integer" else "decimal"
    upper = ind.max if ind.max is not None else 1e12
    what = "số nguyên" if kind == "integer" else "số (được có phần thập phân)"
    return {
        "validate": kind,
        "criteria": "between",
        "minimum": ind.min,
        "maximum": upper,
        "input_title": "Nhập số liệu",
        "input_message": f"Nhập {what}, đơn vị tính: {ind.measure}."[:255],
        "error_title": "Số liệu không hợp lệ",
        "error_message": f"Chỉ nhập {what} từ {ind.min:g} đến {upper:g} ({ind.measure}).",
    }


def _figures(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period) -> dict[str, int]:
    ws = wb.add_worksheet(layout.SHEET_FIGURES)
    _heading(ws, styles, f"BIỂU SỐ LIỆU KẾT QUẢ THI ĐUA {period.label.upper()}", cfg, unit, period)
    for col, (head, width) in enumerate(zip(layout.FIG_HEADERS, [5, 19, 50, 12, 14, 30], strict=True)):
        ws.write_string(layout.HEADER_ROW, col, head, styles.header)
        ws.set_column(col, col, width)
    ws.set_row(layout.HEADER_ROW, 32)
    rows: dict[str, int] = {}
    row = layout.HEADER_ROW + 1
    for m_idx, mov in enumerate(
        m for m in cfg.movements if any(i.movement == m.code for i in cfg.indicators_for(unit.code))
    ):
        ws.write_string(row, 0, ROMAN[m_idx] if m_idx < len(ROMAN) else str(m_idx + 1), styles.group)
        ws.merge_range(row, 1, row, 5, mov.name, styles.group)
        ws.set_row(row, 36)
        row += 1
        for n, ind in enumerate((i for i in cfg.indicators_for(unit.code) if i.movement == mov.code), 1):
            ws.write_number(row, 0, n, styles.center)
            ws.write_string(row, 1, ind.code, styles.code)
            ws.write_string(row, 2, ind.label + (" *" if ind.required else ""), styles.label)
            ws.write_string(row, 3, ind.measure, styles.center)
            ws.write_blank(row, 4, None, styles.input if ind.type == "integer" else styles.input_decimal)
            ws.data_validation(row, 4, row, 4, _validation(ind))
            ws.write_blank(row, 5, None, styles.input_text)
            ws.data_validation(
                row,
                5,
                row,
                5,
                {
                    "validate": "length",
                    "criteria": "<=",
                    "value": layout.NOTE_MAX_CHARS,
                    "error_message": f"Ghi chú tối đa {layout.NOTE_MAX_CHARS} ký tự.",
                },
            )
            ws.set_row(row, 20 if len(ind.label) < 55 else 34)
            rows[ind.code] = row
            row += 1
    ws.write_string(row + 1, 2, "Dấu * : chỉ tiêu bắt buộc (không có kết quả thì nhập 0).", styles.info)
    ws.freeze_panes(layout.HEADER_ROW + 1, 0)
    print_setup(ws, layout.HEADER_ROW, landscape=True)
    protect(ws)
    return rows


def _narratives(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period) -> None:
    ws = wb.add_worksheet(layout.SHEET_NARRATIVES)
    _heading(ws, styles, "THUYẾT MINH KẾT QUẢ THI ĐUA", cfg, unit, period)
    for col, (head, width) in enumerate(zip(layout.NAR_HEADERS, [10, 26, 80], strict=True)):
        ws.write_string(layout.HEADER_ROW, col, head, styles.header)
        ws.set_column(col, col, width)
    for n, item in enumerate(cfg.narratives, layout.HEADER_ROW + 1):
        ws.write_string(n, layout.NAR_CODE_COL, item.code, styles.center)
        ws.write_string(n, 1, item.label, styles.label)
        ws.write_blank(n, layout.NAR_TEXT_COL, None, styles.input_text)
        ws.data_validation(
            n,
            2,
            n,
            2,
            {
                "validate": "length",
                "criteria": "<=",
                "value": layout.NARRATIVE_MAX_CHARS,
                "input_title": item.label[:32],
                "input_message": "Viết ngắn gọn, mỗi ý một câu.",
                "error_message": f"Tối đa {layout.NARRATIVE_MAX_CHARS} ký tự.",
            },
        )
        ws.set_row(n, 110)
    print_setup(ws, layout.HEADER_ROW, landscape=False)
    protect(ws)


def _commendations(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period) -> None:
    lists = wb.add_worksheet(layout.SHEET_LISTS)
    lists.write_column(0, 0, cfg.commendation_forms)
    lists.write_column(0, 1, cfg.commendation_levels)
    lists.hide()
    ws = wb.add_worksheet(layout.SHEET_COMMENDATIONS)
    _heading(ws, styles, "KẾT QUẢ KHEN THƯỞNG TRONG KỲ", cfg, unit, period)
    for col, (head, width) in enumerate(zip(layout.COM_HEADERS, [6, 40, 16, 11, 11, 46], strict=True)):
        ws.write_string(layout.HEADER_ROW, col, head, styles.header)
        ws.set_column(col, col, width)
    first, last = layout.HEADER_ROW + 1, layout.HEADER_ROW + layout.COM_ROWS
    sheet = f"'{layout.SHEET_LISTS}'"
    for r in range(first, last + 1):
        ws.set_row(r, 20)
        ws.write_number(r, 0, r - first + 1, styles.center)
        for c in range(1, 6):
            ws.write_blank(r, c, None, styles.input if c in (3, 4) else styles.input_text)
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


def _guide(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period) -> None:
    ws = wb.add_worksheet(layout.SHEET_GUIDE)
    _heading(ws, styles, "HƯỚNG DẪN ĐIỀN BIỂU MẪU", cfg, unit, period)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 95)
    for n, text in enumerate(GUIDE, 1):
        ws.write_string(layout.HEADER_ROW + n, 0, f"{n}.", styles.guide)
        ws.write_string(layout.HEADER_ROW + n, 1, text.replace("{group}", cfg.cluster.word), styles.guide)
        ws.set_row(layout.HEADER_ROW + n, 34)
    print_setup(ws, layout.HEADER_ROW, landscape=False)
    protect(ws)


def _metadata(wb: Workbook, cfg: Config, unit: Unit, period: Period, rows: dict[str, int]) -> None:
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


def write_template(cfg: Config, unit: Unit, period: Period, target: Path) -> None:
    """Write one unit's template for one period, atomically."""
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False})
        styles = Styles(wb)
        _guide(wb, styles, cfg, unit, period)
        rows = _figures(wb, styles, cfg, unit, period)
        _narratives(wb, styles, cfg, unit, period)
        _commendations(wb, styles, cfg, unit, period)
        _metadata(wb, cfg, unit, period, rows)
        wb.set_properties({"title": f"Biểu mẫu thi đua {period.label} - {unit.short_name}", "author": cfg.cluster.name})
        wb.close()


def template_name(unit: Unit, period: Period) -> str:
    return f"{period.key}_{unit.code}.xlsx"
