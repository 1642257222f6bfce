"""The chair's report, built from the portal: the same `thidua run` a terminal would start, in its own
process, on a snapshot of inputs/ taken at the start (hard links: instant, and returns are never
rewritten), so uploads arriving meanwhile never mix into a half-read set of returns."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from thidua.intake.read import discover

OUTPUT_NAMES = {  # what a build offers to download, with the label the chair reads
    "bao-cao.docx": "báo cáo",
    "tong-hop.xlsx": "biểu tổng hợp số liệu",
    "kiem-tra.xlsx": "kết quả kiểm tra báo cáo của các đơn vị",
    "cham-diem.xlsx": "bảng chấm điểm, xếp hạng và bình xét",  # these four come with the annual report
    "bien-ban.docx": "biên bản họp bình xét, suy tôn thi đua",
    "to-trinh.docx": "tờ trình đề nghị khen thưởng",
    "giao-uoc.docx": "giao ước thi đua",
}
DOSSIER = "ho-so-khen-thuong-*.zip"  # the award dossier of the year, named by its year
log = logging.getLogger("thidua.portal")


def label(name: str) -> str:
    return OUTPUT_NAMES.get(name) or "hồ sơ đề nghị khen thưởng (tệp nén)"


def _outputs(outputs: Path) -> dict[str, Path]:
    """What a build offers, in one walk of its outputs: the known names, and the dossier's zip whatever its year."""
    return {p.name: p for p in outputs.rglob("*") if p.name in OUTPUT_NAMES or fnmatch(p.name, DOSSIER)}


@dataclass
class Build:
    id: str
    ok: bool
    message: str
    files: dict[str, Path]  # download name → file
    returns: int  # how many files the snapshot held


def snapshot(inputs: Path, target: Path) -> int:
    for path in discover(inputs, returns_only=False):
        copy = target / path.relative_to(inputs)
        copy.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, copy)
        except OSError:  # another disk, or no hard links: a copy is as good, only slower
            shutil.copy2(path, copy)
    return sum(1 for _ in target.rglob("*") if _.is_file())


COMMAND = [sys.executable, "-m", "thidua"]  # the installed package, wherever it is: no script path to go stale


def _failure(returncode: int, stdout: str, stderr: str, snapshot: Path) -> str:
    """What the chair reads when a build fails. A command that refused (a config or usage error, exit 2)
    said why in Vietnamese: its last words, with the build's own folder said as what it is to the chair
    (the returns received), never as a path on the server. Anything else is a fault of thidua: a plain
    sentence, and the details in the server's log for whoever maintains it."""
    if returncode != 2:
        log.error("report build failed (exit %s): %s", returncode, (stdout + "\n" + stderr).strip()[-2000:])
        return (
            "Chưa lập được báo cáo do một lỗi không mong đợi của thidua (chi tiết đã ghi vào nhật ký của máy "
            "chủ). Hãy thử lại; nếu vẫn lỗi, báo người phụ trách kỹ thuật."
        )
    lines = [line for line in (stdout + "\n" + stderr).splitlines() if line.strip()][-4:]
    said = " ".join(line.strip() for line in lines)
    return "Chưa lập được báo cáo: " + said.replace(f"“{snapshot}”", "các báo cáo đã nhận").replace(str(snapshot), "")


def build(source: list[str], inputs: Path, state: Path, period: str, kind: str) -> Build:
    """`source`: how the command names the cluster (["--config", file] or ["--province", folder,
    "--cluster", code]); inputs and outputs are the build's own."""
    build_id = secrets.token_hex(8)
    folder = state / "builds" / build_id
    returns = snapshot(inputs, folder / "inputs")
    if not returns:
        text = "Chưa có báo cáo nào của đơn vị để lập: khi đơn vị nộp (hoặc Văn phòng nộp thay), hãy lập lại."
        return Build(build_id, False, text, {}, 0)
    outputs = folder / "outputs"
    args = [*COMMAND, "run", *source, "--inputs", str(folder / "inputs")]
    args += ["--outputs", str(outputs), "--period", period, "--kind", kind]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "160"}
    result = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", env=env, timeout=900)
    found = _outputs(outputs)
    ok = result.returncode in (0, 1) and "bao-cao.docx" in found
    message = "Đã lập báo cáo." if ok else _failure(result.returncode, result.stdout, result.stderr, folder / "inputs")
    return Build(build_id, ok, message, found, returns)


def files(state: Path, build_id: str) -> dict[str, Path]:
    """The downloads of an earlier build; the id is checked to be one of ours, never a path."""
    if not build_id.isalnum():
        return {}
    outputs = state / "builds" / build_id / "outputs"
    return _outputs(outputs) if outputs.is_dir() else {}
