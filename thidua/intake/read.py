"""A file → RawBook (cell values of the sheets thidua reads, merged ranges, formula cells, save time);
no judgement on content. The only module that opens zips and calls python-calamine.

No file may take the process down, so calamine only ever sees a workbook already shown to be safe:
- every zip member's worst-case inflated size is bounded (deflate expands at most ~1032×); a member
  that could exceed the cap is inflated here, streamed, with the cap enforced, whatever its headers say;
- every sheet read has its <dimension> and its real cell references checked, because calamine sizes a
  dense grid from them (one value in XFD1048576 would ask for 512 GiB).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine as pc

from thidua.findings import Finding
from thidua.intake import ooxml
from thidua.intake.sniff import CFB_MAGIC, WORKBOOK, sniff_content, sniff_name
from thidua.layout import SHEET_COMMENDATIONS, SHEET_FIGURES, SHEET_META, SHEET_NARRATIVES, YEAR_SHEETS
from thidua.periods import VN_TZ

READ_SHEETS = (SHEET_META, SHEET_FIGURES, SHEET_NARRATIVES, SHEET_COMMENDATIONS, *YEAR_SHEETS)
# Sheets whose input cells must hold typed values: a formula's cached result is not trusted there.
FORMULA_SHEETS = (SHEET_FIGURES, *YEAR_SHEETS)
MAX_FILE_BYTES = 20 * 1024 * 1024  # a filled template is ~30 kB; pictures pasted in stay far below this
MAX_PART_BYTES = 32 * 1024 * 1024  # any one XML part, inflated
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all parts, as declared
DEFLATE_MAX_RATIO = 1032  # the most deflate can expand its input
MAX_CELLS = 1_000_000  # dense area (rows × columns) of one sheet read; the template's is about 300
MAX_COLUMNS = 200
CORRUPT = "Tệp không phải bảng tính Excel (.xlsx) hoặc đã bị hỏng; hãy lưu lại từ Excel và gửi lại."
TOO_LARGE = "Tệp giải nén ra dung lượng bất thường nên không đọc; hãy gửi lại biểu mẫu gốc đã điền."
# Every cell's reference: calamine places a cell by its own reference, whatever row element it sits in.
# Excel, LibreOffice, openpyxl and xlsxwriter write r first, so a literal prefix finds them fast; a file
# written any other way (another attribute first, a namespace prefix, no r) makes the counts disagree and
# is followed element by element instead.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]*[0-9]*:?([A-Z]{1,3})([0-9]{1,7})"')


class Unreadable(Exception):
    """The file cannot be read safely: (code, Vietnamese message)."""

    def __init__(self, code: str, message: str, sheet: str = ""):
        super().__init__(message)
        self.code, self.message, self.sheet = code, message, sheet


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


TEMPORARY = ".~tmp-"  # thidua's own files being written (atomic.py): not a return yet


def discover(root: Path) -> list[Path]:
    """Every file under root, in any sub-folder, in a stable order: each one will get an answer."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(TEMPORARY))


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def member(data: bytes, info: zipfile.ZipInfo, cap: int = MAX_PART_BYTES) -> bytes:
    """One member's bytes, inflated straight from the file with zlib, never more than `cap` whatever the
    headers claim; its size and CRC must then match the central directory. (zipfile does the same with
    much more Python per call, and a return needs eight members.)"""
    start = info.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(info.filename)
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + 30 + name_length + extra_length
    raw = data[begin : begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        out = raw[: cap + 1]
    else:
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(raw, cap + 1)
    if len(out) > cap:
        raise Unreadable("FILE_TOO_LARGE", TOO_LARGE)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(info.filename)
    return out


def _guard_sizes(zf: zipfile.ZipFile, data: bytes) -> None:
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise Unreadable("FILE_TOO_LARGE", TOO_LARGE)
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unreadable("FILE_CORRUPT", CORRUPT)
        worst = info.compress_size * (DEFLATE_MAX_RATIO if info.compress_type == zipfile.ZIP_DEFLATED else 1)
        if max(info.file_size, worst) > MAX_PART_BYTES:
            member(data, info)  # proves it small, or raises


def _check_extent(sheet: str, xml: bytes) -> None:
    """The dense area calamine would allocate for this sheet must stay small."""
    rows, cols = 0, 0
    if match := _DIMENSION.search(xml, 0, 4096):
        cols, rows = _col_number(match[1]), int(match[2])
    refs = _CELL_REF.findall(xml)
    if len(refs) == xml.count(b"<c ") + xml.count(b"<c>"):
        cols = max(cols, *map(_col_number, {letters for letters, _ in refs}), 0)
        rows = max(rows, *map(int, {number for _, number in refs}), 0)
    else:
        extent = ooxml.extent(io.BytesIO(xml))
        rows, cols = max(rows, extent[0]), max(cols, extent[1])
    if cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
        where = f"{ooxml.column_letters(cols)}{rows}"
        raise Unreadable(
            "SHEET_TOO_LARGE",
            f"Sheet “{sheet}” có nội dung hoặc định dạng tới ô {where}, quá xa vùng biểu mẫu; hãy xóa các dòng, "
            "cột thừa (bấm Ctrl+End để tìm ô cuối) rồi lưu và gửi lại.",
            sheet,
        )


def _scan_zip(book: RawBook, zf: zipfile.ZipFile, data: bytes) -> dict[str, str]:
    """Save time, sheet parts; each sheet to read checked, and its formulas found (sizes are guarded)."""
    infos = {i.filename: i for i in zf.infolist()}
    read = lambda part: member(data, infos[part]) if part in infos else None  # noqa: E731
    book.saved = ooxml.saved_at(read("docProps/core.xml"))
    workbook = ooxml.workbook_part(read(ooxml.ROOT_RELS))
    parts = ooxml.sheet_parts(workbook, read(workbook) or b"", read(ooxml.rels_part(workbook)) or b"")
    for sheet, part in parts.items():
        if sheet in READ_SHEETS and part in infos:
            xml = member(data, infos[part])
            _check_extent(sheet, xml)
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
            _guard_sizes(zf, data)  # before anything is inflated, whatever kind of zip it turns out to be
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
