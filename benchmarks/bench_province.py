"""A province's portal, timed as the board and the units use it: `thidua serve --province` as its own
processes over N clusters × U units × 12 months of distinct returns (each cluster its own config, name and
files), real HTTP clients on the same machine.

measure() times:
- the board's grid: the first one (every cluster's files checked once), then again (warm), and right after
  a new return arrived in one cluster;
- 20 units of different clusters uploading at the same moment through 2 server processes sharing the
  province (SQLite), each up to its findings page.
Outputs are checked: the grid names every cluster and shows the months; every upload's page gives a verdict.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "scripts")]
PY = sys.executable
PASSWORD = "mat-khau-so-noi-vu-bench"
VERSION = 1


def _cluster(n: int, units: int) -> dict:
    import corpus

    data = corpus.cluster_config(units)
    data["cluster"]["name"] = f"Cụm thi đua số {n} tỉnh Lạng Sơn (thử tải)"
    return data


def _fill(job: tuple[str, str, str, int]) -> None:
    import clerk

    from thidua.config import load_config
    from thidua.periods import Period
    from thidua.workbooks.template import template_name, write_template

    config, inputs, unit, month = job
    cfg = load_config(Path(config))
    period = Period(2023, month)
    path = Path(inputs) / f"T{month:02d}" / template_name(cfg.unit(unit), period)
    if path.exists():
        return
    write_template(cfg, cfg.unit(unit), period, path)
    figures = {i.code: 3 + (month * 7 + len(unit)) % 40 for i in cfg.indicators_for(unit)}
    clerk.fill(path, figures, saved=__import__("datetime").datetime(2023 + (month == 12), month % 12 + 1, 10, 9))


def build(folder: Path, clusters: int, units: int, months: int) -> list[tuple[str, Path]]:
    """The province (cached in `folder`), each cluster's last unit's last return held back for the uploads;
    returns (cluster code, held-back file)."""
    import shutil

    stamp = folder / "corpus.json"
    key = f"{VERSION} {clusters} {units} {months}"
    if folder.exists() and (not stamp.exists() or stamp.read_text() != key):
        shutil.rmtree(folder)  # another size: built again from nothing
    entries, jobs = [], []
    for n in range(1, clusters + 1):
        code = f"cum-{n:02d}"
        config = folder / code / "config.yaml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(yaml.safe_dump(_cluster(n, units), allow_unicode=True), encoding="utf-8")
        entries.append({"code": code, "folder": code})
        jobs += [
            (str(config), str(folder / code / "inputs"), f"DV{k:03d}", m)
            for m in range(1, months + 1)
            for k in range(1, units + 1)
        ]
    province = yaml.safe_load((ROOT / "thidua" / "assets" / "tinh-mau" / "province.yaml").read_text(encoding="utf-8"))
    province |= {"clusters": entries, "shared": {}, "portal": {"state": "portal-data"}}
    (folder / "province.yaml").write_text(yaml.safe_dump(province, allow_unicode=True), encoding="utf-8")
    if not stamp.exists() or stamp.read_text() != key:
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(_fill, jobs, chunksize=16))
        for n in range(1, clusters + 1):
            code = f"cum-{n:02d}"
            last = next((folder / code / "inputs" / f"T{months:02d}").glob(f"*_DV{units:03d}.xlsx"))
            (folder / "held" / code).mkdir(parents=True, exist_ok=True)
            last.rename(folder / "held" / code / last.name)
        stamp.write_text(key)
    return [(f"cum-{n:02d}", next((folder / "held" / f"cum-{n:02d}").glob("*.xlsx"))) for n in range(1, clusters + 1)]


def _serve(folder: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    command = [PY, "pipeline.py", "serve", "--province", str(folder), "--port", "0"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:  # type: ignore[union-attr]
        if found := re.search(r"http://127\.0\.0\.1:(\d+)", line):
            threading.Thread(target=process.stdout.read, daemon=True).start()  # type: ignore[union-attr]
            return process, f"http://127.0.0.1:{found[1]}"
    raise SystemExit("the province's portal did not start")


def _token(session, url: str) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="csrf_token" value="([^"]+)"', session.get(url).text)[1]  # type: ignore[index]


def _board(base: str):  # type: ignore[no-untyped-def]
    import requests

    session, url = requests.Session(), f"{base}/tinh/dang-nhap"
    form = {"csrf_token": _token(session, url), "ten": "bench-so", "mat_khau": PASSWORD}
    session.post(url, data=form, allow_redirects=False)
    return session


def _grid(session, base: str, clusters: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    page = session.get(f"{base}/tinh/tien-do")
    seconds = time.perf_counter() - start
    if page.status_code != 200 or page.text.count("/tinh/cum/cum-") < clusters:
        raise SystemExit(f"the board's grid does not show {clusters} clusters ({page.status_code})")
    return seconds


def _upload(base: str, link: str, code: str, path: Path, times: list[float]) -> None:
    import requests

    session = requests.Session()
    session.get(f"{base}/c/{code}/u/{link}")
    token = _token(session, f"{base}/c/{code}/don-vi")
    start = time.perf_counter()
    page = session.post(
        f"{base}/c/{code}/don-vi/nop", data={"csrf_token": token}, files={"tep": (path.name, path.read_bytes())}
    )
    times.append(time.perf_counter() - start)
    if page.status_code != 200 or "Kết quả kiểm tra tệp" not in page.text:
        raise SystemExit(f"{code}: the upload's findings page did not come ({page.status_code})")


def measure(corpus_folder: Path, clusters: int, units: int, months: int, today: str) -> dict:
    import shutil

    from thidua.state.place import in_province
    from thidua.state.store import open_store

    held = build(corpus_folder, clusters, units, months)
    env = {**os.environ, "THIDUA_TODAY": today}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "tinh"
        shutil.copytree(
            corpus_folder, folder, ignore=shutil.ignore_patterns("held", "portal-data"), copy_function=os.link
        )
        subprocess.run(
            [PY, "pipeline.py", "accounts", "--province", str(folder), "--role", "board", "--username", "bench-so"],
            input=PASSWORD,
            text=True,
            check=True,
            cwd=ROOT,
            capture_output=True,
            env=env,
        )
        store = open_store(in_province(folder, "portal-data", "", "").database_url())
        links = {code: store.for_cluster(code).new_link(path.stem.rsplit("_", 1)[-1]) for code, path in held}
        store.close()
        servers = [_serve(folder, env) for _ in range(2)]
        try:
            bases = [base for _, base in servers]
            board = _board(bases[0])
            first = _grid(board, bases[0], clusters)
            warm = [_grid(board, bases[0], clusters) for _ in range(10)]
            _grid(_board(bases[1]), bases[1], clusters)  # the second process reads the clusters once too
            times: list[float] = []
            threads = [
                threading.Thread(target=_upload, args=(bases[n % 2], links[code], code, path, times))
                for n, (code, path) in enumerate(held[:20])
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            after = _grid(board, bases[0], clusters)
            again = [_grid(board, bases[0], clusters) for _ in range(5)]
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(10)
                process.stdout.close()  # type: ignore[union-attr]
    files = clusters * units * months
    result = {"clusters": clusters, "units": units, "months": months, "files": files, "first": first}
    return result | {"warm": warm + again, "after": after, "uploads": times}


def table(r: dict) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds:.1f} s".replace(".", ",") if seconds >= 1 else f"{seconds * 1000:.0f} ms"

    uploads = r["uploads"]
    return "\n".join(
        [
            f"Cổng của tỉnh: `thidua serve --province`, {r['clusters']} Cụm × {r['units']} đơn vị × "
            f"{r['months']} tháng ({r['files']} tệp khác nhau), 2 tiến trình dùng chung (SQLite), trình khách HTTP "
            "thật trên cùng máy.",
            "",
            "| việc | thời gian |",
            "|---|---|",
            f"| bảng tiến độ của Sở, lần đầu (kiểm tra mọi tệp của mọi Cụm một lần) | {ms(r['first'])} |",
            f"| bảng tiến độ của Sở, các lần sau (trung vị, tối đa) | {ms(statistics.median(r['warm']))}, "
            f"{ms(max(r['warm']))} |",
            f"| bảng tiến độ ngay sau {len(uploads)} lần nộp mới ở {len(uploads)} Cụm | {ms(r['after'])} |",
            f"| {len(uploads)} đơn vị của {len(uploads)} Cụm nộp cùng lúc qua 2 tiến trình, đến khi thấy trang kết quả "
            f"(trung vị, tối đa) | {ms(statistics.median(uploads))}, {ms(max(uploads))} |",
            "",
            f"Kiểm tra kết quả: bảng hiện đủ {r['clusters']} Cụm; {len(uploads)} trang kết quả nộp đều có kết luận.",
        ]
    )
