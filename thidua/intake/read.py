"""Workbook files → RawBook (cell values by sheet, merged ranges, formula cells); no judgements on content.

Values come from python-calamine (fast); the few structural facts calamine does not give (which cells
hold formulas, when the clerk last saved) come from the zip's XML parts, parsed by ooxml.py.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine as pc
from defusedxml import ElementTree as SafeET

from thidua.findings import Finding
from thidua.intake import ooxml
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_META, SHEET_NARRATIVES
from thidua.periods import VN_TZ

READ_SHEETS = {SHEET_FIGURES, SHEET_NARRATIVES, SHEET_COMMENDATIONS, SHEET_META}
FORMULA_SHEETS = {SHEET_FIGURES}  # the only sheet whose cells are summed
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xltx", ".ods"}
MAX_UNZIPPED = 100 * 1024 * 1024  # a filled template unzips to ~150 kB; 100 MB is not a report
NOT_A_WORKBOOK = "Tệp không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng; hãy lưu lại từ Excel và gửi lại."
# Password-protected .xlsx files are OLE containers with "EncryptionInfo"/"EncryptedPackage" streams,
# whose names are stored in UTF-16.
ENCRYPTED_STREAM = "Encrypt".encode("utf-16-le")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE container: legacy .xls, or an encrypted .xlsx


@dataclass
class RawBook:
    path: Path
    name: str  # path relative to the inputs folder, as the chair sees it
    sha256: str = ""
    saved: datetime | None = None  # last save, Vietnam time, from the file's own properties
    received: datetime | None = None  # the file's modification time here: orders copies that carry no save time
    sheet_names: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.findings


def discover(root: Path) -> list[Path]:
    """Every workbook-like file under root, in any sub-folder, in a stable order."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES)


def _fail(book: RawBook, code: str, message: str) -> RawBook:
    book.findings.append(Finding(code, message, file=book.name))
    return book


def _member(zf: zipfile.ZipFile, names: set[str], part: str) -> bytes | None:
    return zf.read(part) if part in names else None


def _scan_zip(book: RawBook, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                _fail(
                    book,
                    "FILE_TOO_LARGE",
                    "Tệp giải nén ra dung lượng bất thường nên không đọc; hãy gửi lại biểu mẫu gốc đã điền.",
                )
                return False
            names = set(zf.namelist())
            book.saved = ooxml.saved_at(_member(zf, names, "docProps/core.xml"))
            workbook = ooxml.workbook_part(_member(zf, names, ooxml.ROOT_RELS))
            parts = ooxml.sheet_parts(workbook, zf.read(workbook), zf.read(ooxml.rels_part(workbook)))
            for sheet, part in parts.items():
                if sheet in FORMULA_SHEETS and part in names and ooxml.maybe_formulas(zf.read(part)):
                    with zf.open(part) as stream:
                        book.formulas[sheet] = ooxml.formula_cells(stream)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SafeET.ParseError):
        _fail(book, "FILE_CORRUPT", NOT_A_WORKBOOK)
        return False
    return True


def _load_values(book: RawBook, data: bytes) -> None:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        book.sheet_names = list(wb.sheet_names)
        for name in book.sheet_names:
            if name not in READ_SHEETS:
                continue  # the guide and the choice lists carry nothing a unit types
            sheet = wb.get_sheet_by_name(name)
            book.sheets[name] = sheet.to_python(skip_empty_area=False)
            ranges = sheet.merged_cell_ranges or []
            book.merged[name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    except Exception:  # calamine raises several error types for damaged parts; all mean "unreadable"
        _fail(
            book,
            "FILE_CORRUPT",
            "Một phần nội dung tệp bị hỏng nên không đọc được; hãy mở bằng Excel, lưu lại và gửi lại.",
        )


def read_book(path: Path, root: Path) -> RawBook:
    """Read one file; every problem becomes a finding on the RawBook, never an exception."""
    book = RawBook(path=path, name=path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name)
    if path.name.startswith("~$"):
        return _fail(book, "FILE_LOCK", "Tệp khóa tạm do Excel tạo khi đang mở một tệp; không phải báo cáo, đã bỏ qua.")
    try:
        data = path.read_bytes()
    except OSError:
        return _fail(book, "FILE_CORRUPT", "Không đọc được tệp (không có quyền hoặc tệp đang bị khóa).")
    book.sha256 = hashlib.sha256(data).hexdigest()
    book.received = datetime.fromtimestamp(path.stat().st_mtime, VN_TZ)
    if data.startswith(CFB_MAGIC):
        if ENCRYPTED_STREAM in data:
            return _fail(
                book,
                "FILE_ENCRYPTED",
                "Tệp có đặt mật khẩu; hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại.",
            )
        return _fail(
            book,
            "FILE_XLS",
            "Tệp ở định dạng Excel 97-2003 (.xls); hãy mở bằng Excel, chọn Lưu thành "
            "“Sổ làm việc Excel (*.xlsx)” và gửi lại.",
        )
    if not data.startswith(b"PK"):
        return _fail(book, "FILE_CORRUPT", NOT_A_WORKBOOK)
    if _scan_zip(book, data):
        _load_values(book, data)
    return book


PARALLEL_FROM = 50  # below this, starting worker processes costs more than it saves


def read_iter(paths: list[Path], root: Path, workers: int = 1) -> Iterator[RawBook]:
    """Read many files in order; with workers > 1 in parallel processes (reading is CPU-bound)."""
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        yield from (read_book(p, root) for p in paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(read_book, paths, itertools.repeat(root), chunksize=16)


def read_all(paths: list[Path], root: Path, workers: int = 1) -> list[RawBook]:
    return list(read_iter(paths, root, workers))
