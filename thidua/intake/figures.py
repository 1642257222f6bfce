"""The figures sheet of a Submission: found by its header contract, read by indicator code, every cell checked."""

from __future__ import annotations

from typing import Any

from thidua import layout
from thidua.config import Config, Indicator
from thidua.intake.cells import Expect, at, read_number, unusable
from thidua.intake.submission import Submission, check_text, find_header, sheet_rows
from thidua.strings import clean_text

SHEET = layout.SHEET_FIGURES


def _expect(ind: Indicator) -> Expect:
    return Expect(ind.label, ind.measure, ind.type == "integer", ind.required, ind.min, ind.max)


def _header(sub: Submission, rows: list[list[Any]]) -> tuple[int, int, int, int | None] | None:
    """(header row, code column, value column, note column or None), or None after reporting HEADER_MISSING."""
    found = find_header(rows, layout.FIG_CODE_HEADER, layout.FIG_VALUE_HEADER, layout.FIG_NOTE_HEADER) or find_header(
        rows, layout.FIG_CODE_HEADER, layout.FIG_VALUE_HEADER
    )
    if found is None:
        sub.add(
            "HEADER_MISSING",
            "Không tìm thấy dòng tiêu đề có cột “Mã chỉ tiêu” và “Kết quả thực hiện”; hãy dùng lại biểu mẫu gốc.",
            SHEET,
        )
        return None
    head, cols = found
    return head, cols[0], cols[1], cols[2] if len(cols) > 2 else None


def _unknown_row(sub: Submission, code: str, raw: Any, cell: str) -> None:
    if code.isupper() and raw not in ("", None):  # a code-like row someone added, with a figure
        sub.add(
            "ROW_UNKNOWN",
            f"Mã “{code}” không thuộc các chỉ tiêu của đơn vị; số liệu dòng này bị bỏ qua.",
            SHEET,
            cell,
            raw,
        )


def _indicator_row(
    sub: Submission, ind: Indicator, row: list[Any], r: int, value_col: int, note_col: int | None
) -> None:
    cell = layout.a1(r, value_col)
    if unusable(sub, SHEET, r, value_col, cell, ind.label):
        return
    value = read_number(sub, _expect(ind), at(row, value_col), SHEET, cell)
    note_cell = layout.a1(r, note_col) if note_col is not None else ""
    note = clean_text(at(row, note_col)) if note_col is not None else ""
    if note:
        note = check_text(sub, note, SHEET, note_cell, layout.NOTE_MAX_CHARS)
    if value is not None:
        sub.figures.append({"code": ind.code, "value": value, "cell": cell, "note": note, "note_cell": note_cell})


def _report_moved(sub: Submission, moved: list[tuple[str, str]]) -> None:
    if moved:
        codes = ", ".join(c for c, _ in moved[:5]) + ("..." if len(moved) > 5 else "")
        sub.add(
            "ROW_MOVED",
            f"Các dòng chỉ tiêu đã bị chèn, xóa hoặc di chuyển ({codes}); đã đọc đúng theo mã chỉ "
            "tiêu, lần sau xin giữ nguyên các dòng của biểu mẫu.",
            SHEET,
            moved[0][1],
        )


def _report_missing(sub: Submission, not_found: dict[str, Indicator]) -> None:
    for code, ind in not_found.items():
        if ind.required:
            sub.add(
                "ROW_MISSING",
                f"Không thấy dòng của chỉ tiêu bắt buộc “{ind.label}” (mã {code}); dòng đã bị xóa, "
                "hãy dùng lại biểu mẫu gốc.",
                SHEET,
            )


def read_figures(sub: Submission, cfg: Config) -> None:
    """Every indicator row of the unit, found by its code wherever the row now is."""
    rows = sheet_rows(sub, SHEET)
    if rows is None or (header := _header(sub, rows)) is None:
        return
    head, code_col, value_col, note_col = header
    not_found = {i.code: i for i in cfg.indicators_for(sub.unit)}
    moved: list[tuple[str, str]] = []
    for r in range(head + 1, len(rows)):
        code = clean_text(at(rows[r], code_col))
        if code not in not_found:
            _unknown_row(sub, code, at(rows[r], value_col), layout.a1(r, value_col))
            continue
        if sub.book.meta.get(f"row:{code}") not in (None, str(r + 1)):
            moved.append((code, layout.a1(r, value_col)))
        _indicator_row(sub, not_found.pop(code), rows[r], r, value_col, note_col)
    _report_moved(sub, moved)
    _report_missing(sub, not_found)
