"""What a unit's clerk does to a template, done with openpyxl: type figures, narratives, commendations, save.

Used by the example-input and bad-case scripts and by the tests, so every test file is a real,
generated template filled the way a person would fill it.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from thidua import layout


def fill(
    path: Path,
    figures: dict[str, Any] | None = None,
    narratives: dict[str, str] | None = None,
    commendations: list[tuple[Any, ...]] | None = None,
    notes: dict[str, str] | None = None,
    saved: datetime | None = None,
) -> None:
    """Type values into a generated template by indicator code (figures) and narrative code."""
    wb = load_workbook(path)
    ws = wb[layout.SHEET_FIGURES]
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 2):
        code = row[1].value
        if figures and code in figures:
            value = figures[code]
            row[4].value = int(value) if isinstance(value, float) and value.is_integer() else value
        if notes and code in notes:
            row[5].value = notes[code]
    nar = wb[layout.SHEET_NARRATIVES]
    for row in nar.iter_rows(min_row=layout.HEADER_ROW + 2):
        if narratives and row[0].value in narratives:
            row[2].value = narratives[row[0].value]
    com = wb[layout.SHEET_COMMENDATIONS]
    for r, item in enumerate(commendations or [], layout.HEADER_ROW + 2):
        for c, value in enumerate(item, 2):
            com.cell(r, c, value)
    wb.save(path)
    if saved:
        set_saved_time(path, saved)


def set_saved_time(path: Path, when: datetime) -> None:
    """Excel records the save time in docProps/core.xml; openpyxl always writes 'now', so patch it."""
    tmp = path.with_suffix(".tmp")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(item, data)
    tmp.replace(path)
