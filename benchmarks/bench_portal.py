"""The portal, timed as people use it: `pipeline.py serve` as its own process, a real HTTP client.

measure(folder, units, months, uploads) serves the benchmark corpus with the last month's returns of
`uploads` units held back, then times:
- the chair's grid: the first one (every file checked once), then again (cached outcomes), and again after
  the uploads (the new files checked, the rest from the cache);
- each held-back return uploaded by its own unit through its private link, up to the findings page;
- two floors measured in the same run: the server's round trip for its CSS file, and python-calamine
  opening the same returns in-process (the least any check must do).
Outputs are checked: every upload's page gives the verdict the corpus planted, and the grid shows every
unit.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PASSWORD = "mat-khau-bench-2023"
ERRORS = {"CELL_NOT_NUMBER", "CELL_NEGATIVE", "CELL_REQUIRED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed(call) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _prepare(folder: Path, tmp: Path, months: int, held: int) -> tuple[Path, Path, list[tuple[str, Path]]]:
    """Inputs (hard links to the corpus) without the last month of the first `held` units."""
    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["portal"] = {"state": str(tmp / "state")}
    config_path = tmp / "config.yaml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    units = [u["code"] for u in config["units"]][:held]
    uploads = []
    for source in sorted((folder / "inputs").rglob("*.xlsx")):
        unit = source.stem.rsplit(" ", 1)[-1]
        if source.parent.name == f"{months:02d}" and unit in units:
            uploads.append((unit, source))
            continue
        target = tmp / "inputs" / source.relative_to(folder / "inputs")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
    return config_path, tmp / "inputs", uploads


def _serve(config: Path, inputs: Path, out: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str, float]:
    import requests

    common = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(out)]
    subprocess.run(
        [PY, "pipeline.py", "chair-password", *common],
        input=PASSWORD,
        text=True,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    port = _free_port()
    start = time.perf_counter()
    server = subprocess.Popen(
        [PY, "pipeline.py", "serve", *common, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            requests.get(f"{base}/chu-tri/dang-nhap", timeout=1)
            return server, base, time.perf_counter() - start
        except requests.ConnectionError:
            if server.poll() is not None or time.perf_counter() - start > 30:
                raise SystemExit("the portal did not start") from None
            time.sleep(0.05)


def _token(session, url: str) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="csrf_token" value="([^"]+)"', session.get(url).text)[1]  # type: ignore[index]


def _links(config: Path, inputs: Path, base: str) -> dict[str, str]:
    out = subprocess.run(
        [PY, "pipeline.py", "links", "--config", str(config), "--inputs", str(inputs), "--base-url", base],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split()[0]: line.split()[1] for line in out.splitlines() if "/u/" in line}


def _chair(base: str):  # type: ignore[no-untyped-def]
    import requests

    chair, url = requests.Session(), f"{base}/chu-tri/dang-nhap"
    chair.post(url, data={"csrf_token": _token(chair, url), "mat_khau": PASSWORD}, allow_redirects=False)
    return chair


def _grid(chair, base: str, units: int) -> float:  # type: ignore[no-untyped-def]
    seconds, page = _timed(lambda: chair.get(f"{base}/chu-tri/"))
    rows = page.text.count('<th class="unit">')  # type: ignore[attr-defined]
    if page.status_code != 200 or rows < units:  # type: ignore[attr-defined]
        raise SystemExit(f"the grid shows {rows} units, not {units}")
    return seconds


def _upload(base: str, link: str, path: Path, expected: list[str]) -> float:
    import requests

    session = requests.Session()
    session.get(link)
    token = _token(session, f"{base}/don-vi")
    with path.open("rb") as handle:
        data = {"csrf_token": token}
        seconds, page = _timed(
            lambda: session.post(f"{base}/don-vi/nop", data=data, files={"tep": (path.name, handle)})
        )
    text = page.text  # type: ignore[attr-defined]
    has_errors = "Tệp đã được nhận nhưng có" in text
    if "Kết quả kiểm tra tệp" not in text or has_errors != bool(ERRORS & set(expected)):
        raise SystemExit(f"{path.name}: the findings page does not give the planted verdict {expected}")
    return seconds


def _calamine(paths: list[Path]) -> list[float]:
    from python_calamine import CalamineWorkbook

    times = []
    for path in paths:
        start = time.perf_counter()
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Số liệu").to_python()
        times.append(time.perf_counter() - start)
    return times


def measure(folder: Path, months: int, held: int, today: str) -> dict:
    import json

    env = {**os.environ, "THIDUA_TODAY": today}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        config, inputs, uploads = _prepare(folder, tmp, months, held)
        units = len(yaml.safe_load(config.read_text(encoding="utf-8"))["units"])
        server, base, started = _serve(config, inputs, tmp / "out", env)
        try:
            chair = _chair(base)
            first = _grid(chair, base, units)
            cached = [_grid(chair, base, units) for _ in range(10)]
            links = _links(config, inputs, base)
            planted = {u: json.loads((folder / "expected" / f"{months:02d}-{u}.json").read_text()) for u, _ in uploads}
            sent = [_upload(base, links[u], p, planted[u]) for u, p in uploads]
            after = _grid(chair, base, units)
            again = [_grid(chair, base, units) for _ in range(5)]
            floor = [_timed(lambda: chair.get(f"{base}/static/thidua.css"))[0] for _ in range(20)]
        finally:
            server.terminate()
            server.wait(10)
        server, base, _ = _serve(config, inputs, tmp / "out", env)  # a restart: outcomes come from SQLite
        try:
            restarted = _grid(_chair(base), base, units)
        finally:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp / "state", ignore_errors=True)
    files = sum(1 for _ in (folder / "inputs").rglob("*.xlsx"))
    return {
        "files": files,
        "units": units,
        "months": months,
        "started": started,
        "first": first,
        "cached": cached + again,
        "after": after,
        "restarted": restarted,
        "uploads": sent,
        "floor": floor,
        "calamine": _calamine([p for _, p in uploads]),
    }


def table(r: dict) -> str:
    def one(seconds: float) -> str:
        if seconds >= 1:
            return f"{seconds:.1f} s".replace(".", ",")
        return f"{seconds * 1000:.1f} ms".replace(".", ",") if seconds < 0.01 else f"{seconds * 1000:.0f} ms"

    def ms(values: list[float]) -> str:
        return f"{one(statistics.median(values))} (tối đa {one(max(values))})"

    return "\n".join(
        [
            f"Cổng thông tin: `pipeline.py serve` chạy riêng, {r['units']} đơn vị × {r['months']} tháng "
            f"({r['files']} tệp), trình khách HTTP thật trên cùng máy.",
            "",
            "| việc | thời gian (trung vị, tối đa) |",
            "|---|---|",
            f"| khởi động cổng đến khi trả lời | {one(r['started'])} |",
            f"| đơn vị nộp một báo cáo đến khi thấy trang kết quả ({len(r['uploads'])} tệp khác nhau) "
            f"| {ms(r['uploads'])} |",
            f"| sàn: python-calamine mở cùng các tệp (trong tiến trình) | {ms(r['calamine'])} |",
            f"| bảng tiến độ nộp, lần đầu tiên (kiểm tra mọi tệp một lần) | {one(r['first'])} |",
            f"| bảng tiến độ nộp, các lần sau | {ms(r['cached'])} |",
            f"| bảng tiến độ nộp ngay sau {len(r['uploads'])} lần nộp mới | {one(r['after'])} |",
            f"| bảng tiến độ nộp, lần đầu sau khi khởi động lại cổng | {one(r['restarted'])} |",
            f"| sàn: tải tệp CSS của cổng | {ms(r['floor'])} |",
            "",
            f"Kiểm tra kết quả: {len(r['uploads'])} trang kết quả đúng kết luận đã cài; bảng hiện đủ {r['units']} "
            "đơn vị.",
        ]
    )
