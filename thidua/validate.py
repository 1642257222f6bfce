"""RawBook → Submission: identify the file, read the figures sheet by the template contract, check every cell."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from thidua import layout as L
from thidua.config import Config, Indicator
from thidua.findings import Finding
from thidua.numbers import fmt_number, parse_number
from thidua.periods import PeriodError, parse_period
from thidua.read import RawBook
from thidua.submission import Submission, check_text, clean_text, find_header, sheet_rows
from thidua.validate_text import read_commendations, read_narratives


def identify(book: RawBook, cfg: Config, today: date) -> Submission | Finding:
    """Who sent this and for which period, from the very hidden metadata sheet (never the file name)."""

    def fail(code: str, msg: str, unit: str = "", period: str = "") -> Finding:
        return Finding(code, msg, unit, period, book.name)

    rows = book.sheets.get(L.SHEET_META)
    meta = {clean_text(r[0]): clean_text(r[1]) for r in rows or [] if len(r) >= 2}
    if meta.get("template_id") != L.TEMPLATE_ID:
        return fail(
            "FILE_NOT_TEMPLATE",
            "Tệp không phải biểu mẫu do thidua tạo (có thể đơn vị tự lập bảng hoặc sao "
            f"chép sang tệp mới); hãy gửi lại đúng biểu mẫu {cfg.cluster.word} đã gửi.",
        )
    book.meta = meta
    unit, period_key = meta.get("unit", ""), meta.get("period", "")
    if meta.get("cluster") != cfg.cluster.name:
        return fail(
            "FILE_OTHER_CLUSTER",
            f"Biểu mẫu của “{meta.get('cluster')}”, không phải của {cfg.cluster.name}.",
            unit,
            period_key,
        )
    if unit not in {u.code for u in cfg.units}:
        return fail(
            "FILE_UNKNOWN_UNIT", f"Mã đơn vị “{unit}” không có trong danh sách đơn vị của cấu hình.", unit, period_key
        )
    try:
        period = parse_period(period_key, cfg.reporting.frequency)
    except PeriodError:
        return fail("FILE_NOT_TEMPLATE", f"Kỳ báo cáo “{period_key}” ghi trong biểu mẫu không hợp lệ.", unit)
    if period.year not in (cfg.reporting.year, cfg.reporting.year - 1):
        return fail(
            "FILE_PERIOD_OUT_OF_YEAR",
            f"Biểu mẫu của {period.label}, ngoài năm thi đua {cfg.reporting.year}"
            " (và năm trước để so sánh); hãy kiểm tra lại tệp.",
            unit,
            period.key,
        )
    if period.day_after > today:
        return fail("FILE_FUTURE_PERIOD", f"Kỳ {period.label} chưa kết thúc nên chưa thể báo cáo.", unit, period.key)
    sub = Submission(book, unit, period)
    if meta.get("catalogue_hash") != cfg.catalogue_hash or meta.get("template_version") != str(L.TEMPLATE_VERSION):
        sub.add(
            "FILE_OUTDATED",
            "Biểu mẫu được tạo theo danh mục chỉ tiêu cũ; số liệu đã được đọc theo mã chỉ tiêu. "
            "Kỳ sau hãy dùng biểu mẫu mới.",
        )
    return sub


def _check_value(sub: Submission, ind: Indicator, raw: Any, cell: str) -> float | None:
    sheet = L.SHEET_FIGURES
    where = f"“{ind.label}”"
    if raw is None or raw == "":
        if ind.required:
            sub.add("CELL_REQUIRED", f"Chưa nhập số liệu cho {where}; không có kết quả thì nhập 0.", sheet, cell)
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
    parsed = parse_number(raw, ind.type == "integer")
    if parsed.value is None:
        sub.add(
            "CELL_NOT_NUMBER", f"“{raw}” không phải là số; chỉ nhập số cho {where} ({ind.measure}).", sheet, cell, raw
        )
        return None
    value = parsed.value
    if parsed.assumption:
        sub.add(
            "CELL_TEXT_NUMBER",
            f"Số được gõ dạng chữ: {parsed.assumption}. Nếu đúng thì không cần sửa; lần sau hãy gõ số không kèm chữ.",
            sheet,
            cell,
            raw,
        )
    if value < 0:
        sub.add("CELL_NEGATIVE", f"Số liệu của {where} không được âm.", sheet, cell, raw)
    elif ind.type == "integer" and not value.is_integer():
        sub.add(
            "CELL_NOT_INTEGER",
            f"{where} tính bằng {ind.measure} nên phải là số nguyên, không nhập {raw}.",
            sheet,
            cell,
            raw,
        )
    elif ind.max is not None and value > ind.max:
        sub.add(
            "CELL_OUT_OF_RANGE",
            f"{fmt_number(value)} vượt mức tối đa {fmt_number(ind.max)} {ind.measure} của "
            f"{where}; hãy kiểm tra lại (có thể thừa chữ số).",
            sheet,
            cell,
            raw,
        )
    elif value < ind.min:
        sub.add("CELL_OUT_OF_RANGE", f"{where} phải từ {fmt_number(ind.min)} {ind.measure} trở lên.", sheet, cell, raw)
    return value


def _at(row: list[Any], col: int) -> Any:
    """A cell of a row that may be shorter than the header row."""
    return row[col] if col < len(row) else None


def _merged_at(sub: Submission, sheet: str, row: int, col: int) -> bool:
    return any(
        r0 <= row <= r1 and c0 <= col <= c1 and (r0, c0) != (r1, c1)
        for r0, c0, r1, c1 in sub.book.merged.get(sheet, [])
    )


def _figures(sub: Submission, cfg: Config) -> None:
    rows = sheet_rows(sub, L.SHEET_FIGURES)
    if rows is None:
        return
    found = find_header(rows, L.FIG_CODE_HEADER, L.FIG_VALUE_HEADER, L.FIG_NOTE_HEADER) or find_header(
        rows, L.FIG_CODE_HEADER, L.FIG_VALUE_HEADER
    )
    if found is None:
        sub.add(
            "HEADER_MISSING",
            "Không tìm thấy dòng tiêu đề có cột “Mã chỉ tiêu” và “Kết quả thực hiện”; hãy dùng lại biểu mẫu gốc.",
            L.SHEET_FIGURES,
        )
        return
    head, cols = found
    code_col, value_col = cols[0], cols[1]
    note_col = cols[2] if len(cols) > 2 else None
    catalogue = {i.code: i for i in cfg.indicators_for(sub.unit)}
    formulas = sub.book.formulas.get(L.SHEET_FIGURES, set())
    moved: list[tuple[str, str]] = []
    for r in range(head + 1, len(rows)):
        row = rows[r]
        code, raw = clean_text(_at(row, code_col)), _at(row, value_col)
        if code not in catalogue:
            if code.isupper() and raw not in ("", None):  # a code-like row someone added, with a figure
                sub.add(
                    "ROW_UNKNOWN",
                    f"Mã “{code}” không thuộc các chỉ tiêu của đơn vị; số liệu dòng này bị bỏ qua.",
                    L.SHEET_FIGURES,
                    L.a1(r, value_col),
                    raw,
                )
            continue
        ind = catalogue.pop(code)
        cell = L.a1(r, value_col)
        if sub.book.meta.get(f"row:{code}") not in (None, str(r + 1)):
            moved.append((code, cell))
        if (r, value_col) in formulas:
            sub.add(
                "CELL_FORMULA",
                f"Ô của “{ind.label}” chứa công thức; giá trị công thức không được tin cậy, hãy nhập thẳng con số.",
                L.SHEET_FIGURES,
                cell,
            )
            continue
        if _merged_at(sub, L.SHEET_FIGURES, r, value_col):
            sub.add(
                "CELL_MERGED",
                f"Ô của “{ind.label}” bị gộp với ô khác; hãy bỏ gộp ô (Unmerge) và nhập lại.",
                L.SHEET_FIGURES,
                cell,
            )
            continue
        value = _check_value(sub, ind, raw, cell)
        note = clean_text(_at(row, note_col)) if note_col is not None else ""
        if note:
            note = check_text(sub, note, L.SHEET_FIGURES, L.a1(r, note_col or 0), L.NOTE_MAX_CHARS)
        if value is not None:
            sub.figures.append(
                {
                    "code": code,
                    "value": value,
                    "cell": cell,
                    "note": note,
                    "note_cell": L.a1(r, note_col) if note_col is not None else "",
                }
            )
    if moved:
        codes = ", ".join(c for c, _ in moved[:5]) + ("..." if len(moved) > 5 else "")
        sub.add(
            "ROW_MOVED",
            f"Các dòng chỉ tiêu đã bị chèn, xóa hoặc di chuyển ({codes}); đã đọc đúng theo mã chỉ "
            "tiêu, lần sau xin giữ nguyên các dòng của biểu mẫu.",
            L.SHEET_FIGURES,
            moved[0][1],
        )
    for code, ind in catalogue.items():
        if ind.required:
            sub.add(
                "ROW_MISSING",
                f"Không thấy dòng của chỉ tiêu bắt buộc “{ind.label}” (mã {code}); dòng đã bị xóa, "
                "hãy dùng lại biểu mẫu gốc.",
                L.SHEET_FIGURES,
            )


def validate_book(book: RawBook, cfg: Config, today: date) -> Submission | Finding:
    """Identify and check one readable workbook; file-level failure comes back as a single Finding."""
    sub = identify(book, cfg, today)
    if isinstance(sub, Finding):
        return sub
    _figures(sub, cfg)
    read_narratives(sub, cfg)
    read_commendations(sub, cfg)
    return sub
