"""Build tests/data/irregular/inputs/: real returns for the irregular test cluster, with every
irregularity real data has, from figures simple enough to check by hand (tests/test_figures.py does).

- Hội Người cao tuổi: no March 2023 return.
- Liên hiệp các Hội KH&KT: member from 01/4/2023; no June return (its stock has no final figure).
- Hội Luật gia: member until 31/5/2023; its February return carries no save time.
- Hội Khuyến học: leaves its optional "Kinh phí" blank in May; its June return is re-saved by LibreOffice.
- Last year: Hội Chữ thập đỏ sent January 2022 only; Hội Người cao tuổi all of 2022; Hội Luật gia
  January–June 2022; the others nothing.

Run: .venv/bin/python scripts/make_irregular.py   (needs LibreOffice's soffice for the re-saved file)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import clerk  # noqa: E402

from thidua.config import load_config  # noqa: E402
from thidua.periods import Period  # noqa: E402
from thidua.workbooks.template import write_template  # noqa: E402

CONFIG = ROOT / "tests" / "data" / "irregular" / "config.yaml"
OUT = ROOT / "tests" / "data" / "irregular" / "inputs"

# (unit, year) → {month: {indicator: value}}; a month absent here has no return at all.
DATA: dict[tuple[str, int], dict[int, dict[str, float | None]]] = {
    ("CTD", 2023): {m: {"HO_TRO": 50, "KINH_PHI": 10.5, "HOI_VIEN": 11000 + 100 * m} for m in range(1, 7)},
    ("NCT", 2023): {
        m: {"HO_TRO": 20, "HOI_VIEN": 3000 + 20 * m, "DONG_NHAT": d}
        for m, d in ((1, 120), (2, 300), (4, 250), (5, 180), (6, 200))
    },
    ("KH", 2023): {m: {"HO_TRO": 40, "KINH_PHI": None if m == 5 else 7.5} for m in range(1, 7)},
    ("LHH", 2023): {4: {"HO_TRO": 30, "HOI_VIEN": 700}, 5: {"HO_TRO": 30, "HOI_VIEN": 720}},
    ("LG", 2023): {m: {"HO_TRO": 10, "DONG_NHAT": d} for m, d in ((1, 80), (2, 90), (3, 150), (4, 60), (5, 70))},
    ("CTD", 2022): {1: {"HO_TRO": 40, "KINH_PHI": 8.0, "HOI_VIEN": 10500}},
    ("NCT", 2022): {m: {"HO_TRO": 15, "HOI_VIEN": 2900, "DONG_NHAT": 200} for m in range(1, 13)},
    ("LG", 2022): {m: {"HO_TRO": 8, "DONG_NHAT": 100} for m in range(1, 7)},
}
UNDATED = ("LG", 2023, 2)
LIBREOFFICE = ("KH", 2023, 6)


def figures() -> list[tuple[str, str, int, int, float]]:
    """Every figure as (unit, code, year, month, value), for the oracle."""
    return [
        (unit, code, year, month, value)
        for (unit, year), months in DATA.items()
        for month, values in months.items()
        for code, value in values.items()
        if value is not None
    ]


def resave_with_libreoffice(path: Path) -> None:
    """Open and save the file with LibreOffice, as a clerk without Excel would."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.xlsx"
        shutil.copy(path, source)
        out = Path(tmp) / "out"
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--calc",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(out / "source.xlsx", path)


def main() -> None:
    cfg = load_config(CONFIG)
    shutil.rmtree(OUT, ignore_errors=True)
    for (unit, year), months in DATA.items():
        for month, values in months.items():
            path = OUT / str(year) / f"{unit}-T{month:02d}-{year}.xlsx"
            write_template(cfg, cfg.unit(unit), Period(year, month), path)
            clerk.fill(
                path, values, {"lanh_dao": f"Chỉ đạo tháng {month}"}, saved=datetime(year, month % 12 + 1, 10, 2)
            )
            if (unit, year, month) == UNDATED:
                clerk.strip_save_time(path)
            if (unit, year, month) == LIBREOFFICE:
                resave_with_libreoffice(path)
    print(f"Đã tạo {sum(1 for _ in OUT.rglob('*.xlsx'))} tệp trong {OUT}")


if __name__ == "__main__":
    main()
