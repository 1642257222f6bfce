"""The ceiling a real intake is measured against: python-calamine reading every return's figures sheet
with a 2-process pool and nothing else. Run as a whole process (start-up included) by bench.py.

Usage: python raw_calamine.py FOLDER   → prints the number of files and of non-empty cells read
"""

from __future__ import annotations

import sys
from multiprocessing import Pool
from pathlib import Path

import python_calamine as pc


def cells(path: str) -> int:
    rows = pc.CalamineWorkbook.from_path(path).get_sheet_by_name("Số liệu").to_python()
    return sum(1 for row in rows for value in row if value not in ("", None))


if __name__ == "__main__":
    files = sorted(str(p) for p in Path(sys.argv[1]).rglob("*.xlsx"))
    with Pool(2) as pool:
        counts = pool.map(cells, files, chunksize=16)
    print(len(files), sum(counts))
