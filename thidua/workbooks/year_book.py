"""What the year's workbooks share with the monthly template: the formats, a heading block, a header row,
the hidden lists behind drop-downs, and the very hidden identity sheet the reader recognises them by."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua import layout
from thidua.config import Config
from thidua.strings import xml_safe
from thidua.workbooks.template import Styles


def new_book(path: Path) -> tuple[Workbook, Styles]:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    return wb, Styles(wb)


def heading(ws: Worksheet, styles: Styles, title: str, lines: Iterable[str]) -> int:
    """Title in A1 and one line per row under it; returns the first free row (after a blank one)."""
    ws.write_string(0, 0, xml_safe(title), styles.title)
    row = 1
    for text in lines:
        ws.write_string(row, 0, xml_safe(text), styles.info_bold if row <= 2 else styles.info)
        row += 1
    return row + 1


def header_row(ws: Worksheet, styles: Styles, row: int, headers: list[str], widths: list[float]) -> None:
    for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(row, col, head, styles.header)
        ws.set_column(col, col, width)
    ws.set_row(row, 34)


def choice_list(wb: Workbook, name: str, items: list[str]) -> str:
    """A hidden sheet holding a drop-down's items; returns the validation source."""
    ws = wb.add_worksheet(name)
    ws.write_column(0, 0, [xml_safe(i) for i in items] or [""])
    ws.hide()
    return f"='{name}'!$A$1:$A${max(1, len(items))}"


def identity(
    wb: Workbook, template_id: str, cfg: Config, unit: str, year: int, stamp: str, extra: dict[str, Any]
) -> None:
    """The very hidden sheet: what kind of workbook this is, whose, for which year, and what was pre-filled."""
    ws = wb.add_worksheet(layout.SHEET_META)
    items = [
        ("template_id", template_id),
        ("template_version", str(layout.TEMPLATE_VERSION)),
        ("cluster", cfg.cluster.name),
        ("unit", unit),
        ("period", str(year)),
        ("catalogue_hash", stamp),
        *((k, str(v)) for k, v in extra.items()),
    ]
    for r, (key, value) in enumerate(items):
        ws.write_string(r, 0, key)
        ws.write_string(r, 1, xml_safe(value))
    ws.very_hidden()
