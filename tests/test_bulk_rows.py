"""Long tables written straight into the sheet's XML (workbooks/bulk.py) read back exactly as the same table
written cell by cell through xlsxwriter: every value, number format, font, fill, border, alignment, row
height, the sheet's extent, and what comes after the table (a legend). If a new xlsxwriter changes the parts
bulk.py relies on, this fails."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from thidua.workbooks.bulk import BulkSheet
from thidua.workbooks.cells import Formats, as_written, write_cell

TEXTS = ["Ủy ban MTTQ tỉnh", "  leading and trailing  ", "a < b & c > d", "line one\nline two", "x" * 40000]


def _table(wb: xlsxwriter.Workbook) -> tuple[Formats, list[list[tuple]], list[float]]:
    formats = Formats(wb)
    day = wb.add_format({"font_name": "Times New Roman", "num_format": "dd/mm/yyyy", "border": 1})
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm", "bg_color": "#FFF2CC", "locked": False})
    rows = []
    for n in range(40):
        rows.append(
            [
                (n + 1, formats.center),
                (TEXTS[n % len(TEXTS)], formats.text),
                (7800.456 * n, formats.number),
                (12.3456 + n, formats.decimal),
                (0.6127, formats.percent),
                (date(2023, 7, n % 28 + 1), day),
                (datetime(2023, 7, 25, 9, 30), stamp),
                (None, formats.text),  # a blank that keeps its border
                ("", formats.status.get("đúng hạn", formats.center)),
                (n % 2 == 0, formats.center),
                (float("nan"), formats.decimal),
            ]
        )
    return formats, rows, [15.0 + 15 * (n % 3) for n in range(40)]


def _write(path: Path, bulk: bool) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Bảng", worksheet_class=BulkSheet) if bulk else wb.add_worksheet("Bảng")
    formats, rows, heights = _table(wb)
    ws.write_string(0, 0, "TIÊU ĐỀ", formats.title)
    ws.write_string(2, 0, "Cột", formats.header)
    if bulk:
        ws.write_rows(3, [[(as_written(v, f), f) for v, f in row] for row in rows], heights)
    else:
        for n, row in enumerate(rows):
            for c, (value, fmt) in enumerate(row):
                if isinstance(value, date):  # as the receipt book writes its dates
                    ws.write_datetime(3 + n, c, value, fmt)
                else:
                    write_cell(ws, 3 + n, c, value, fmt)
            ws.set_row(3 + n, heights[n])
    ws.write_string(45, 0, "Chú thích", formats.header)  # below the table: written after its rows
    ws.set_column(0, 10, 14)
    wb.close()


def _cells(path: Path) -> list[tuple]:
    ws = load_workbook(path)["Bảng"]
    out = [("extent", ws.max_row, ws.max_column)]
    for row in ws.iter_rows():
        for c in row:
            value = None if c.value == "" else c.value  # an empty text and a formatted blank look the same
            style = (c.number_format, c.font.name, c.font.sz, c.font.b, c.font.i, c.fill.fgColor.rgb, c.fill.fill_type)
            out.append((c.coordinate, value, style, c.border.left.style, c.alignment.horizontal, c.alignment.wrap_text))
    out += [(r, ws.row_dimensions[r].height) for r in range(1, ws.max_row + 1)]
    return out


def test_a_table_written_in_bulk_reads_back_as_written_cell_by_cell(tmp_path) -> None:
    _write(tmp_path / "cells.xlsx", bulk=False)
    _write(tmp_path / "bulk.xlsx", bulk=True)
    by_cell, in_bulk = _cells(tmp_path / "cells.xlsx"), _cells(tmp_path / "bulk.xlsx")
    assert len(in_bulk) == len(by_cell)
    for expected, got in zip(by_cell, in_bulk, strict=True):
        assert got == expected


def test_calamine_reads_the_bulk_rows_too(tmp_path) -> None:
    """The receipt book comes back through the intake (python-calamine) when the office saves it as typed."""
    import python_calamine as pc

    _write(tmp_path / "bulk.xlsx", bulk=True)
    rows = pc.CalamineWorkbook.from_path(str(tmp_path / "bulk.xlsx")).get_sheet_by_name("Bảng").to_python()
    assert [r[1] for r in rows[3:6]] == ["Ủy ban MTTQ tỉnh", "  leading and trailing  ", "a < b & c > d"]
    assert rows[3][5] == date(2023, 7, 1) and rows[45][0] == "Chú thích"


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode, reason="no LibreOffice")
def test_libreoffice_opens_it_without_complaint(tmp_path) -> None:
    _write(tmp_path / "bulk.xlsx", bulk=True)
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    as_utf8 = "csv:Text - txt - csv (StarCalc):44,34,76"
    source = str(tmp_path / "bulk.xlsx")
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", as_utf8, "--outdir", str(tmp_path), source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "bulk.csv").read_text(encoding="utf-8")
    assert "Ủy ban MTTQ tỉnh" in text and "Chú thích" in text


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31)) | st.dates())
def test_a_date_or_time_becomes_the_serial_number_xlsxwriter_would_write(value: date) -> None:
    """bulk.py works a receipt book's thousands of times out itself; the serial must be xlsxwriter's to the
    last bit, for the 1900 system's missing leap day, a date alone and a time before March 1900 alike."""
    from xlsxwriter.utility import _datetime_to_excel_datetime

    sheet = BulkSheet()
    sheet.date_1904, sheet.remove_timezone = False, False  # as a workbook sets them
    assert sheet._serial(value) == _datetime_to_excel_datetime(value, False, False)


@given(st.integers(min_value=-(10**20), max_value=10**20) | st.datetimes(min_value=datetime(1900, 1, 1)) | st.none())
def test_a_row_writes_each_value_as_its_general_cell_writer_would(value: object) -> None:
    """_row writes whole numbers, times and blanks itself (a receipt book has thousands); each must come out
    as the general cell writer (_cell) writes it: every digit of a whole number below 2**53, %.16G above."""
    sheet = BulkSheet()
    sheet.date_1904, sheet.remove_timezone = False, False
    assert sheet._row(0, [(value, None)], None, ["A"]) == f'<row r="1">{sheet._cell("A1", value, "")}</row>'
