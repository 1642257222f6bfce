"""Merge and render timings.

Usage: .venv/bin/python benchmarks/bench_merge_render.py
- merge at 1.000 units × 60 indicators × 12 months (a synthetic config built from config.yaml);
- the summary workbook for 6 and for 200 units;
- the formal report (.docx) for the bundled example inputs.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from thidua.config import load_config, parse_config  # noqa: E402
from thidua.intake.check import FIGURE_COLUMNS, Checked, check  # noqa: E402
from thidua.intake.read import discover, read_all  # noqa: E402
from thidua.periods import Period, window  # noqa: E402
from thidua.report.render import write_report  # noqa: E402
from thidua.totals.merge import merge  # noqa: E402
from thidua.workbooks.summary import write_summary  # noqa: E402


def synthetic(n_units: int, n_indicators: int):
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    proto_unit, proto_ind = data["units"][0], data["indicators"][0]
    data["units"] = [
        {
            **copy.deepcopy(proto_unit),
            "code": f"U{k:04d}",
            "short_name": f"Đơn vị {k}",
            "name": f"Đơn vị thành viên số {k}",
            "role": "thành viên",
        }
        for k in range(n_units)
    ]
    codes = [f"CT_{k:03d}" for k in range(n_indicators)]
    data["indicators"] = [
        {
            **proto_ind,
            "code": c,
            "label": f"Chỉ tiêu {c}",
            "units": [u["code"] for u in data["units"]],
            "movement": data["movements"][k % len(data["movements"])]["code"],
        }
        for k, c in enumerate(codes)
    ]
    for m in data["movements"]:
        m["phrases"] = []
    data["targets"], data["rules"] = {}, []
    cfg = parse_config(data)
    rows = [
        {
            "unit": u["code"],
            "period": f"2023-{m:02d}",
            "year": 2023,
            "month": m,
            "code": c,
            "value": float(m + k),
            "note": "",
            "file": "f.xlsx",
            "sheet": "Số liệu",
            "cell": "E8",
        }
        for m in range(1, 13)
        for u in data["units"]
        for k, c in enumerate(codes)
    ]
    empty = pd.DataFrame(
        columns=["unit", "period", "section", "text", "form", "level", "collectives", "individuals", "note"]
    )
    timeliness = pd.DataFrame(columns=["unit", "period", "label", "status"])
    return cfg, Checked(
        pd.DataFrame(rows, columns=FIGURE_COLUMNS),
        empty,
        empty,
        timeliness,
        pd.DataFrame(),
        pd.DataFrame(columns=["unit", "period", "file"]),
        [],
        {},
    )


def timed(label: str, fn) -> object:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    cfg, checked = timed("build 1.000 × 60 × 12 synthetic rows", lambda: synthetic(1000, 60))
    periods = window(Period(2023, 12), "nam")
    totals = timed("merge 1.000 units × 60 indicators × 12 months", lambda: merge(checked, cfg, periods, "nam"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (6, 200):
            small_cfg, small = synthetic(n, 60)
            small_totals = merge(small, small_cfg, periods, "nam")
            timed(
                f"summary workbook, {n} units × 60 indicators",
                lambda c=small_cfg, t=small_totals, s=small, k=n: write_summary(t, s, c, Path(tmp) / f"s{k}.xlsx"),
            )
        example = load_config(ROOT / "config.yaml")
        books = read_all(discover(ROOT / "inputs"), ROOT / "inputs")
        ex_checked = check(books, example, date(2023, 7, 5))
        ex_totals = merge(ex_checked, example, window(Period(2023, 6), "6thang"), "6thang")
        timed(
            "report .docx for the example inputs (6 units, 17 indicators)",
            lambda: write_report(ex_totals, example, Path(tmp) / "bao-cao.docx"),
        )
    del totals


if __name__ == "__main__":
    main()
