"""Render the pictures in docs/ from the bundled example: the first page of the 6-month review, the pact,
the minutes and their counting record, the proposal letter and a báo cáo thành tích, the scoring workbook's
summary and a filled return's figures sheet.

Needs LibreOffice and poppler (Debian: libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
fonts-liberation2). Workbooks are rendered with the Vietnamese locale, so numbers read 86,78 as in Excel
on a Vietnamese Windows.

Run: .venv/bin/python scripts/render_docs.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TODAY = "2024-01-25"


def pipeline(*args: str) -> None:
    env = {**os.environ, "THIDUA_TODAY": TODAY}
    subprocess.run([sys.executable, "pipeline.py", *args], cwd=ROOT, env=env, check=False, capture_output=True)


def page(original: Path, target: str, number: int = 1, dpi: int = 80, crop: tuple[int, int] | None = None) -> None:
    """One page of a document or workbook as PNG; the file is copied first (an input is never written next to)."""
    env = {**os.environ, "LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"}
    source = Path(tempfile.mkdtemp()) / original.name.replace(" ", "-")
    shutil.copy(original, source)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(source.parent), str(source)],
        env=env,
        check=True,
        capture_output=True,
    )
    pdf = source.with_suffix(".pdf")
    size = ["-x", "0", "-y", "0", "-W", str(crop[0]), "-H", str(crop[1])] if crop else []
    stem = source.parent / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number), *size, str(pdf), str(stem)]
    )
    shutil.copy(next(source.parent.glob("page*.png")), DOCS / target)
    for png in source.parent.glob("page*.png"):
        png.unlink()


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        out = Path(name)
        pipeline("run", "--outputs", str(out), "--no-pdf")
        pipeline("run", "--period", "2023-06", "--kind", "6thang", "--outputs", str(out))
        year = out / "nam-2023-12"
        page(out / "6thang-2023-06" / "bao-cao.docx", "bao-cao-trang-1.png", dpi=75)
        for name in ("giao-uoc", "bien-ban", "to-trinh", "bao-cao-thanh-tich-td"):
            page(year / f"{name}.docx", f"{name}.png")
        page(year / "bien-ban.docx", "bien-ban-kiem-phieu.png", number=4)  # the secret ballot's counting record
        page(year / "cham-diem.xlsx", "cham-diem.png", dpi=110, crop=(1240, 330))
        page(ROOT / "inputs" / "2023" / "T06" / "BC thi dua T6-2023 MTTQ.xlsx", "bieu-mau-2.png", number=2, dpi=75)
    print(f"Đã ghi các hình trong {DOCS}")


if __name__ == "__main__":
    main()
