"""Config + unit + period → the unit's Excel template (xlsxwriter), pre-filled and protected."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.periods import ROMAN, Period
from thidua.workbooks.cells import print_setup
from thidua.workbooks.template_base import GUIDE, Filled, Styles, entry, heading, protect
from thidua.workbooks.template_sheets import commendations, guide, metadata

__all__ = ["GUIDE", "Filled", "Styles", "protect", "template_name", "write_template"]  # as callers import them


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


def _figures(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period, filled: Filled) -> dict[str, int]:
    ws = wb.add_worksheet(layout.SHEET_FIGURES)
    heading(ws, styles, f"BIỂU SỐ LIỆU KẾT QUẢ THI ĐUA {period.label.upper()}", cfg, unit, period)
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
            entry(
                ws,
                row,
                4,
                filled.figures.get(ind.code),
                styles.input if ind.type == "integer" else styles.input_decimal,
            )
            ws.data_validation(row, 4, row, 4, _validation(ind))
            entry(ws, row, 5, filled.notes.get(ind.code), styles.input_text)
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


def _narratives(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, period: Period, filled: Filled) -> None:
    ws = wb.add_worksheet(layout.SHEET_NARRATIVES)
    heading(ws, styles, "THUYẾT MINH KẾT QUẢ THI ĐUA", cfg, unit, period)
    for col, (head, width) in enumerate(zip(layout.NAR_HEADERS, [10, 26, 80], strict=True)):
        ws.write_string(layout.HEADER_ROW, col, head, styles.header)
        ws.set_column(col, col, width)
    for n, item in enumerate(cfg.narratives, layout.HEADER_ROW + 1):
        ws.write_string(n, layout.NAR_CODE_COL, item.code, styles.center)
        ws.write_string(n, 1, item.label, styles.label)
        entry(ws, n, layout.NAR_TEXT_COL, filled.narratives.get(item.code), styles.input_text)
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


def write_template(
    cfg: Config, unit: Unit, period: Period, target: Path, filled: Filled | None = None
) -> dict[str, int]:
    """Write one unit's template for one period, atomically; with `filled`, a return with those values.
    Returns each indicator's row on the figures sheet (0-based), as the metadata sheet records it."""
    filled = filled or Filled()
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False})
        styles = Styles(wb)
        guide(wb, styles, cfg, unit, period)
        rows = _figures(wb, styles, cfg, unit, period, filled)
        _narratives(wb, styles, cfg, unit, period, filled)
        commendations(wb, styles, cfg, unit, period, filled)
        metadata(wb, cfg, unit, period, rows)
        wb.set_properties({"title": f"Biểu mẫu thi đua {period.label} - {unit.short_name}", "author": cfg.cluster.name})
        wb.close()
    return rows


def template_name(unit: Unit, period: Period) -> str:
    return f"{period.key}_{unit.code}.xlsx"
