"""Whole-process benchmark, as a user runs thidua, against the fastest plain way to read the same files.

Usage: .venv/bin/python benchmarks/bench.py [--units 84] [--months 12] [--runs 3] [--new 6 150] [--out FILE]
(make bench; CI runs a small version through tests/test_bench.py)

Each round times, as separate processes with interpreter start-up included, one after the other:
- the floors: python-calamine reading every return's figures sheet, and the four sheets a check reads,
  with 2 processes (benchmarks/raw_calamine.py); each three times in the round, the median kept, so one
  slow read does not flatter (or spoil) the round's ratios;
- check, cold: a fresh office folder (no cache, no outputs); then again with nothing new;
- check after 6 and after 150 new files: an office folder checked last month without them, then they
  arrive (new content: the cache has never seen it);
- run --kind nam, truly cold (another fresh office folder: no cache, no outputs) and warm; check --no-cache;
- the portal (bench_portal.py): uploads up to the findings page, and the chair's grid.
Every ratio is taken within a round; a goal is marked met only when every round meets it.
Peak memory is the largest sum of RSS over the process and all its children (workers), sampled every
10 ms from /proc. Outputs are checked: the cold check's findings must be exactly those the corpus planted,
every later check must write the same kiem-tra.xlsx lines, the warm run the same tong-hop.xlsx. The table
is printed and written to --out.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import bench_portal  # noqa: E402
import bench_province  # noqa: E402
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


def findings_rows(outputs: Path) -> list[tuple]:
    """Every line of kiem-tra.xlsx's findings sheet, as read back."""
    from openpyxl import load_workbook

    book = load_workbook(outputs / "kiem-tra.xlsx", read_only=True)
    try:  # a read-only book keeps its file open until closed
        rows = book["Kiểm tra"].iter_rows(min_row=4, values_only=True)
        return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)
    finally:
        book.close()


def summary_cells(outputs: Path) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(next(outputs.glob("*/tong-hop.xlsx")), read_only=True)
    try:
        return [(name, tuple(row)) for name in book.sheetnames for row in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


def verify_planted(rows: list[tuple], expected: Counter) -> str:
    found = Counter(r[0] for r in rows if r[0])
    expected = +expected  # drop zero counts
    if found != expected:
        raise SystemExit(f"check's findings differ from the corpus: found {dict(found)}, expected {dict(expected)}")
    return f"{sum(found.values())} phát hiện, đúng các lỗi đã cài vào bộ tệp"


def verify_summary(run_out: Path, indicators: int) -> str:
    from openpyxl import load_workbook

    summary = load_workbook(next(run_out.glob("*/tong-hop.xlsx")))["Tổng hợp"]
    rows = sum(1 for r in summary.iter_rows(min_row=5) if r[2].value)
    if rows != indicators:
        raise SystemExit(f"the summary has {rows} indicator rows, not {indicators}")
    return f"{rows} chỉ tiêu trong bảng tổng hợp"


def same(label: str, got: object, cold: object) -> None:
    if got != cold:
        raise SystemExit(f"{label}: the outputs differ from the cold run's")


class Office:
    """A cluster office's folder for one scenario: its config (with its own state folder, so its own
    cache), inputs as hard links to the corpus less the files `held` back, and outputs."""

    def __init__(self, corpus_folder: Path, root: Path, held: list[Path] = ()):  # type: ignore[assignment]
        import yaml

        self.root, self.corpus = root, corpus_folder / "inputs"
        data = yaml.safe_load((corpus_folder / "config.yaml").read_text(encoding="utf-8"))
        data["portal"] = {"state": str(root / "state")}
        self.config = root / "config.yaml"
        root.mkdir(parents=True)
        self.config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        self.inputs, self.held = root / "inputs", held
        for source in sorted(self.corpus.rglob("*.xlsx")):
            if source not in held:
                self._link(source)

    def _link(self, source: Path) -> None:
        target = self.inputs / source.relative_to(self.corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)

    def receive_held(self) -> None:
        """The held files arrive: new content the cache has never seen."""
        for source in self.held:
            self._link(source)

    def args(self, command: str, outputs: str, *extra: str) -> list[str]:
        common = ["--config", str(self.config), "--inputs", str(self.inputs), "--outputs", str(self.root / outputs)]
        return [PY, "pipeline.py", command, *common, *extra]


def _held(inputs: Path, count: int) -> list[Path]:
    """`count` files spread over the year and the units, as a month's new returns are spread over units."""
    files = sorted(inputs.rglob("*.xlsx"))
    count = min(count, len(files) // 2)
    step = len(files) / count
    return [files[int(n * step)] for n in range(count)]


def one_round(folder: Path, tmp: Path, expected: Counter, months: int, new: tuple[int, int]) -> dict:
    env = _env(tmp)
    annual = ["--period", f"2023-{months:02d}", "--kind", "nam" if months == 12 else "thang"]
    raw = [PY, "benchmarks/raw_calamine.py", str(folder / "inputs")]
    result: dict = {
        "raw": _median([timed(raw, env)[0] for _ in range(3)]),
        "raw4": _median([timed([*raw, "--sheets", "4"], env)[0] for _ in range(3)]),
    }
    cold = Office(folder, tmp / "cold")
    seconds, peak, _ = timed(cold.args("check", "check"), env)
    result |= {"check": seconds, "check_mb": peak / 2**20}
    cold_rows = findings_rows(cold.root / "check")
    result["verified"] = verify_planted(cold_rows, expected)
    result["warm_none"] = timed(cold.args("check", "check"), env)[0]
    same("check, nothing new", findings_rows(cold.root / "check"), cold_rows)
    for key, count in zip(("few", "many"), new, strict=True):
        office = Office(folder, tmp / f"new-{count}", _held(folder / "inputs", count))
        timed(office.args("check", "check"), env)  # last month's run: its cache and outputs are there
        office.receive_held()
        result[f"warm_{key}"] = timed(office.args("check", "check"), env)[0]
        result[f"new_{key}"] = len(office.held)
        same(f"check after {len(office.held)} new files", findings_rows(office.root / "check"), cold_rows)
    fresh = Office(folder, tmp / "run")  # no cache and no outputs: a run as on the first day
    result["run"], peak, _ = timed(fresh.args("run", "run-cold", *annual), env)
    result["run_mb"] = peak / 2**20
    cold_summary = summary_cells(fresh.root / "run-cold")
    result["run_warm"] = timed(fresh.args("run", "run-cold", *annual), env)[0]
    same("run, warm", summary_cells(fresh.root / "run-cold"), cold_summary)
    uncached = Office(folder, tmp / "no-cache")
    result["no_cache"] = timed(uncached.args("check", "check", "--no-cache"), env)[0]
    same("check --no-cache", findings_rows(uncached.root / "check"), cold_rows)
    return result


def scale_round(folder: Path, tmp: Path, expected: Counter, new: int) -> dict:
    """The same check on a folder four times larger (336 units × 12 months): its memory, and what `new`
    files cost over nothing new, to compare with the same cost on the usual folder in the same round."""
    env = _env(tmp)
    office = Office(folder, tmp / "scale", _held(folder / "inputs", new))
    seconds, peak, _ = timed(office.args("check", "check"), env)
    result = {"check": seconds, "check_mb": peak / 2**20}
    result["warm_none"] = timed(office.args("check", "check"), env)[0]
    office.receive_held()
    result["warm_few"], peak, _ = timed(office.args("check", "check"), env)
    result["warm_few_mb"] = peak / 2**20
    result["verified"] = verify_planted(findings_rows(office.root / "check"), expected)
    return result


def _env(tmp: Path) -> dict[str, str]:
    """The round's environment: remembered configs (config/remembered.py) in the round's own user cache, so
    that the developer's ~/.cache is left alone; each office's config.yaml is a file of its own, so a cold
    run finds nothing remembered and a warm run finds what its own first run left."""
    return {**os.environ, "THIDUA_TODAY": TODAY, "XDG_CACHE_HOME": str(tmp / "user-cache")}


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def measure(
    units: int, months: int, runs: int, folder: Path, new: tuple[int, int] = (6, 150), scale: Path | None = None
) -> list[dict]:
    """Rounds interleave the plain read and every scenario, so a slower moment of the machine touches both;
    `scale`: a corpus folder four times larger, measured in the same rounds."""
    expected = corpus.build(folder, units, months)
    scale_expected = corpus.build(scale, units * 4, months) if scale else Counter()
    indicators = len(corpus.cluster_config(units)["indicators"])
    files = sum(1 for _ in (folder / "inputs").rglob("*.xlsx"))
    # The files are read once, untimed, first: every round then starts with them in the OS's cache, as on
    # the office's PC right after they were saved; "cold" below means without thidua's own cache.
    timed([PY, "benchmarks/raw_calamine.py", str(folder / "inputs")], dict(os.environ))
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            result = one_round(folder, Path(tmp), expected, months, new)
            result["verified"] += "; " + verify_summary(Path(tmp) / "run" / "run-cold", indicators)
            if scale:
                large = scale_round(scale, Path(tmp), scale_expected, new[0])
                result |= {f"scale_{key}": value for key, value in large.items()}
                result["scale_files"] = sum(1 for _ in (scale / "inputs").rglob("*.xlsx"))
        results.append({"files": files, **result})
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
            parts.append(f"{units} đơn vị {time.perf_counter() - start:.2f} s".replace(".", ","))
    return "Báo cáo Word cả năm theo số đơn vị (trong tiến trình): " + "; ".join(parts) + "."


# Three decimals where a goal's line falls within the second decimal: "0,50" beside "< 0,5: đạt" (0,497)
# would read as a contradiction.
FINE = "{:.3f}"

GOALS = {  # key → (what must hold in a round, the goal as the table says it)
    "check_rate": (lambda r: r["check_rate"] >= 1000, "≥ 1.000 tệp/giây"),
    "ratio4": (lambda r: r["ratio4"] >= 0.5, "≥ 0,5"),
    "warm_few": (lambda r: r["warm_few"] < 0.5, "< 0,5 s"),
    "warm_few_ratio": (lambda r: r["warm_few_ratio"] < 0.3, "< 0,3"),
    "warm_many": (lambda r: r["warm_many"] < 1.0, "< 1 s"),
    "run": (lambda r: r["run"] < 3.0, "< 3 s"),
    "run_warm": (lambda r: r["run_warm"] < 1.5, "< 1,5 s"),
    "scale_check_mb": (lambda r: r["scale_check_mb"] < 300, "< 300 MB"),
    # "does not grow with the folder": within 50 ms (the spread of one re-run between rounds) of the same
    # cost on the folder a quarter the size
    "extra_growth": (lambda r: r["extra_growth"] < 0.05, "không tăng theo thư mục (chênh < 0,05 s)"),
}


# The goals are about these many new files and this large a folder (4.000 returns: 336 units × 12
# months, of which the corpus leaves about 1% missing, as units do): with others (--new, a small corpus)
# no verdict.
GOAL_WHEN = {
    "warm_few": lambda r: r["new_few"] == 6,
    "warm_few_ratio": lambda r: r["new_few"] == 6,
    "warm_many": lambda r: r["new_many"] == 150,
    "extra_growth": lambda r: r["new_few"] == 6 and r["scale_files"] >= 3900,
    "scale_check_mb": lambda r: r["scale_files"] >= 3900,
}


def verdict(results: list[dict], key: str) -> str:
    """'đạt' when every round meets the goal; else how many did."""
    if key in GOAL_WHEN and not all(GOAL_WHEN[key](r) for r in results):
        return ""
    test, goal = GOALS[key]
    met = sum(1 for r in results if test(r))
    state = "đạt" if met == len(results) else f"chưa đạt ({met}/{len(results)} vòng)"
    return f"{goal}: {state}"


def table(results: list[dict]) -> str:
    def span(key: str, fmt: str = "{:.2f}") -> str:
        low, high = min(r[key] for r in results), max(r[key] for r in results)
        text = fmt.format(low) if fmt.format(low) == fmt.format(high) else f"{fmt.format(low)}–{fmt.format(high)}"
        return text.replace(".", ",")

    files = results[0]["files"]
    for r in results:  # every ratio within its own round
        r["raw_rate"], r["check_rate"], r["ratio"] = files / r["raw"], files / r["check"], r["raw"] / r["check"]
        r["ratio4"], r["warm_few_ratio"] = r["raw4"] / r["check"], r["warm_few"] / r["check"]
    machine = f"{os.cpu_count()} nhân, {platform.processor() or platform.machine()}, Python {platform.python_version()}"

    small, large = results[0]["new_few"], results[0]["new_many"]
    rows = [
        ("sàn: python-calamine đọc sheet Số liệu, 2 tiến trình", span("raw"), span("raw_rate", "{:.0f}"), "", ""),
        ("sàn: python-calamine đọc 4 sheet mà `check` đọc, 2 tiến trình", span("raw4"), "", "", ""),
        (
            "`check`, lần đầu (thư mục mới: chưa có bộ nhớ kết quả)",
            span("check"),
            span("check_rate", "{:.0f}"),
            span("check_mb", "{:.0f}"),
            verdict(results, "check_rate"),
        ),
        (
            "`check` lần đầu so với sàn 4 sheet (sàn ÷ check, cùng vòng)",
            span("ratio4"),
            "",
            "",
            verdict(results, "ratio4"),
        ),
        ("`check` lần đầu so với sàn sheet Số liệu (cùng vòng)", span("ratio"), "", "", ""),
        ("`check --no-cache` (đọc lại mọi tệp, không ghi bộ nhớ)", span("no_cache"), "", "", ""),
        ("`check` lần sau, không có tệp mới", span("warm_none"), "", "", ""),
        (f"`check` sau khi có {small} tệp mới", span("warm_few", FINE), "", "", verdict(results, "warm_few")),
        (
            f"`check` sau {small} tệp mới so với `check` lần đầu (cùng vòng)",
            span("warm_few_ratio", FINE),
            "",
            "",
            verdict(results, "warm_few_ratio"),
        ),
        (f"`check` sau khi có {large} tệp mới", span("warm_many"), "", "", verdict(results, "warm_many")),
        (
            "`run --kind nam` (cả năm), lần đầu thật (thư mục mới)",
            span("run"),
            "",
            span("run_mb", "{:.0f}"),
            verdict(results, "run"),
        ),
        ("`run --kind nam`, lần sau", span("run_warm"), "", "", verdict(results, "run_warm")),
    ]
    if "scale_check" in results[0]:
        rows += scale_rows(results, span)
    return "\n".join(
        [
            f"{files} tệp báo cáo khác nhau, {len(results)} vòng đo xen kẽ; máy: {machine}.",
            "",
            "| việc (cả tiến trình, gồm khởi động) | thời gian (s) | tệp/giây | bộ nhớ đỉnh (MB) | mục tiêu |",
            "|---|---|---|---|---|",
            *(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows),
            "",
            f"Kiểm tra kết quả: {results[-1]['verified']}; mọi lần chạy sau (kể cả --no-cache) cho đúng các dòng "
            "kiem-tra.xlsx của lần đầu, lần `run` sau cho đúng tong-hop.xlsx của lần đầu. Mục tiêu “đạt” chỉ khi "
            "mọi vòng đều đạt.",
        ]
    )


def scale_rows(results: list[dict], span: Callable[..., str]) -> list[tuple[str, ...]]:
    """The larger folder's lines: its cold check (rate, memory) and what 6 new files add there and here."""
    files, small = results[0]["scale_files"], results[0]["new_few"]
    for r in results:
        r["scale_rate"] = r["scale_files"] / r["scale_check"]
        r["extra"], r["scale_extra"] = r["warm_few"] - r["warm_none"], r["scale_warm_few"] - r["scale_warm_none"]
        r["extra_growth"] = r["scale_extra"] - r["extra"]
    many = f"{files:,}".replace(",", ".")
    return [
        (
            f"`check` lần đầu, thư mục {many} tệp",
            span("scale_check"),
            span("scale_rate", "{:.0f}"),
            span("scale_check_mb", "{:.0f}"),
            verdict(results, "scale_check_mb"),
        ),
        (f"`check` lần sau, {many} tệp, không có tệp mới", span("scale_warm_none"), "", "", ""),
        (
            f"`check` sau {small} tệp mới, {many} tệp",
            span("scale_warm_few"),
            "",
            span("scale_warm_few_mb", "{:.0f}"),
            "",
        ),
        (
            f"phần thêm do {small} tệp mới (so với không có tệp mới), {results[0]['files']} tệp",
            span("extra", FINE),
            "",
            "",
            "",
        ),
        (
            f"phần thêm do {small} tệp mới, {many} tệp; chênh với dòng trên",
            span("scale_extra", FINE) + "; " + span("extra_growth", FINE),
            "",
            "",
            verdict(results, "extra_growth"),
        ),
    ]


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=84)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--province", type=int, nargs=3, default=(30, 8, 12), metavar=("CUM", "DON_VI", "THANG"))
    parser.add_argument("--new", type=int, nargs=2, default=(6, 150), help="new files in the two warm runs")
    parser.add_argument("--corpus", type=Path, default=ROOT / ".bench")
    parser.add_argument("--scale", action=argparse.BooleanOptionalAction, default=True, help="also 4 × the units")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args(argv)
    folder = args.corpus / f"{args.units}x{args.months}"
    scale = args.corpus / f"{args.units * 4}x{args.months}" if args.scale else None
    results = measure(args.units, args.months, args.runs, folder, tuple(args.new), scale)
    portal = bench_portal.measure(folder, args.months, held=min(20, args.units), today=TODAY)
    clusters, units, months = args.province
    province_folder = args.corpus / f"tinh-{clusters}x{units}x{months}"
    province = bench_province.measure(province_folder, clusters, units, months, TODAY)
    text = table(results) + "\n" + render_scaling() + "\n\n" + bench_portal.table(portal)
    text += "\n\n" + bench_province.table(province)
    print(text)
    args.out.write_text(text + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    main()
