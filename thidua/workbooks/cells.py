"""Small xlsxwriter helpers shared by the workbooks we write: safe text, formats, table sheets."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # xlsxwriter itself is imported where a workbook is written: a check that writes
    from xlsxwriter.workbook import Workbook  # nothing new does not pay for it
    from xlsxwriter.worksheet import Worksheet

from thidua.intake.completeness import LATE, MISSING, NO_LONGER_MEMBER, NOT_DUE, NOT_YET_MEMBER, ON_TIME, UNDATED
from thidua.numbers import rounded
from thidua.strings import xml_safe

# Excel shows these with the reader's separators: 7.800 and 12,5 on a Vietnamese Windows. Integers and
# decimals get separate formats because "#,##0.##" leaves a dangling separator on whole numbers ("7.800,").
INT_FORMAT, DEC_FORMAT, PCT_FORMAT = "#,##0", "#,##0.0#", "0.0%"
# A number is stored as shown: 7.41, not 7.409999999999997 (a percent is a fraction: 0.613 shows 61.3%).
DECIMALS = {INT_FORMAT: 0, DEC_FORMAT: 2, PCT_FORMAT: 3}
STATUS_COLOURS = {
    ON_TIME: "#C6EFCE",
    LATE: "#FFEB9C",
    UNDATED: "#FCE4D6",
    MISSING: "#FFC7CE",
    NOT_DUE: "#FFFFFF",
    NOT_YET_MEMBER: "#D9D9D9",
    NO_LONGER_MEMBER: "#D9D9D9",
}


class Formats:
    def num(self, value_type: str, bold: bool = False, partial: bool = False) -> Any:
        """The number format for an indicator's value type; `partial` marks a figure lacking some periods."""
        if partial:
            return self.decimal_partial if value_type == "decimal" else self.number_partial
        if value_type == "decimal":
            return self.decimal_bold if bold else self.decimal
        return self.number_bold if bold else self.number

    def __init__(self, wb: Workbook):
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter", "text_wrap": True}
        cell = {**base, "border": 1}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False})
        self.subtitle = wb.add_format({**base, "italic": True, "text_wrap": False})
        self.header = wb.add_format({**cell, "bold": True, "align": "center", "bg_color": "#D9E1F2"})
        self.text = wb.add_format(cell)
        self.group = wb.add_format({**cell, "bold": True, "bg_color": "#F2F2F2"})
        self.center = wb.add_format({**cell, "align": "center"})
        self.number = wb.add_format({**cell, "num_format": INT_FORMAT})
        self.number_bold = wb.add_format({**cell, "num_format": INT_FORMAT, "bold": True})
        self.decimal = wb.add_format({**cell, "num_format": DEC_FORMAT})
        self.decimal_bold = wb.add_format({**cell, "num_format": DEC_FORMAT, "bold": True})
        partial = {**cell, "italic": True, "bg_color": "#FCE4D6"}
        self.number_partial = wb.add_format({**partial, "num_format": INT_FORMAT})
        self.decimal_partial = wb.add_format({**partial, "num_format": DEC_FORMAT})
        self.percent = wb.add_format({**cell, "num_format": PCT_FORMAT})
        self.status = {s: wb.add_format({**cell, "align": "center", "bg_color": c}) for s, c in STATUS_COLOURS.items()}


def write_cell(ws: Worksheet, row: int, col: int, value: Any, fmt: Any) -> None:
    """Numbers as numbers, everything else as literal text (never a formula), blanks as blanks."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "có" if value else "không", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, as_written(value, fmt), fmt)
    else:
        ws.write_string(row, col, xml_safe(value), fmt)


def as_written(value: Any, fmt: Any) -> Any:
    """What write_cell would write: a number rounded to what its format shows, anything else as it is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value):
        return shown(value, getattr(fmt, "num_format", None))
    return value


def shown(value: float, num_format: str | None) -> float:
    """The value rounded (half up, as the report rounds) to what its number format displays."""
    decimals = DECIMALS.get(num_format or "")
    if decimals is None or isinstance(value, int):
        return value
    return float(rounded(value, decimals))


def row_height(texts: list[str], widths: list[int], line: float = 15.0) -> float:
    """Row height that shows wrapped text whole: Excel does not grow rows written by xlsxwriter."""
    lines = max((math.ceil(len(str(t)) * 1.1 / max(w - 1, 1)) for t, w in zip(texts, widths, strict=True)), default=1)
    return line * max(lines, 1)


def print_setup(ws: Worksheet, header_row: int, landscape: bool = True) -> None:
    """A4, one page wide, header row repeated, "Trang 1/3" centred at the foot: templates and summaries alike."""
    ws.set_paper(9)
    ws.set_landscape() if landscape else ws.set_portrait()
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')


def table_sheet(
    wb: Workbook,
    formats: Formats,
    name: str,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    widths: list[int],
    row_formats: list[list[Any]] | None = None,
) -> Worksheet:
    """A titled sheet with one header row, frozen, filtered and print-ready; cells are plain text unless
    `row_formats` gives each row's formats (integer and decimal indicators differ)."""
    from thidua.workbooks.bulk import BulkSheet

    ws = wb.add_worksheet(name, worksheet_class=BulkSheet)
    ws.write_string(0, 0, xml_safe(title), formats.title)
    head = 2
    for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(head, c, h, formats.header)
        ws.set_column(c, c, w)
    ws.set_row(head, row_height(headers, widths))
    cells = [
        [
            (as_written(value, fmt), fmt)
            for value, fmt in zip(row, row_formats[n] if row_formats else [formats.text] * len(row), strict=True)
        ]
        for n, row in enumerate(rows)
    ]
    heights = [row_height([v if isinstance(v, str) else "" for v in row], widths) for row in rows]
    ws.write_rows(head + 1, cells, heights)
    ws.freeze_panes(head + 1, 0)
    ws.autofilter(head, 0, head + max(len(rows), 1), len(headers) - 1)
    print_setup(ws, head)
    return ws
