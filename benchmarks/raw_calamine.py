"""The floors a real intake is measured against: python-calamine reading every return's figures sheet
(or, with --sheets 4, the four sheets a check reads: figures, narratives, commendations and the very hidden
identity sheet) with a 2-process pool and nothing else. Run as a whole process (start-up included) by
bench.py.

Usage: python raw_calamine.py FOLDER [--sheets 4]   → prints the number of files and of non-empty cells read
"""

from __future__ import annotations

import sys
from multiprocessing import Pool
from pathlib import Path

import python_calamine as pc

FIGURES = ("Số liệu",)
FOUR = ("Số liệu", "Thuyết minh", "Khen thưởng", "thidua_meta")


def cells(path: str, sheets: tuple[str, ...] = FIGURES) -> int:
    book = pc.CalamineWorkbook.from_path(path)
    rows = [row for name in sheets for row in book.get_sheet_by_name(name).to_python()]
    return sum(1 for row in rows for value in row if value not in ("", None))


def four(path: str) -> int:
    return cells(path, FOUR)


if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.xlsx"))
    read = four if sys.argv[2:4] == ["--sheets", "4"] else cells
    with Pool(2) as pool:
        counts = pool.map(read, files, chunksize=16)
    print(len(files), sum(counts))
