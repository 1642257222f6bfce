"""Build tests/data/producers/: returns as other programs save them, to show reading does not depend on
openpyxl's way of writing XML.

- formula-libreoffice.xlsx: the CELL_FORMULA case opened and saved by LibreOffice Calc;
- formula-attribute-order.xlsx: every <c> with its style attribute before its reference (s="15" r="E8");
- formula-prefixed.xlsx: the sheet XML with a namespace prefix on every element (<x:c>, <x:f>);
- formula-no-refs.xlsx: cells and rows without their optional r attributes (positions implied);
- good-libreoffice.xlsx: a correct return opened and saved by LibreOffice (figures must read the same).

Run: .venv/bin/python scripts/make_producer_cases.py   (after make_bad_cases.py; needs soffice)
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from make_irregular import resave_with_libreoffice  # noqa: E402

BAD = ROOT / "tests" / "data" / "bad"
OUT = ROOT / "tests" / "data" / "producers"
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def rewrite_sheets(source: Path, target: Path, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = change(data)
            dst.writestr(item, data)


def style_first(xml: bytes) -> bytes:
    return re.sub(rb'<c r="([A-Z]+\d+)"( [^>]*?)(/?)>', rb'<c\2 r="\1"\3>', xml)


def prefixed(xml: bytes) -> bytes:
    xml = xml.replace(MAIN_NS, MAIN_NS.replace(b"xmlns=", b"xmlns:x="))
    return re.sub(rb"<(/?)(?![?!])([A-Za-z]+)([\s>/])", lambda m: b"<" + m[1] + b"x:" + m[2] + m[3], xml)


def without_refs(xml: bytes) -> bytes:
    return re.sub(rb' r="[A-Z]*\d+"', b"", xml)


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    formula = BAD / "CELL_FORMULA" / "cong thuc.xlsx"
    shutil.copy(formula, OUT / "formula-libreoffice.xlsx")
    resave_with_libreoffice(OUT / "formula-libreoffice.xlsx")
    rewrite_sheets(formula, OUT / "formula-attribute-order.xlsx", style_first)
    rewrite_sheets(formula, OUT / "formula-prefixed.xlsx", prefixed)
    rewrite_sheets(formula, OUT / "formula-no-refs.xlsx", without_refs)
    shutil.copy(BAD / "CELL_TEXT_NUMBER" / "so dang chu.xlsx", OUT / "good-libreoffice.xlsx")
    resave_with_libreoffice(OUT / "good-libreoffice.xlsx")
    print(f"Đã tạo {len(list(OUT.iterdir()))} tệp trong {OUT}")


if __name__ == "__main__":
    main()
