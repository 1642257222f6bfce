"""What thidua wrote, as it recorded it: a command's outputs folder keeps the SHA-256 of each file thidua
last put there (batch.py writes the record); from it, whether a file is still as thidua wrote it, and what
an outputs folder holds that thidua cannot make again (a backup's share of it). A signed PDF counts as the
office's work whoever signed it."""

from __future__ import annotations

import json
from pathlib import Path

from thidua.atomic import TEMPORARY, sha256_of

RECORD = ".thidua-da-ghi.json"  # in a batch's folder: the SHA-256 of what thidua last wrote, file by file


def read_record(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def irreplaceable(root: Path) -> list[Path]:
    """The files under `root` that thidua cannot make again, which a backup must hold: every signed PDF, and
    every file that is not what thidua last wrote there (a copy kept under a new name, the chair's edits not
    yet run over, the office's own files). A command run with --outputs in a folder below `root` keeps its
    record there: each file is looked up in the records of the folders above it."""
    root = root.resolve()
    records = {record.parent: read_record(record.parent) for record in root.rglob(RECORD)} if root.is_dir() else {}
    out = []
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.name == RECORD or path.name.startswith(TEMPORARY) or not path.is_file():
            continue
        wrote = [r.get(path.relative_to(folder).as_posix()) for folder, r in records.items() if folder in path.parents]
        if signed_pdf(path) or not any(wrote) or sha256_of(path) not in wrote:
            out.append(path)
    return out


def as_written(path: Path) -> bool | None:
    """Whether `path` is still what thidua last wrote there (None: no record of it in the folders above)."""
    path = path.resolve()
    for folder in path.parents:
        if (known := read_record(folder).get(path.relative_to(folder).as_posix())) is not None:
            return path.is_file() and sha256_of(path) == known
    return None


def signed_pdf(path: Path) -> bool:
    """A PDF carrying a digital signature: every signature dictionary has a /ByteRange, and nothing else in
    a PDF does (LibreOffice's export never writes one)."""
    if path.suffix.lower() != ".pdf":
        return False
    try:
        return b"/ByteRange" in path.read_bytes()
    except OSError:
        return False
