"""One number typed in a cell, judged: blank, a date Excel made up, text, a number typed as text, out of
range. Shared by the monthly figures and the year's workbooks (plans, scores, votes), so a clerk gets the
same answer for the same mistake wherever it is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from thidua.intake.submission import Submission
from thidua.numbers import fmt_number, parse_number


@dataclass(frozen=True)
class Expect:
    """What a cell must hold: `label` is quoted in messages (“Số hộ dân hiến đất”), `measure` follows numbers."""

    label: str
    measure: str
    integer: bool
    required: bool = False
    minimum: float = 0
    maximum: float | None = None
    blank_hint: str = "không có kết quả thì nhập 0"


def read_number(sub: Submission, expect: Expect, raw: Any, sheet: str, cell: str, strict: bool = False) -> float | None:
    """The cell's number, or None after adding the finding that says why it is not a number. A number out
    of range is reported and still returned (the return is excluded by the error anyway, and a resubmission
    is compared on what was typed), unless `strict`: then it is None, for cells read one by one."""
    where = f"“{expect.label}”"
    if raw is None or raw == "":
        if expect.required:
            sub.add("CELL_REQUIRED", f"Chưa nhập số liệu cho {where}; {expect.blank_hint}.", sheet, cell)
        return None
    if isinstance(raw, (datetime, date)):
        sub.add(
            "CELL_NOT_NUMBER",
            f"Ô của {where} đang là ngày tháng (Excel tự đổi khi gõ có dấu “/”); hãy định dạng "
            "lại ô là số và nhập lại.",
            sheet,
            cell,
            raw,
        )
        return None
    parsed = parse_number(raw, expect.integer, expect.measure)
    if parsed.value is None:
        why = f": {parsed.problem}" if parsed.problem else ""
        message = f"“{raw}” không phải là một số{why}; chỉ nhập một số cho {where} ({expect.measure})."
        sub.add("CELL_NOT_NUMBER", message, sheet, cell, raw)
        return None
    if parsed.assumption:
        sub.add(
            "CELL_TEXT_NUMBER",
            f"Số được gõ dạng chữ: {parsed.assumption}. Nếu đúng thì không cần sửa; lần sau hãy gõ số không kèm chữ.",
            sheet,
            cell,
            raw,
        )
    fine = _in_range(sub, expect, parsed.value, raw, sheet, cell)
    return parsed.value if fine or not strict else None


def _in_range(sub: Submission, expect: Expect, value: float, raw: Any, sheet: str, cell: str) -> bool:
    where = f"“{expect.label}”"
    if value < 0:
        sub.add("CELL_NEGATIVE", f"Số liệu của {where} không được âm.", sheet, cell, raw)
    elif expect.integer and not value.is_integer():
        message = f"{where} tính bằng {expect.measure} nên phải là số nguyên, không nhập {raw}."
        sub.add("CELL_NOT_INTEGER", message, sheet, cell, raw)
    elif expect.maximum is not None and value > expect.maximum:
        sub.add(
            "CELL_OUT_OF_RANGE",
            f"{fmt_number(value)} vượt mức tối đa {fmt_number(expect.maximum)} {expect.measure} của "
            f"{where}; hãy kiểm tra lại (có thể thừa chữ số).",
            sheet,
            cell,
            raw,
        )
    elif value < expect.minimum:
        message = f"{where} phải từ {fmt_number(expect.minimum)} {expect.measure} trở lên."
        sub.add("CELL_OUT_OF_RANGE", message, sheet, cell, raw)
    else:
        return True
    return False


def merged_at(sub: Submission, sheet: str, row: int, col: int) -> bool:
    return any(
        r0 <= row <= r1 and c0 <= col <= c1 and (r0, c0) != (r1, c1)
        for r0, c0, r1, c1 in sub.book.merged.get(sheet, [])
    )


def unusable(sub: Submission, sheet: str, row: int, col: int, cell: str, label: str) -> bool:
    """A formula or a merged input cell: reported, and the cell is not read."""
    if (row, col) in sub.book.formulas.get(sheet, set()):
        sub.add(
            "CELL_FORMULA",
            f"Ô của “{label}” chứa công thức; giá trị công thức không được tin cậy, hãy nhập thẳng con số.",
            sheet,
            cell,
        )
        return True
    if merged_at(sub, sheet, row, col):
        sub.add("CELL_MERGED", f"Ô của “{label}” bị gộp với ô khác; hãy bỏ gộp ô (Unmerge) và nhập lại.", sheet, cell)
        return True
    return False


def at(row: list[Any], col: int) -> Any:
    """A cell of a row that may be shorter than the header row."""
    return row[col] if col < len(row) else None
