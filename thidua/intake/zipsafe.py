"""The guards every workbook passes before calamine sees it: bounded sizes, members inflated under a cap,
sheet extents checked. Raises Unreadable (a finding's code and message); thidua/intake/read.py uses these.

- every zip member's worst-case inflated size is bounded (deflate expands at most ~1032×); a member
  that could exceed the cap is inflated here, streamed, with the cap enforced, whatever its headers say;
- every sheet read has its <dimension> and its real cell references checked, because calamine sizes a
  dense grid from them (one value in XFD1048576 would ask for 512 GiB).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from thidua.intake import ooxml

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


def col_number(letters: bytes) -> int:
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


def guard_sizes(zf: zipfile.ZipFile, data: bytes) -> None:
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise Unreadable("FILE_TOO_LARGE", TOO_LARGE)
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Unreadable("FILE_CORRUPT", CORRUPT)
        worst = info.compress_size * (DEFLATE_MAX_RATIO if info.compress_type == zipfile.ZIP_DEFLATED else 1)
        if max(info.file_size, worst) > MAX_PART_BYTES:
            member(data, info)  # proves it small, or raises


# A sheet where every cell is written `<c r="…"` (Excel, LibreOffice, openpyxl, xlsxwriter) and no reference
# reaches column AA or row 1000 is at most Z999: small whatever else it holds. One search in C proves it: any
# cell element written otherwise (another attribute first, a tab or a newline after its name, a namespace
# prefix, no r) or reaching further is "suspect", and such a sheet has its cells counted one by one.
_SUSPECT_CELL = re.compile(rb'<(?:c(?:[\t\r\n>/]| (?!r="[A-Z][0-9]{1,3}"))|[A-Za-z_][\w.-]*:c[\s>/])')
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")  # every cell element, as calamine finds them
_SMALL_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z][0-9]{1,3}(?::[A-Z][0-9]{1,3})?"')


def _plainly_small(xml: bytes) -> bool:
    head = xml[:4096]
    small_dimension = b"dimension" not in head or _SMALL_DIMENSION.search(head) is not None
    return small_dimension and _SUSPECT_CELL.search(xml) is None


def check_extent(sheet: str, xml: bytes) -> None:
    """The dense area calamine would allocate for this sheet must stay small."""
    if _plainly_small(xml):
        return
    rows, cols = 0, 0
    if match := _DIMENSION.search(xml, 0, 4096):
        cols, rows = col_number(match[1]), int(match[2])
    refs = _CELL_REF.findall(xml)
    if len(refs) == len(_ANY_CELL.findall(xml)):  # every cell carries its reference where the search reads it
        cols = max(cols, *map(col_number, {letters for letters, _ in refs}), 0)
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


_SHEET_MAPS: dict[tuple[bytes | None, bytes, bytes], dict[str, str]] = {}  # every return of a template shares it


def parts_of(zf: zipfile.ZipFile, data: bytes) -> tuple[dict[str, zipfile.ZipInfo], dict[str, str]]:
    """The zip's members by name, and each sheet's part by sheet name (sizes already guarded). The three
    small parts that map names to sheets are identical in every return made from one template, so their
    parse is remembered, keyed by their exact bytes."""
    infos = {i.filename: i for i in zf.infolist()}
    read = lambda part: member(data, infos[part]) if part in infos else None  # noqa: E731
    root_rels = read(ooxml.ROOT_RELS)
    workbook = ooxml.workbook_part(root_rels)
    key = (root_rels, read(workbook) or b"", read(ooxml.rels_part(workbook)) or b"")
    if (parts := _SHEET_MAPS.get(key)) is None:
        parts = ooxml.sheet_parts(workbook, key[1], key[2])
        if len(_SHEET_MAPS) < 64:
            _SHEET_MAPS[key] = parts
    return infos, dict(parts)
