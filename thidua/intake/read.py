"""A file → RawBook (cell values of the sheets thidua reads, merged ranges, formula cells, save time);
no judgement on content. With zipsafe.py (its guards), the only module that opens zips and calls
python-calamine: no file may take the process down, so calamine only ever sees a workbook zipsafe.py has
shown to be safe."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine as pc

from thidua.atomic import TEMPORARY  # thidua's own files being written: not a return yet
from thidua.findings import Finding
from thidua.intake import ooxml
from thidua.intake.sniff import CFB_MAGIC, WORKBOOK, sniff_content, sniff_name
from thidua.intake.zipsafe import (
    CORRUPT,
    MAX_FILE_BYTES,
    TOO_LARGE,
    Unreadable,
    check_extent,
    guard_sizes,
    member,
    parts_of,
)
from thidua.layout import RECEIPT_BOOK, SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_META, SHEET_NARRATIVES, YEAR_SHEETS
from thidua.periods import VN_TZ

READ_SHEETS = (SHEET_META, SHEET_FIGURES, SHEET_NARRATIVES, SHEET_COMMENDATIONS, *YEAR_SHEETS)
# Sheets whose input cells must hold typed values: a formula's cached result is not trusted there.
FORMULA_SHEETS = (SHEET_FIGURES, *YEAR_SHEETS)


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

    def lighten(self) -> RawBook:
        """Drop the cell values once validated: what travels back from a worker stays small."""
        self.sheets, self.merged, self.formulas = {}, {}, {}
        return self


def discover(root: Path, returns_only: bool = True) -> list[Path]:
    """Every file under root, in any sub-folder, in a stable order: each one will get an answer. The
    office's receipt book is not a return (intake/receipts.py reads it) unless `returns_only` is off."""
    if not root.is_dir():
        return []
    book = root / RECEIPT_BOOK
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(TEMPORARY) and (p != book or not returns_only)
    )


def _scan_zip(book: RawBook, zf: zipfile.ZipFile, data: bytes) -> dict[str, str]:
    """Save time, sheet parts; each sheet to read checked, and its formulas found (sizes are guarded)."""
    infos, parts = parts_of(zf, data)
    core = infos.get("docProps/core.xml")
    book.saved = ooxml.saved_at(member(data, core) if core else None)
    for sheet, part in parts.items():
        if sheet in READ_SHEETS and part in infos:
            xml = member(data, infos[part])
            check_extent(sheet, xml)
            if sheet in FORMULA_SHEETS and ooxml.maybe_formulas(xml):
                book.formulas[sheet] = ooxml.formula_cells(io.BytesIO(xml))
    return parts


def _load_values(book: RawBook, data: bytes) -> None:
    try:
        wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        book.sheet_names = list(wb.sheet_names)
        for name in book.sheet_names:
            if name not in READ_SHEETS:
                continue  # the guide and the choice lists carry nothing a unit types
            sheet = wb.get_sheet_by_name(name)
            book.sheets[name] = sheet.to_python(skip_empty_area=False)
            book.merged[name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
    except Exception:  # calamine raises several error types for damaged parts; all mean "unreadable"
        message = "Một phần nội dung tệp bị hỏng nên không đọc được; hãy mở bằng Excel, lưu lại và gửi lại."
        raise Unreadable("FILE_CORRUPT", message) from None


def _open(book: RawBook, data: bytes) -> None:
    zf_names: set[str] | None = None
    mimetype = b""
    zf = None
    if data.startswith(b"PK"):
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            guard_sizes(zf, data)  # before anything is inflated, whatever kind of zip it turns out to be
            zf_names = set(zf.namelist())
            if "mimetype" in zf_names:
                with zf.open("mimetype") as stream:
                    mimetype = stream.read(100)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
            raise Unreadable("FILE_CORRUPT", CORRUPT) from None
    kind = sniff_content(data if data.startswith(CFB_MAGIC) else data[:4096], zf_names, mimetype)
    if kind is not WORKBOOK or zf is None:
        raise Unreadable(kind.code, kind.message)
    try:
        _scan_zip(book, zf, data)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, ooxml.ParseError):
        raise Unreadable("FILE_CORRUPT", CORRUPT) from None
    _load_values(book, data)


def read_rows(path: Path, sheet: str, limit: int = MAX_FILE_BYTES) -> list[list[Any]]:
    """The cell values of one sheet of an office workbook that is not a return (the receipt book), under
    the same guards as a return: its named sheet, else its first. Raises Unreadable."""
    try:
        if path.stat().st_size > limit:
            raise Unreadable("FILE_TOO_LARGE", TOO_LARGE)
        data = path.read_bytes()
        zf = zipfile.ZipFile(io.BytesIO(data))
        guard_sizes(zf, data)
        infos = {i.filename: i for i in zf.infolist()}
        read = lambda part: member(data, infos[part]) if part in infos else None  # noqa: E731
        workbook = ooxml.workbook_part(read(ooxml.ROOT_RELS))
        parts = ooxml.sheet_parts(workbook, read(workbook) or b"", read(ooxml.rels_part(workbook)) or b"")
        name = sheet if sheet in parts else next(iter(parts), "")
        if not name or parts[name] not in infos:
            raise Unreadable("FILE_CORRUPT", CORRUPT)
        check_extent(name, member(data, infos[parts[name]]))
        return (
            pc.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python(skip_empty_area=False)
        )
    except Unreadable:
        raise
    except Exception:  # zipfile, XML and calamine errors alike: the file cannot be read
        raise Unreadable("FILE_CORRUPT", CORRUPT) from None


def read_book(path: Path, root: Path) -> RawBook:
    """Read one file; every problem becomes a finding on the RawBook, never an exception."""
    book = RawBook(path=path, name=path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name)
    try:
        if kind := sniff_name(book.name):
            raise Unreadable(kind.code, kind.message)
        stat = path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            raise Unreadable("FILE_TOO_LARGE", "Tệp quá lớn so với một biểu mẫu đã điền; hãy gửi lại biểu mẫu gốc.")
        data = path.read_bytes()
        book.sha256 = hashlib.sha256(data).hexdigest()
        book.received = datetime.fromtimestamp(stat.st_mtime, VN_TZ)
        _open(book, data)
    except Unreadable as err:
        book.findings.append(Finding(err.code, err.message, file=book.name, sheet=err.sheet))
    except OSError:
        message = "Không đọc được tệp (không có quyền hoặc tệp đang bị khóa)."
        book.findings.append(Finding("FILE_CORRUPT", message, file=book.name))
    return book
