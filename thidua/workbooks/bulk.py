"""A sheet whose long tables are written straight into its XML: xlsxwriter keeps everything else (styles,
widths, merges, validation, print setup, the package), and the table's rows, given all at once, become one
string of <row> elements instead of a call, a dictionary entry and an XML step per cell.

Why: kiem-tra.xlsx and the receipt book are written again whenever one return arrives, and the receipt book
has a row per return: through xlsxwriter's cell API a thousand rows cost about 30 ms, four thousand 120 ms,
which made a re-run after a handful of new files grow with the folder. Here a row costs a few microseconds.

What a cell may hold is what thidua's tables hold: text (inline, escaped, never a formula), numbers, dates
and times, blanks carrying a format. The test writes the same table both ways and reads them back with
openpyxl: values, formats, row heights and extent must be the same (tests/test_bulk_rows.py). It relies on
three parts of xlsxwriter that are not its documented API (the worksheet class a workbook takes, its
rows-writing step, a format's style index); the test fails if a new xlsxwriter changes them.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from thidua.strings import xml_safe

Cell = tuple[Any, Any]  # (value, xlsxwriter Format or None)
MAX_TEXT = 32767  # Excel's limit for one cell
_EXACT = 2**53  # a whole number below this is a float exactly, so "%.16G" writes all its digits
_EPOCH = datetime(1899, 12, 31)
_AFTER_LEAP_DAY = datetime(1900, 3, 1)  # from here on, Excel's count includes a 29 February 1900 that never was
# What a text must lose (characters XML cannot carry) or have escaped; most cells have none of it, nor
# leading or trailing spaces, and are written as they are.
_NOT_PLAIN = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\s|\s$")


class BulkSheet(Worksheet):
    """A worksheet (pass as `worksheet_class` to Workbook.add_worksheet) that takes whole rows at once."""

    def __init__(self) -> None:
        super().__init__()
        self._bulk: dict[int, str] = {}  # row number → its <row> element
        self._styles: dict[int, str] = {}  # id of a format (this sheet's workbook keeps it) → its style attribute

    def write_rows(self, first_row: int, rows: list[list[Cell]], heights: list[float | None] | None = None) -> None:
        """Rows `first_row`, `first_row + 1`, … from column A: each cell (value, format); a height per row."""
        width = max(map(len, rows), default=0)
        letters = [_letters(c) for c in range(width)]
        for n, cells in enumerate(rows):
            r = first_row + n
            self._bulk[r] = self._row(r, cells, heights[n] if heights else None, letters)
        if rows:
            self._check_dimensions(first_row, 0)
            self._check_dimensions(first_row + len(rows) - 1, width - 1)

    def _write_rows(self) -> None:
        """xlsxwriter's rows around the bulk ones, in row order (a title above, a legend below)."""
        if not self._bulk:
            super()._write_rows()
            return
        low, high = self.dim_rowmin, self.dim_rowmax  # type: ignore[has-type]  # untyped in xlsxwriter
        first, last = min(self._bulk), max(self._bulk)
        try:
            if first > low:
                self.dim_rowmax = first - 1
                super()._write_rows()
            self.fh.write("".join(self._bulk[r] for r in sorted(self._bulk)))
            if high > last:
                self.dim_rowmin, self.dim_rowmax = last + 1, high
                super()._write_rows()
        finally:
            self.dim_rowmin, self.dim_rowmax = low, high

    def _row(self, r: int, cells: list[Cell], height: float | None, letters: list[str]) -> str:
        number = r + 1
        shape = ""
        if height:  # as set_row: the height in whole pixels, left out when it is the default
            pixels = int(height * 4.0 / 3.0 + 0.5)
            if pixels != self.default_row_height:
                shape = f' ht="{pixels * 0.75:.16g}" customHeight="1"'
        styles, out = self._styles, []
        # A few microseconds a row: what tables mostly hold (plain text, blanks, whole numbers, times) is
        # written here, anything else by _cell. Letters run to the longest row, a row may be shorter.
        for letter, (value, fmt) in zip(letters, cells, strict=False):
            style = styles.get(id(fmt))
            if style is None:
                style = styles[id(fmt)] = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
            kind = type(value)
            if kind is str and value and len(value) <= MAX_TEXT and _NOT_PLAIN.search(value) is None:
                out.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t>{value}</t></is></c>')
            elif value is None:
                if style:
                    out.append(f'<c r="{letter}{number}"{style}/>')
            elif kind is int and -_EXACT < value < _EXACT:  # as "%.16G" writes it: every digit
                out.append(f'<c r="{letter}{number}"{style}><v>{value}</v></c>')
            elif kind is datetime:
                out.append(f'<c r="{letter}{number}"{style}><v>{self._serial(value):.16G}</v></c>')
            else:
                out.append(self._cell(f"{letter}{number}", value, style))
        return f'<row r="{number}"{shape}>{"".join(out)}</row>'

    def _cell(self, ref: str, value: Any, style: str) -> str:
        """One cell that is not plain text (_row writes those itself); `style` its s="…" attribute or ""."""
        kind = type(value)
        if kind is str and value:
            text = xml_safe(value)[:MAX_TEXT]
            space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
            return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>'
        if value is None or value == "" or (kind is float and math.isnan(value)):
            return f'<c r="{ref}"{style}/>' if style else ""
        if kind is bool:
            return self._cell(ref, "có" if value else "không", style)
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"{style}><v>{value:.16G}</v></c>'
        if isinstance(value, (datetime, date)):
            return f'<c r="{ref}"{style}><v>{self._serial(value):.16G}</v></c>'
        return self._cell(ref, str(value), style)

    def _serial(self, value: date) -> float:
        """Excel's serial number of a date or time: xlsxwriter's own arithmetic for a plain time after
        February 1900 in the 1900 date system (a receipt book has thousands), xlsxwriter itself otherwise."""
        if type(value) is datetime and value.tzinfo is None and value >= _AFTER_LEAP_DAY and not self.date_1904:
            delta = value - _EPOCH
            return delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / 86400 + 1
        return self._convert_date_time(value)


def _escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape, without importing urllib and http with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.cache
def _letters(column: int) -> str:
    return xl_col_to_name(column)
