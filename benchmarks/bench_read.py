"""Read + validate N filled workbooks: files per second and peak memory.

Usage: .venv/bin/python benchmarks/bench_read.py [N ...]      (default: 100 1000)
Files are real templates filled with openpyxl (6 units × 12 months, then copied under other names
up to N: every copy is read and validated in full; copies are then reported as duplicates).
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import clerk  # noqa: E402

from thidua.config import load_config  # noqa: E402
from thidua.intake.check import check  # noqa: E402
from thidua.intake.read import discover, read_all  # noqa: E402
from thidua.periods import Period  # noqa: E402
from thidua.workbooks.template import write_template  # noqa: E402


def make_files(folder: Path, n: int, cfg) -> None:
    seeds = []
    for month in range(1, 13):
        for unit in cfg.units:
            path = folder / f"seed-{unit.code}-{month:02d}.xlsx"
            write_template(cfg, unit, Period(2023, month), path)
            values = {i.code: 10 * month + k for k, i in enumerate(cfg.indicators_for(unit.code))}
            clerk.fill(path, values, {"noi_bat": "Kết quả nổi bật trong tháng."}, saved=datetime(2023, 12, 1))
            seeds.append(path)
    for k in range(len(seeds), n):
        shutil.copy(seeds[k % len(seeds)], folder / f"copy-{k:05d}.xlsx")
    for extra in seeds[n:]:
        extra.unlink()


def main(sizes: list[int]) -> None:
    cfg = load_config(ROOT / "config.yaml")
    workers = min(2, os.cpu_count() or 1)
    print(f"{'N':>6} {'read s':>8} {'check s':>8} {'files/s':>8} {'peak MB':>8}  ({workers} processes)")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_files(folder, n, cfg)
            paths = discover(folder)
            start = time.perf_counter()
            books = read_all(paths, folder, workers)
            read_s = time.perf_counter() - start
            check(books, cfg, date(2024, 1, 15))
            total = time.perf_counter() - start
            peak = (
                max(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                )
                / 1024
            )
            print(f"{n:>6} {read_s:>8.2f} {total - read_s:>8.2f} {n / total:>8.0f} {peak:>8.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
