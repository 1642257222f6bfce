"""A unit's registration workbook → its yearly plan per indicator and the titles it aims for; every cell
checked like a monthly figure (a plan may be left blank: that indicator is then not registered)."""

from __future__ import annotations

from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.intake.cells import Expect, at, read_number, unusable
from thidua.intake.submission import YearDoc, check_text, find_header, sheet_rows
from thidua.strings import clean_text

SHEET = layout.SHEET_REGISTRATION


def _titles_row(rows: list[list[Any]], start: int) -> int:
    """The header row of part III, or len(rows) when it is gone."""
    for r in range(start, len(rows)):
        if any(clean_text(v) == layout.TITLE_HEADERS[1] for v in rows[r]):
            return r
    return len(rows)


def _plans(doc: YearDoc, cfg: Config, rows: list[list[Any]], head: int, cols: list[int], end: int) -> None:
    code_col, plan_col, note_col = cols
    mine = {i.code: i for i in cfg.indicators_for(doc.unit)}
    for r in range(head + 1, end):
        code, cell = clean_text(at(rows[r], code_col)), layout.a1(r, plan_col)
        raw = at(rows[r], plan_col)
        if code not in mine:
            if code.isupper() and raw not in ("", None):
                doc.add(
                    "ROW_UNKNOWN",
                    f"Mã “{code}” không thuộc các chỉ tiêu của đơn vị; dòng này bị bỏ qua.",
                    SHEET,
                    cell,
                    raw,
                )
            continue
        ind = mine.pop(code)
        if unusable(doc, SHEET, r, plan_col, cell, ind.label):
            continue
        expect = Expect(f"Kế hoạch năm: {ind.label}", ind.measure, ind.type == "integer")
        value = read_number(doc, expect, raw, SHEET, cell, strict=True)
        note = clean_text(at(rows[r], note_col))
        if note:
            note = check_text(doc, note, SHEET, layout.a1(r, note_col), layout.NOTE_MAX_CHARS)
        if value is not None:
            doc.rows.append({"code": code, "value": value, "cell": cell, "note": note})


def _titles(doc: YearDoc, cfg: Config, rows: list[list[Any]], start: int) -> None:
    allowed = cfg.year_end.titles if cfg.year_end else []
    for r in range(start + 1, min(len(rows), start + 1 + layout.TITLE_ROWS)):
        title = clean_text(at(rows[r], 1))
        if not title:
            continue
        if allowed and title not in allowed:
            message = f"“{title}” không có trong danh sách danh hiệu, hình thức khen thưởng; hãy chọn trong danh sách."
            doc.add("CELL_NOT_IN_CHOICES", message, SHEET, layout.a1(r, 1), title)
            continue
        doc.titles.append(title)


def read_registration(doc: YearDoc, cfg: Config) -> None:
    rows = sheet_rows(doc, SHEET)
    if rows is None:
        return
    found = find_header(rows, layout.FIG_CODE_HEADER, layout.REG_PLAN_HEADER, layout.FIG_NOTE_HEADER)
    if found is None:
        message = "Không tìm thấy dòng tiêu đề có cột “Mã chỉ tiêu” và “Kế hoạch năm”; hãy dùng lại mẫu đăng ký gốc."
        doc.add("HEADER_MISSING", message, SHEET)
        return
    head, cols = found
    end = _titles_row(rows, head + 1)
    _plans(doc, cfg, rows, head, cols, end)
    if end < len(rows):
        _titles(doc, cfg, rows, end)
