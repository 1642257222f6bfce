"""What a unit's clerk does to a template, done with openpyxl: type figures, narratives, commendations, save.

Used by the example-input and bad-case scripts and by the tests, so every test file is a real,
generated template filled the way a person would fill it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
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


def rewrite_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> None:
    """Rewrite one member of a workbook's zip in place (the rest copied as it is)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, edit(data) if item.filename == part else data)
    tmp.replace(path)


def set_saved_time(path: Path, when: datetime) -> None:
    """Excel records the save time in docProps/core.xml; openpyxl always writes 'now', so patch it."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    rewrite_part(
        path, "docProps/core.xml", lambda xml: re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, xml)
    )


def strip_save_time(path: Path) -> None:
    """What some non-Excel tools write: a docProps/core.xml with no dcterms:modified."""
    rewrite_part(
        path, "docProps/core.xml", lambda xml: re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", xml)
    )


def _rows(ws, col: int, start: int = 1):  # type: ignore[no-untyped-def]
    """(row number, key in `col`) for every row of a sheet with a key."""
    for r in range(start, ws.max_row + 1):
        key = ws.cell(r, col).value
        if key not in (None, ""):
            yield r, str(key).strip()


def fill_registration(path: Path, plans: dict[str, Any], titles: list[str] = (), saved: datetime | None = None) -> None:  # type: ignore[assignment]
    """A unit's clerk types its yearly plan per indicator code and picks the titles it aims for."""
    wb = load_workbook(path)
    ws = wb[layout.SHEET_REGISTRATION]
    for r, code in _rows(ws, 2):
        if code in plans:
            ws.cell(r, 5).value = plans[code]
    header = next(r for r, key in _rows(ws, 2) if key == layout.TITLE_HEADERS[1])
    for n, title in enumerate(titles, 1):
        ws.cell(header + n, 2).value = title
    wb.save(path)
    if saved:
        set_saved_time(path, saved)


def fill_self_score(path: Path, lines: dict[str, dict[str, Any]], saved: datetime | None = None) -> None:
    """criterion code → {"score", "count", "evidence", "note"} typed into the self-scoring sheet."""
    wb = load_workbook(path)
    ws = wb[layout.SHEET_SELF_SCORE]
    columns = {"count": 6, "score": 7, "evidence": 8, "note": 9}
    for r, code in _rows(ws, 1):
        for key, value in lines.get(code, {}).items():
            ws.cell(r, columns[key]).value = value
    wb.save(path)
    if saved:
        set_saved_time(path, saved)


def fill_scoring(
    path: Path,
    adjustments: dict[tuple[str, str], tuple[Any, str]],
    facts: dict[str, Any],
    votes: dict[tuple[str, str], Any],
    saved: datetime | None = None,
) -> None:
    """The chair's office: (unit, criterion) → (adjusted score, reason); the meeting's facts by field key;
    (unit, award code) → votes in favour."""
    wb = load_workbook(path)
    ws = wb[layout.SHEET_SCORING]
    for r in range(1, ws.max_row + 1):
        key = (ws.cell(r, 1).value, ws.cell(r, 3).value)
        if key in adjustments:
            ws.cell(r, 10).value, ws.cell(r, 11).value = adjustments[key]
    votes_ws = wb[layout.SHEET_VOTES]
    labels = {spelt: key for key, label in layout.MEETING_FIELDS.items() for spelt in layout.readable_labels(label)}
    for r, label in _rows(votes_ws, 1):
        if labels.get(label) in facts:
            votes_ws.cell(r, layout.MEETING_VALUE_COL + 1).value = facts[labels[label]]
    for r in range(1, votes_ws.max_row + 1):
        key = (votes_ws.cell(r, 2).value, votes_ws.cell(r, 4).value)
        if key in votes:
            votes_ws.cell(r, 8).value = votes[key]
    wb.save(path)
    if saved:
        set_saved_time(path, saved)


def receipt_book(path: Path, entries: list[tuple[str, Any]], header_row: int = 4) -> None:
    """The office's receipt book as a secretary keeps it in Excel: a title, then one line per file that came
    by e-mail, its name as it lies in inputs/ and the day it arrived (a date, or text as typed)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = layout.SHEET_RECEIPTS
    ws.cell(1, 1, "SỔ NHẬN BÁO CÁO GỬI QUA THƯ ĐIỆN TỬ HOẶC BẢN GIẤY")
    for c, label in enumerate(layout.RECEIPT_HEADERS, 1):
        ws.cell(header_row, c, label)
    file_col = layout.RECEIPT_HEADERS.index(layout.RECEIPT_FILE_HEADER) + 1
    date_col = layout.RECEIPT_HEADERS.index(layout.RECEIPT_DATE_HEADER) + 1
    for n, (name, received) in enumerate(entries, 1):
        ws.cell(header_row + n, 1, n)
        ws.cell(header_row + n, file_col, name)
        cell = ws.cell(header_row + n, date_col, received)
        if isinstance(received, datetime):
            cell.number_format = "dd/mm/yyyy"
    wb.save(path)


def fill_profile(
    path: Path, items: dict[str, str] | None = None, awards: list[tuple[Any, str, str]] | None = None
) -> None:
    """What a unit's clerk types into its profile workbook: section I's items by code (several lines in one
    cell for the lists), then its earlier awards, one per row from the first, as (year, form, decision)."""
    wb = load_workbook(path)
    ws = wb[layout.SHEET_PROFILE]
    for row in ws.iter_rows():
        code = row[0].value
        if items and code in items:
            row[2].value = items[code]
    ws = wb[layout.SHEET_AWARDS]
    head = next(r for r in range(1, 20) if ws.cell(r, 2).value == layout.AWARD_HEADERS[1])
    if awards is not None:
        for n in range(layout.AWARD_ROWS):
            for col in (2, 3, 4):
                ws.cell(head + 1 + n, col).value = None
        for n, (year, form, decision) in enumerate(awards):
            ws.cell(head + 1 + n, 2, year)
            ws.cell(head + 1 + n, 3, form)
            ws.cell(head + 1 + n, 4, decision)
    wb.save(path)
