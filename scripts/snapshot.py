"""Dump every output a user reads as sorted text lines, to compare two runs (e.g. before and after a refactor).

Usage: .venv/bin/python scripts/snapshot.py OUTPUTS_FOLDER > snapshot.txt
For each .xlsx: every non-empty cell of every sheet (value, number format, fill, comment), merged ranges
and sheet state. For each .docx: every paragraph (style, text) and table cell, and each section's page
setup. Nothing that changes on every run (file times, zip order) is included.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from openpyxl import load_workbook


def xlsx_lines(path: Path, name: str) -> list[str]:
    out = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        out.append(f"{name}|{ws.title}|state={ws.sheet_state}|merged={sorted(map(str, ws.merged_cells.ranges))}")
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and c.comment is None:
                    continue
                fill = c.fill.fgColor.rgb if c.fill and c.fill.fill_type else ""
                comment = c.comment.text if c.comment else ""
                out.append(f"{name}|{ws.title}|{c.coordinate}|{c.value!r}|{c.number_format}|{fill}|{comment!r}")
    return out


def docx_lines(path: Path, name: str) -> list[str]:
    doc = Document(str(path))
    out = [f"{name}|p|{p.style.name}|{p.text}" for p in doc.paragraphs]
    for t, table in enumerate(doc.tables):
        for r, row in enumerate(table.rows):
            out.append(f"{name}|t{t}|r{r}|" + " ¦ ".join(c.text for c in row.cells))
    for s, sec in enumerate(doc.sections):
        out.append(f"{name}|section{s}|{sec.orientation}|{sec.page_width}|{sec.left_margin}|{sec.top_margin}")
    return out


def snapshot(folder: Path) -> list[str]:
    lines: list[str] = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".xlsx":
            lines += xlsx_lines(path, name)
        elif path.suffix == ".docx":
            lines += docx_lines(path, name)
    return lines


if __name__ == "__main__":
    print("\n".join(snapshot(Path(sys.argv[1]))))
