"""Files that once took a check run down or hid from it (tests/data/hostile, scripts/make_hostile_cases.py),
each checked next to good returns: the file gets its finding, the others are read as if it were absent,
and the run stays within time and memory."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections import Counter

import pytest
from conftest import ROOT, check_folder

from thidua.intake import workers

HOSTILE = ROOT / "tests" / "data" / "hostile"
GOOD = sorted((ROOT / "inputs" / "2023").rglob("*.xlsx"))  # 37 returns; 2022 brings it to 55
ALL_GOOD = sorted((ROOT / "inputs").rglob("*.xlsx"))
CASES = {
    "xfd.xlsx": ("SHEET_TOO_LARGE", "Số liệu"),
    "dimension.xlsx": ("SHEET_TOO_LARGE", "Số liệu"),
    "newline.xlsx": ("SHEET_TOO_LARGE", "Số liệu"),
    "prefixed.xlsx": ("SHEET_TOO_LARGE", "Số liệu"),
    "liar.xlsx": ("FILE_TOO_LARGE", ""),
    "report.csv": ("FILE_NOT_WORKBOOK", ""),
    "report.ods": ("FILE_NOT_WORKBOOK", ""),
    "report.pdf": ("FILE_NOT_WORKBOOK", ""),
    "report.docx": ("FILE_NOT_WORKBOOK", ""),
    "scan.jpg": ("FILE_NOT_WORKBOOK", ""),
    ".DS_Store": ("FILE_IGNORED", ""),
}


def _folder(tmp_path, goods, *hostile):  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for path in goods:
        target = folder / path.relative_to(ROOT / "inputs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    for name in hostile:
        shutil.copy(HOSTILE / name, folder / name)
    return folder


def _totals(checked) -> dict:  # type: ignore[no-untyped-def]
    return {(r["unit"], r["period"], r["code"]): r["value"] for r in checked.figure_rows}


@pytest.fixture(scope="module")
def good_totals(cfg, tmp_path_factory):  # type: ignore[no-untyped-def]
    return {
        n: _totals(check_folder(_folder(tmp_path_factory.mktemp(f"good{n}"), goods), cfg))
        for n, goods in ((5, GOOD[:5]), (55, ALL_GOOD))
    }


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("goods", [5, 55])
def test_a_hostile_file_among_good_ones(name, goods, cfg, tmp_path, good_totals) -> None:
    folder = _folder(tmp_path, GOOD[:5] if goods == 5 else ALL_GOOD, name)
    checked = check_folder(folder, cfg)  # a hang would cost one file a finding (the pool's timeout), not the run
    code, sheet = CASES[name]
    assert (code, sheet, name) in {(f.code, f.sheet, f.file) for f in checked.findings}
    assert _totals(checked) == good_totals[goods]


def test_the_worst_together_in_one_check_process(tmp_path) -> None:
    """XFD and the lying zip next to 55 good returns, as a user runs check: exit 1 (errors found), every
    good return read, and the whole process tree within 400 MB."""
    folder = _folder(tmp_path, ALL_GOOD, "xfd.xlsx", "liar.xlsx", "rows.xlsx")
    env = {**os.environ, "THIDUA_TODAY": "2023-07-25"}
    # A fresh parent process reports the largest process of the check's tree once it is reaped: the test
    # process's own RUSAGE_CHILDREN would be the largest child it ever had, from any earlier test.
    measured = "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
    measured += "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)"
    args = [
        sys.executable,
        "-c",
        measured,
        sys.executable,
        "pipeline.py",
        "check",
        "--json",
        "--inputs",
        str(folder),
        "--outputs",
        str(tmp_path / "out"),
    ]
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    peak_kb = int(result.stderr.strip().splitlines()[-1])  # the largest process of the check's tree
    assert peak_kb < 400 * 1024
    assert '"SHEET_TOO_LARGE"' in result.stdout and '"FILE_TOO_LARGE"' in result.stdout


def test_fifty_thousand_bad_rows_are_summarised(cfg, tmp_path) -> None:
    checked = check_folder(_folder(tmp_path, [], "rows.xlsx"), cfg)
    unknown = [f for f in checked.findings if f.code == "ROW_UNKNOWN"]
    assert len(unknown) == 6 and "Còn 49.995 ô khác" in unknown[-1].message


def _abort(item: int) -> int:
    if item == 3:
        faulthandler.disable()  # pytest's crash dump would only clutter the test log
        os.abort()  # what a native crash looks like from outside
    if item == 5:
        time.sleep(60)
    if item == 7:
        bytearray(4 * 1024**3)  # beyond the worker's memory cap
    return item * 10


def test_the_pool_survives_crashes_hangs_and_memory(tmp_path) -> None:
    results = dict(workers.run(list(range(12)), _abort, lambda item, why: why, workers=2, time_limit=3))
    assert results.pop(3) == "crash" and results.pop(5) == "timeout" and results.pop(7) in ("memory", "crash")
    assert results == {i: i * 10 for i in range(12) if i not in (3, 5, 7)}


def _process(item: int) -> int:
    return os.getpid()


def test_a_few_files_are_shared_at_once_and_the_workers_leave_while_the_parent_works() -> None:
    """Six new files among remembered ones: three to each worker at once (the first used to take three, the
    second two, and the sixth waited for the parent's own work to end), and both workers gone while the
    parent still decodes what it remembers (a live worker makes each page the parent writes a copy)."""
    left: list[set] = []
    earlier = set(multiprocessing.active_children())  # another test's processes, if any, are not this pool's

    def meanwhile() -> None:
        deadline = time.monotonic() + 5
        while set(multiprocessing.active_children()) - earlier and time.monotonic() < deadline:
            time.sleep(0.01)
        left.append(set(multiprocessing.active_children()) - earlier)

    results = dict(workers.run(list(range(6)), _process, lambda item, why: why, workers=2, meanwhile=meanwhile))
    assert left == [set()]
    assert sorted(Counter(results.values()).values()) == [3, 3] and set(results) == set(range(6))
