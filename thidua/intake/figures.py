"""The figures sheet of a Submission: found by its header contract, read by indicator code, every cell checked."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from thidua import layout
from thidua.config import Config, Indicator
from thidua.intake.submission import Submission, check_text, find_header, sheet_rows
from thidua.numbers import fmt_number, parse_number
from thidua.strings import clean_text

SHEET = layout.SHEET_FIGURES


def _check_value(sub: Submission, ind: Indicator, raw: Any, cell: str) -> float | None:
    where = f"“{ind.label}”"
    if raw is None or raw == "":
        if ind.required:
            sub.add("CELL_REQUIRED", f"Chưa nhập số liệu cho {where}; không có kết quả thì nhập 0.", SHEET, cell)
        return None
    if isinstance(raw, (datetime, date)):
        sub.add(
            "CELL_NOT_NUMBER",
            f"Ô của {where} đang là ngày tháng (Excel tự đổi khi gõ có dấu “/”); hãy định dạng "
            "lại ô là số và nhập lại.",
            SHEET,
            cell,
            raw,
        )
        return None
    parsed = parse_number(raw, ind.type == "integer", ind.measure)
    if parsed.value is None:
        why = f": {parsed.problem}" if parsed.problem else ""
        message = f"“{raw}” không phải là một số{why}; chỉ nhập một số cho {where} ({ind.measure})."
        sub.add("CELL_NOT_NUMBER", message, SHEET, cell, raw)
        return None
    value = parsed.value
    if parsed.assumption:
        sub.add(
            "CELL_TEXT_NUMBER",
            f"Số được gõ dạng chữ: {parsed.assumption}. Nếu đúng thì không cần sửa; lần sau hãy gõ số không kèm chữ.",
            SHEET,
            cell,
            raw,
        )
    _check_range(sub, ind, value, raw, cell)
    return value


def _check_range(sub: Submission, ind: Indicator, value: float, raw: Any, cell: str) -> None:
    where = f"“{ind.label}”"
    if value < 0:
        sub.add("CELL_NEGATIVE", f"Số liệu của {where} không được âm.", SHEET, cell, raw)
    elif ind.type == "integer" and not value.is_integer():
        sub.add(
            "CELL_NOT_INTEGER",
            f"{where} tính bằng {ind.measure} nên phải là số nguyên, không nhập {raw}.",
            SHEET,
            cell,
            raw,
        )
    elif ind.max is not None and value > ind.max:
        sub.add(
            "CELL_OUT_OF_RANGE",
            f"{fmt_number(value)} vượt mức tối đa {fmt_number(ind.max)} {ind.measure} của "
            f"{where}; hãy kiểm tra lại (có thể thừa chữ số).",
            SHEET,
            cell,
            raw,
        )
    elif value < ind.min:
        sub.add("CELL_OUT_OF_RANGE", f"{where} phải từ {fmt_number(ind.min)} {ind.measure} trở lên.", SHEET, cell, raw)


def _at(row: list[Any], col: int) -> Any:
    """A cell of a row that may be shorter than the header row."""
    return row[col] if col < len(row) else None


def _merged_at(sub: Submission, row: int, col: int) -> bool:
    return any(
        r0 <= row <= r1 and c0 <= col <= c1 and (r0, c0) != (r1, c1)
        for r0, c0, r1, c1 in sub.book.merged.get(SHEET, [])
    )


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


def _unusable_cell(sub: Submission, ind: Indicator, r: int, value_col: int, cell: str) -> bool:
    """A formula or a merged input cell: reported, and the cell is not read."""
    if (r, value_col) in sub.book.formulas.get(SHEET, set()):
        sub.add(
            "CELL_FORMULA",
            f"Ô của “{ind.label}” chứa công thức; giá trị công thức không được tin cậy, hãy nhập thẳng con số.",
            SHEET,
            cell,
        )
        return True
    if _merged_at(sub, r, value_col):
        sub.add(
            "CELL_MERGED", f"Ô của “{ind.label}” bị gộp với ô khác; hãy bỏ gộp ô (Unmerge) và nhập lại.", SHEET, cell
        )
        return True
    return False


def _indicator_row(
    sub: Submission, ind: Indicator, row: list[Any], r: int, value_col: int, note_col: int | None
) -> None:
    cell = layout.a1(r, value_col)
    if _unusable_cell(sub, ind, r, value_col, cell):
        return
    value = _check_value(sub, ind, _at(row, value_col), cell)
    note_cell = layout.a1(r, note_col) if note_col is not None else ""
    note = clean_text(_at(row, note_col)) if note_col is not None else ""
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
        code = clean_text(_at(rows[r], code_col))
        if code not in not_found:
            _unknown_row(sub, code, _at(rows[r], value_col), layout.a1(r, value_col))
            continue
        if sub.book.meta.get(f"row:{code}") not in (None, str(r + 1)):
            moved.append((code, layout.a1(r, value_col)))
        _indicator_row(sub, not_found.pop(code), rows[r], r, value_col, note_col)
    _report_moved(sub, moved)
    _report_missing(sub, not_found)
