"""Whole-process benchmark, as a user runs thidua, against the fastest plain way to read the same files.

Usage: .venv/bin/python benchmarks/bench.py [--units 84] [--months 12] [--runs 3] [--out FILE]
(make bench; CI runs a small version through tests/test_bench.py)

Each run times, as separate processes with interpreter start-up included:
- raw: python-calamine reading every return's figures sheet with 2 processes (benchmarks/raw_calamine.py);
- check: `pipeline.py check` on the same returns;
- run: `pipeline.py run --kind nam` for the whole year;
- the portal (bench_portal.py): uploads up to the findings page, and the chair's grid.
Peak memory is the largest sum of RSS over the process and all its children (workers), sampled every
10 ms from /proc. Outputs are checked: check's findings must be exactly those the corpus planted, and the
summary workbook must hold every indicator. The table is printed and written to --out.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import bench_portal  # noqa: E402
import corpus  # noqa: E402

PY = sys.executable
TODAY = "2024-02-01"  # after December's deadline: every report is due


def _descendants(pid: int) -> list[int]:
    """The process and its descendants, from /proc/<pid>/task/<tid>/children (cheap: no /proc scan)."""
    out, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                frontier += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return out


def _tree_rss(root: int) -> int:
    """Sum of RSS (bytes) of `root` and every descendant."""
    total = 0
    for pid in _descendants(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(seconds, peak tree RSS in bytes, stdout) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _tree_rss(process.pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode not in (0, 1):  # 1: the corpus has errors on purpose
        raise SystemExit(f"{' '.join(args[:3])} exited {process.returncode}:\n{out[-2000:]}")
    return seconds, peak[0], out


def verify(checked_out: Path, run_out: Path, expected: Counter, indicators: int) -> str:
    from openpyxl import load_workbook

    sheet = load_workbook(checked_out / "kiem-tra.xlsx")["Kiểm tra"]
    found = Counter(r[0].value for r in sheet.iter_rows(min_row=4))
    found.pop(None, None)
    expected = +expected  # drop zero counts
    if found != expected:
        raise SystemExit(f"check's findings differ from the corpus: found {dict(found)}, expected {dict(expected)}")
    summary = load_workbook(next(run_out.glob("*/tong-hop.xlsx")))["Tổng hợp"]
    rows = sum(1 for r in summary.iter_rows(min_row=5) if r[2].value)
    if rows != indicators:
        raise SystemExit(f"the summary has {rows} indicator rows, not {indicators}")
    return f"{sum(found.values())} findings as planted; {rows} indicators in the summary"


def measure(units: int, months: int, runs: int, folder: Path) -> list[dict]:
    expected = corpus.build(folder, units, months)
    inputs, config = folder / "inputs", folder / "config.yaml"
    files = sum(1 for _ in inputs.rglob("*.xlsx"))
    env = {**os.environ, "THIDUA_TODAY": TODAY}
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            checked_out, run_out = Path(tmp) / "check", Path(tmp) / "run"
            raw = timed([PY, "benchmarks/raw_calamine.py", str(inputs)], env)
            common = ["--config", str(config), "--inputs", str(inputs)]
            check = timed([PY, "pipeline.py", "check", *common, "--outputs", str(checked_out)], env)
            kind = ["--period", f"2023-{months:02d}", "--kind", "nam" if months == 12 else "thang"]
            run = timed([PY, "pipeline.py", "run", *common, "--outputs", str(run_out), *kind], env)
            checked = verify(checked_out, run_out, expected, len(corpus.cluster_config(units)["indicators"]))
        results.append({"files": files, "raw": raw[0], "check": check[0], "check_mb": check[1] / 2**20, "run": run[0]})
        results[-1] |= {"run_mb": run[1] / 2**20, "verified": checked}
    return results


def render_scaling(sizes: tuple[int, ...] = (12, 24, 48, 96)) -> str:
    """Report rendering time against the number of units (in-process, synthetic figures): it must grow
    linearly, not quadratically (python-docx cell access and style lookups once made it quadratic)."""

    from thidua.config import parse_config
    from thidua.intake.check import Checked
    from thidua.periods import Period, window
    from thidua.report.render import write_report
    from thidua.totals.merge import merge

    parts = []
    for units in sizes:
        cfg = parse_config(corpus.cluster_config(units))
        rows = [
            {"unit": u, "period": f"2023-{m:02d}", "year": 2023, "month": m, "code": i.code, "value": float(m * 7)}
            | {"note": "", "file": "f", "sheet": "Số liệu", "cell": "E8"}
            for i in cfg.indicators
            for u in i.units
            for m in range(1, 13)
        ]
        totals = merge(Checked(rows, [], [], [], [], [], [], {}), cfg, window(Period(2023, 12), "nam"), "nam")
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            write_report(totals, cfg, Path(tmp) / "bao-cao.docx")
            parts.append(f"{units} đơn vị {time.perf_counter() - start:.2f} s")
    return "Báo cáo Word cả năm theo số đơn vị (trong tiến trình): " + "; ".join(parts) + "."


def table(results: list[dict]) -> str:
    def span(key: str, fmt: str = "{:.2f}") -> str:
        low, high = min(r[key] for r in results), max(r[key] for r in results)
        return fmt.format(low) if fmt.format(low) == fmt.format(high) else f"{fmt.format(low)}–{fmt.format(high)}"

    def rate(key: str) -> str:
        return span(f"{key}_rate", "{:.0f}")

    files = results[0]["files"]
    for r in results:
        r["raw_rate"], r["check_rate"], r["ratio"] = files / r["raw"], files / r["check"], r["raw"] / r["check"]
    machine = f"{os.cpu_count()} nhân, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    return "\n".join(
        [
            f"{files} tệp báo cáo khác nhau, {len(results)} lần đo; máy: {machine}.",
            "",
            "| việc (cả tiến trình, gồm khởi động) | thời gian (s) | tệp/giây | bộ nhớ đỉnh (MB) |",
            "|---|---|---|---|",
            f"| python-calamine đọc sheet Số liệu, 2 tiến trình (mức trần) | {span('raw')} | {rate('raw')} | — |",
            f"| `pipeline.py check` | {span('check')} | {rate('check')} | {span('check_mb', '{:.0f}')} |",
            f"| `check` so với mức trần | {span('ratio')} | | |",
            f"| `pipeline.py run --kind nam` (cả năm) | {span('run')} | | {span('run_mb', '{:.0f}')} |",
            "",
            f"Kiểm tra kết quả: {results[-1]['verified']}.",
        ]
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=84)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT / ".bench")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args(argv)
    folder = args.corpus / f"{args.units}x{args.months}"
    results = measure(args.units, args.months, args.runs, folder)
    portal = bench_portal.measure(folder, args.months, held=min(20, args.units), today=TODAY)
    text = table(results) + "\n" + render_scaling() + "\n\n" + bench_portal.table(portal)
    print(text)
    args.out.write_text(text + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
