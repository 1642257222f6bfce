"""Workbook files → RawBook (cell values by sheet, merged ranges, formula cells); no judgements on content.

Values come from python-calamine (fast); the few structural facts calamine does not give (which cells
hold formulas, when the clerk last saved) are read straight from the zip, without a full XML parse.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine as pc

from thidua.findings import Finding
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_META, SHEET_NARRATIVES

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
    saved: datetime | None = None
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


_CORE_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)<")
_SHEET_ENTRY = re.compile(r'<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"')
_REL_ENTRY = re.compile(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_REL_ENTRY_REV = re.compile(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:(?!</c>).){0,200}?<f[ >/]', re.S)


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _sheet_files(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part inside the zip."""
    wb = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(_REL_ENTRY.findall(rels)) | {i: t for t, i in _REL_ENTRY_REV.findall(rels)}
    out = {}
    for name, rid in _SHEET_ENTRY.findall(wb):
        target = targets.get(rid, "").lstrip("/")
        out[html.unescape(name)] = target if target.startswith("xl/") else f"xl/{target}"
    return out


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
            core = zf.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            if m := _CORE_MODIFIED.search(core):
                book.saved = datetime.fromisoformat(m[1].decode().replace("Z", "+00:00")).replace(tzinfo=None)
            for sheet, part in _sheet_files(zf).items():
                if sheet not in FORMULA_SHEETS or part not in names:
                    continue
                xml = zf.read(part)
                if b"<f" in xml:  # cheap test first: almost no returned template has a formula
                    book.formulas[sheet] = {(int(r) - 1, _col_index(c)) for c, r in _FORMULA_CELL.findall(xml)}
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
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
