"""Findings → a marked-up copy of each unit's own workbook: bad cells coloured, a Vietnamese comment on each."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from thidua.atomic import atomic_path
from thidua.findings import ERROR, Finding

FILLS = {ERROR: PatternFill("solid", fgColor="FFC7CE"), "cảnh báo": PatternFill("solid", fgColor="FFEB9C")}


def _anchor(ws: Worksheet, cell: str) -> Cell:
    """A cell inside a merged range cannot hold a comment: use the range's top-left cell."""
    target = ws[cell]
    if isinstance(target, MergedCell):
        for rng in ws.merged_cells.ranges:
            if cell in rng:
                return ws.cell(rng.min_row, rng.min_col)
    return target


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
        worst = ERROR if any(f.severity == ERROR for f in items) else "cảnh báo"
        if worst in FILLS:
            anchor.fill = FILLS[worst]
        text = "\n".join(f"[{f.severity.upper()}] {f.message}" for f in items)
        anchor.comment = Comment(text, author, width=360, height=160)
    general = [f for f in findings if not f.cell]
    if general:
        ws = wb.create_sheet("Kết quả kiểm tra", 0)
        ws.append(["Mức độ", "Mã", "Sheet", "Nội dung"])
        for f in general:
            ws.append([f.severity, f.code, f.sheet, f.message])
        ws.column_dimensions["D"].width = 110
    with atomic_path(target) as tmp:
        wb.save(tmp)


NOT_FOR_UNIT = {"FILE_SUPERSEDED", "FILE_DUPLICATE", "FILE_LOCK"}  # about the chair's folder, not the unit's work


def write_all_feedback(findings: list[Finding], inputs: Path, outputs: Path, author: str) -> list[str]:
    """One marked-up copy per unit file with findings, at outputs/phan-hoi/<period>/<unit>.xlsx.
    Returns the names of files that could not be copied (they are listed in the check results anyway)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.file and f.unit and f.period and f.code not in NOT_FOR_UNIT:
            by_file[f.file].append(f)
    skipped = []
    for name, items in by_file.items():
        source = inputs / name
        if source.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        try:
            write_feedback(items, source, outputs / "phan-hoi" / items[0].period / f"{items[0].unit}.xlsx", author)
        except (OSError, ValueError, KeyError, TypeError):  # a file openpyxl cannot open: nothing to mark up
            skipped.append(name)
    return skipped
