"""Build tests/data/hostile/: files that once took a check run down or hid from it, one per case.

- xfd.xlsx: a return with one value typed in XFD1048576 (calamine would ask for 512 GiB);
- dimension.xlsx: a return whose <dimension> alone claims A1:XFD1048576;
- newline.xlsx: XFD1048576 again, its dimension left small and its cell written "<c" + newline + 'r="…"' (well-formed
  XML, which calamine places; a guard counting '<c ' would not see the cell);
- prefixed.xlsx: the figures sheet written with a namespace prefix on every element (x:c, as some generators
  write) and a cell x:c at XFD1048576, the dimension small;
- liar.xlsx: the figures sheet inflates to 1,5 GiB while both zip headers claim 11 kB uncompressed (its
  compressed size is true, so a reader that trusts the uncompressed size inflates all of it);
- rows.xlsx: 50.000 code-like rows typed under the table (50.000 findings before summarising);
- report.csv, report.ods, report.pdf, report.docx, scan.jpg, .DS_Store: not workbooks, each must be answered.

Run: .venv/bin/python scripts/make_hostile_cases.py   (after make_bad_cases.py)
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from make_bad_cases import far_cell  # noqa: E402

OUT = ROOT / "tests" / "data" / "hostile"
GOOD = ROOT / "tests" / "data" / "bad" / "CELL_TEXT_NUMBER" / "so dang chu.xlsx"  # MTTQ, May 2023
FIGURES = "xl/worksheets/sheet2.xml"


def rewrite(source: Path, target: Path, part: str, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, change(data) if item.filename == part else data)


def _claim_size(data: bytearray, name: bytes, size: int) -> None:
    """Patch the uncompressed size of `name` in the central directory and the local header to `size`."""
    for signature, size_at, name_at, header in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        i = 0
        while (i := data.find(signature, i)) >= 0:
            name_len = struct.unpack_from("<H", data, i + name_at)[0]
            if data[i + header : i + header + name_len] == name:
                struct.pack_into("<I", data, i + size_at, size)
            i += 4


def far_cell_after_a_newline(target: Path) -> None:
    far = b'<row r="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    rewrite(GOOD, target, FIGURES, lambda x: x.replace(b"</sheetData>", far + b"</sheetData>"))


def far_cell_prefixed(target: Path) -> None:
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)([A-Za-z]\w*[\s>/])", rb"<\1x:\2", xml)
        xml = xml.replace(b'xmlns="', b'xmlns:x="', 1)
        far = b'<x:row r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
        return xml.replace(b"</x:sheetData>", far + b"</x:sheetData>")

    rewrite(GOOD, target, FIGURES, edit)


def liar(target: Path, chunks: int = 96) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(GOOD) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != FIGURES:
                dst.writestr(item, data)
                continue
            head, tail = data.split(b"</sheetData>")
            info = zipfile.ZipInfo(FIGURES)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w") as member:  # under 2 GiB: plain 32-bit sizes, no zip64
                member.write(head)
                for _ in range(chunks):  # 16 MiB each
                    member.write(b" " * (1 << 24))  # whitespace: still well-formed XML
                member.write(b"</sheetData>" + tail)
    data = bytearray(buffer.getvalue())
    _claim_size(data, FIGURES.encode(), len(head) + len(tail) + 12)
    target.write_bytes(bytes(data))


def many_rows(target: Path, rows: int = 50_000) -> None:
    wb = load_workbook(GOOD)
    ws = wb["Số liệu"]
    for r in range(30, 30 + rows):
        ws.cell(r, 2, f"MA_{r}")
        ws.cell(r, 5, r)
    wb.save(target)


def not_workbooks() -> None:
    (OUT / "report.csv").write_text("Mã chỉ tiêu;Kết quả\nNTM_HO_HIEN_DAT;30\n", encoding="utf-8")
    (OUT / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (OUT / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200)
    (OUT / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 100)
    with zipfile.ZipFile(OUT / "report.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    with zipfile.ZipFile(OUT / "report.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    shutil.copy(GOOD, OUT / "xfd.xlsx")
    far_cell(OUT / "xfd.xlsx")
    rewrite(
        GOOD,
        OUT / "dimension.xlsx",
        FIGURES,
        lambda x: re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', x),
    )
    far_cell_after_a_newline(OUT / "newline.xlsx")
    far_cell_prefixed(OUT / "prefixed.xlsx")
    liar(OUT / "liar.xlsx")
    many_rows(OUT / "rows.xlsx")
    not_workbooks()
    print(f"Đã tạo {len(list(OUT.iterdir()))} tệp trong {OUT}")


if __name__ == "__main__":
    main()
