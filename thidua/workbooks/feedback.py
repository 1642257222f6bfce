"""Findings → a marked-up copy of each unit's own workbook: bad cells coloured, a Vietnamese comment on each."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from thidua.atomic import atomic_path
from thidua.findings import ERROR, WARNING, Finding

SUMMARY_SHEET = "Kết quả kiểm tra"
FEEDBACK_FOLDER = "phan-hoi"
FILLS = {ERROR: PatternFill("solid", fgColor="FFC7CE"), WARNING: PatternFill("solid", fgColor="FFEB9C")}


def _anchor(ws: Worksheet, cell: str) -> Cell:
    """A cell inside a merged range cannot hold a comment: use the range's top-left cell."""
    target = ws[cell]
    if isinstance(target, MergedCell):
        for rng in ws.merged_cells.ranges:
            if cell in rng:
                return ws.cell(rng.min_row, rng.min_col)
    return target


def _summary_sheet(wb: Workbook, findings: list[Finding]) -> None:
    """First sheet of the copy, shown on opening: every finding of the file, in reading order."""
    ws = wb.create_sheet(SUMMARY_SHEET, 0)
    ws.append(["KẾT QUẢ KIỂM TRA BÁO CÁO: các ô cần sửa được tô màu và có ghi chú trong từng sheet"])
    ws.append([])
    ws.append(["Mức độ", "Sheet", "Ô", "Nội dung cần sửa hoặc xem lại", "Mã"])
    for f in sorted(findings, key=lambda f: (f.severity != ERROR, f.sheet, len(f.cell), f.cell)):
        ws.append([f.severity, f.sheet, f.cell, f.message, f.code])
    ws["A1"].font = Font(name="Times New Roman", size=13, bold=True)
    for cell in ws[3]:
        cell.font = Font(name="Times New Roman", bold=True)
    for col, width in zip("ABCDE", (11, 14, 7, 80, 22), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.font = Font(name="Times New Roman")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row[0].value in FILLS:
            row[0].fill = FILLS[row[0].value]
    ws.page_setup.paperSize, ws.page_setup.orientation = 9, "landscape"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 0
    for sheet in wb.worksheets[1:]:
        sheet.sheet_view.tabSelected = False


def write_feedback(findings: list[Finding], source: Path, target: Path, author: str) -> None:
    """Copy `source` (never modified) to `target` with each finding's cell highlighted and commented."""
    wb = load_workbook(source)
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, cell), items in by_cell.items():
        ws = wb[sheet]
        anchor = _anchor(ws, cell)
        worst = ERROR if any(f.severity == ERROR for f in items) else WARNING
        if worst in FILLS:
            anchor.fill = FILLS[worst]
        text = "\n".join(f"[{f.severity.upper()}] {f.message}" for f in items)
        anchor.comment = Comment(text, author, width=360, height=160)
    _summary_sheet(wb, findings)
    with atomic_path(target) as tmp:
        wb.save(tmp)


NOT_FOR_UNIT = {"FILE_SUPERSEDED", "FILE_DUPLICATE", "FILE_LOCK"}  # about the chair's folder, not the unit's work


def write_all_feedback(findings: list[Finding], inputs: Path, folder: Path, author: str) -> set[Path]:
    """One marked-up copy per unit file with findings, at <folder>/<period>/<unit>.xlsx; returns the
    copies written. A file openpyxl cannot open gets none: its findings are in the check results."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.file and f.unit and f.period and f.code not in NOT_FOR_UNIT:
            by_file[f.file].append(f)
    written = set()
    for name, items in by_file.items():
        source = inputs / name
        if source.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        target = folder / items[0].period / f"{items[0].unit}.xlsx"
        try:
            write_feedback(items, source, target, author)
            written.add(target)
        except (OSError, ValueError, KeyError, TypeError):  # a file openpyxl cannot open: nothing to mark up
            continue
    return written
