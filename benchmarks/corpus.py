"""A benchmark corpus: distinct returns of a large cluster, made by filling real templates as clerks do.

build(folder, units, months) writes config.yaml (the example cluster widened to `units` units, the
example's indicators spread over them) and one filled return per unit and month, with a seeded,
realistic share of the mistakes clerks make. It returns what `check` must find in them, so a benchmark
can check its outputs, not only its time. Files are cached in the folder: building 1.008 returns takes
about a minute on 2 cores (openpyxl saves dominate), reading them should take about one second.
"""

from __future__ import annotations

import copy
import json
import random
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

VERSION = 4  # bump when the corpus changes, so caches are rebuilt
# Share of returns with each mistake (per file), and the finding it must produce.
MISTAKES = {
    "text_number": (0.06, "CELL_TEXT_NUMBER"),  # "1.300" typed as text: a warning, figures kept
    "not_number": (0.02, "CELL_NOT_NUMBER"),  # "khoảng 30": an error, the return excluded
    "negative": (0.01, "CELL_NEGATIVE"),
    "required": (0.02, "CELL_REQUIRED"),  # a required figure left blank
    "late": (0.08, "SUBMISSION_LATE"),  # saved after the 20th of the next month
}
MISSING_SHARE = 0.01  # returns never sent


def cluster_config(units: int) -> dict:
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    proto = data["units"][0]
    data["units"] = [
        {**copy.deepcopy(proto), "code": f"DV{k:03d}", "name": f"Đơn vị thành viên số {k} tỉnh Lạng Sơn"}
        | {"short_name": f"Đơn vị số {k}", "role": "thành viên"}
        for k in range(1, units + 1)
    ]
    codes = [u["code"] for u in data["units"]]
    for n, ind in enumerate(data["indicators"]):  # each indicator reported by about a third of the units
        ind["units"] = [c for k, c in enumerate(codes) if (k + n) % 3 == 0]
    data["targets"] = {c: {data["indicators"][k % 17]["code"]: 1000} for k, c in enumerate(codes) if k % 4 == 0}
    data["targets"] = {
        u: t for u, t in data["targets"].items() if any(u in i["units"] for i in data["indicators"] if i["code"] in t)
    }
    data["movements"] = [{**m, "phrases": []} for m in data["movements"]]
    data["report"]["texts"] = {}
    data.pop("year_end", None)  # the benchmark measures the monthly work; the year's is measured apart
    return data


def _value(ind, unit: str, rng: random.Random) -> float:  # type: ignore[no-untyped-def]
    """A unit's steady level for the indicator (the same every month), varied by ±30% month to month."""
    top = min(ind.max or 900, 900)
    level = random.Random(f"{unit}-{ind.code}").uniform(top * 0.1, top * 0.6)
    value = level * rng.uniform(0.7, 1.3)
    return round(value, 1) if ind.type == "decimal" else int(value)


def _one(args: tuple) -> tuple[str, list[str]]:
    import clerk

    from thidua.config import load_config
    from thidua.periods import Period
    from thidua.workbooks.template import write_template

    config_path, folder, unit, month, seed = args
    cfg = load_config(Path(config_path))
    rng = random.Random(seed)
    path = Path(folder) / "inputs" / f"{month:02d}" / f"BC T{month} {unit}.xlsx"
    sidecar = Path(folder) / "expected" / f"{month:02d}-{unit}.json"
    if path.exists() and sidecar.exists():
        return str(path), json.loads(sidecar.read_text())
    write_template(cfg, cfg.unit(unit), Period(2023, month), path)
    indicators = cfg.indicators_for(unit)
    figures: dict = {i.code: _value(i, unit, rng) for i in indicators}
    content = [name for name, (share, _) in MISTAKES.items() if name != "late" and rng.random() < share]
    mistakes = content[:1]  # one content mistake at most, so each file's expected findings are exact
    mistakes += ["late"] if rng.random() < MISTAKES["late"][0] else []
    required = [i.code for i in indicators if i.required and i.type == "integer"]
    if required and mistakes and mistakes[0] != "late":
        code = rng.choice(required)
        typed = {"text_number": f"{figures[code]} ", "not_number": "khoảng ba chục", "negative": -3, "required": None}
        figures[code] = typed[mistakes[0]]
    elif not required:
        mistakes = [m for m in mistakes if m == "late"]
    day = 25 if "late" in mistakes else rng.randint(5, 19)
    narratives = {"noi_bat": f"Kết quả nổi bật tháng {month} của {cfg.unit(unit).short_name}."}
    saved = datetime(2023 + (month == 12), month % 12 + 1, day, 2, 30)
    clerk.fill(path, figures, narratives, saved=saved)
    codes = [MISTAKES[m][1] for m in mistakes]
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    sidecar.write_text(json.dumps(codes))
    return str(path), codes


def build(folder: Path, units: int = 84, months: int = 12, workers: int = 2) -> Counter:
    """Write the corpus (or reuse the cached one) and return the findings `check` must report."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "corpus.json"
    config_path = folder / "config.yaml"
    if not stamp.exists() or json.loads(stamp.read_text()) != [VERSION, units, months]:
        for old in folder.rglob("*"):
            if old.is_file():
                old.unlink()
        config_path.write_text(yaml.safe_dump(cluster_config(units), allow_unicode=True), encoding="utf-8")
    rng = random.Random(2023)
    jobs, missing = [], 0
    for month in range(1, months + 1):
        for k in range(1, units + 1):
            if rng.random() < MISSING_SHARE:
                missing += 1
                continue
            jobs.append((str(config_path), str(folder), f"DV{k:03d}", month, rng.randint(0, 2**31)))
    expected: Counter = Counter({"SUBMISSION_MISSING": missing})
    with ProcessPoolExecutor(workers) as pool:
        for _, codes in pool.map(_one, jobs, chunksize=8):
            expected.update(codes)
    expected["UNIT_EXCLUDED"] = sum(1 for j in jobs if _excluded(folder, j))
    stamp.write_text(json.dumps([VERSION, units, months]))
    return expected


def _excluded(folder: Path, job: tuple) -> bool:
    _, _, unit, month, _ = job
    codes = json.loads((folder / "expected" / f"{month:02d}-{unit}.json").read_text())
    return any(c in ("CELL_NOT_NUMBER", "CELL_NEGATIVE", "CELL_REQUIRED") for c in codes)
