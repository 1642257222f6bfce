"""The office's receipt book (inputs/so-nhan-bao-cao.xlsx): the day each return sent by e-mail or on
paper reached the office. A date written there is the submission time of that file, before anything the
file says of itself (intake/arrival.py). The book is the office's own record, so it is read as it is
typed: one line per file, by the file's name; every line that cannot be used is a finding at its cell."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from thidua import layout
from thidua.findings import Finding
from thidua.intake.arrival import Receipts
from thidua.intake.read import Unreadable, read_rows
from thidua.numbers import typed_time
from thidua.periods import VN_TZ
from thidua.strings import clean_text

MAX_BOOK_BYTES = 5 * 1024 * 1024
_END_OF_DAY = time(23, 59, 59)  # a date without a time: received some time that day


@dataclass
class ReceiptBook:
    dates: Receipts = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def as_typed(moment: datetime) -> datetime:
    """A recorded receipt as the office typed it, for writing it back: a bare day stays a bare day."""
    plain = moment.replace(tzinfo=None)
    return datetime.combine(plain.date(), time(0)) if plain.time() == _END_OF_DAY else plain


def _finding(code: str, message: str, cell: str = "") -> Finding:
    return Finding(code, message, file=layout.RECEIPT_BOOK, sheet=layout.SHEET_RECEIPTS if cell else "", cell=cell)


def _when(value: Any) -> datetime | None:
    """The day (and time, if typed) a file was received, in Vietnam time."""
    if isinstance(value, datetime):
        moment = value if value.time() != time(0) else datetime.combine(value.date(), _END_OF_DAY)
    elif isinstance(value, date):
        moment = datetime.combine(value, _END_OF_DAY)
    elif (typed := typed_time(value)) is not None:  # a day alone ("ngày 20 tháng 7 năm 2023") counts to its end
        moment = typed if typed.time() != time(0) else datetime.combine(typed.date(), _END_OF_DAY)
    else:
        return None
    return moment.replace(tzinfo=VN_TZ)


def _header(rows: list[list[Any]]) -> tuple[int, int, int] | None:
    for r, row in enumerate(rows[:20]):
        texts = [clean_text(v) if isinstance(v, str) else "" for v in row]
        if layout.RECEIPT_FILE_HEADER in texts and layout.RECEIPT_DATE_HEADER in texts:
            return r, texts.index(layout.RECEIPT_FILE_HEADER), texts.index(layout.RECEIPT_DATE_HEADER)
    return None


def _matcher(names: list[str]) -> Any:
    """A typed file name → the file under inputs/ it means: its path as in findings, or its bare name when
    no other file has that name."""
    exact = set(names)
    by_bare: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_bare[name.rsplit("/", 1)[-1].casefold()].append(name)

    def match(typed: str) -> list[str]:
        typed = typed.replace("\\", "/").strip().strip("/")
        if typed in exact:
            return [typed]
        return by_bare.get(typed.rsplit("/", 1)[-1].casefold(), [])

    return match


def read_receipts(inputs: Path, names: list[str], today: date) -> ReceiptBook:
    """What the receipt book says, by file; no book is no record (not a finding)."""
    path = inputs / layout.RECEIPT_BOOK
    if not path.is_file():
        return ReceiptBook()
    unreadable = (
        f"Không đọc được sổ nhận báo cáo {layout.RECEIPT_BOOK}; hãy mở bằng Excel, lưu lại dạng .xlsx. "
        "Các ngày nhận trong sổ chưa được dùng."
    )
    try:
        rows = read_rows(path, layout.SHEET_RECEIPTS, MAX_BOOK_BYTES)
    except Unreadable:
        rows = None
    if rows is None:
        return ReceiptBook(findings=[_finding("RECEIPT_BOOK_UNREADABLE", unreadable)])
    if (header := _header(rows)) is None:
        message = (
            f"Sổ nhận báo cáo không có dòng tiêu đề với cột “{layout.RECEIPT_FILE_HEADER}” và "
            f"“{layout.RECEIPT_DATE_HEADER}”; các ngày nhận trong sổ chưa được dùng."
        )
        return ReceiptBook(findings=[_finding("RECEIPT_BOOK_UNREADABLE", message)])
    first, file_col, date_col = header
    match = _matcher(names)
    receipts: Receipts = {}
    findings = []
    for r, row in enumerate(rows[first + 1 :], first + 1):
        typed = clean_text(row[file_col]) if file_col < len(row) and row[file_col] not in (None, "") else ""
        value = row[date_col] if date_col < len(row) else None
        if not typed and value in (None, ""):
            continue
        file_cell, date_cell = layout.a1(r, file_col), layout.a1(r, date_col)
        found = match(typed) if typed else []
        if len(found) != 1:
            why = "không có tệp nào" if not found else f"có {len(found)} tệp ({', '.join(found[:3])})"
            message = f"Dòng {r + 1} của sổ nhận báo cáo ghi tệp “{typed}” nhưng trong thư mục báo cáo {why} như vậy."
            findings.append(_finding("RECEIPT_FILE_UNKNOWN", message, file_cell))
            continue
        if value in (None, ""):
            continue  # a file listed without its date yet: nothing recorded
        when = _when(value)
        if when is None or when.date() > today:
            why = "không đọc được thành ngày (ghi dạng 25/07/2023)" if when is None else "là ngày trong tương lai"
            message = f"Ngày nhận của tệp “{found[0]}” {why}; dòng này chưa được dùng."
            findings.append(_finding("RECEIPT_DATE_INVALID", message, date_cell))
            continue
        receipts[found[0]] = when
    return ReceiptBook(receipts, findings)
