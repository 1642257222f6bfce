"""What every sheet of the unit's template shares: the guide's words, the cell formats, the heading, the
protection, and the values a filled return carries (Filled)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua.config import Config, Unit
from thidua.periods import Period
from thidua.workbooks.cells import DEC_FORMAT, INT_FORMAT

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


@dataclass(frozen=True)
class Filled:
    """What a return carries, as the unit typed it: figures (a number, or the text typed when it is not one)
    and their notes by indicator code, narratives by code, commendation rows (form, level, collectives,
    individuals, note). The browser form writes its return through the same template as Excel's."""

    figures: dict[str, float | str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    narratives: dict[str, str] = field(default_factory=dict)
    commendations: list[tuple[str, str, float | str, float | str, str]] = field(default_factory=list)


def entry(ws: Worksheet, row: int, col: int, value: float | str | None, fmt: Any) -> None:
    """An input cell: blank, a number, or the text typed (which the reader judges like any typed text)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    else:
        ws.write_number(row, col, int(value) if float(value).is_integer() else value, fmt)


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


def heading(ws: Worksheet, styles: Styles, title: str, cfg: Config, unit: Unit, period: Period) -> None:
    deadline = period.deadline(cfg.reporting.deadline_day)
    ws.write_string(0, 0, title, styles.title)
    ws.write_string(1, 0, f"Đơn vị: {unit.name}", styles.info_bold)
    ws.write_string(2, 0, f"Kỳ báo cáo: {period.label}", styles.info_bold)
    ws.write_string(3, 0, f"Hạn nộp: ngày {deadline.day:02d}/{deadline.month:02d}/{deadline.year}", styles.info)
    ws.write_string(4, 0, cfg.cluster.name, styles.info)
