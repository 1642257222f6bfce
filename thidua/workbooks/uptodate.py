"""Outputs rewritten only when what they are made of has changed: each one's key (a digest of its inputs and
of the code that writes it) is kept in a manifest beside it; an output whose file is there and whose key is
unchanged is left as it is. A monthly run over a year of returns then rewrites the marked-up copies of the
files that changed, not a hundred copies that are already right."""

from __future__ import annotations

import functools
import hashlib
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from thidua.atomic import atomic_path, written_file

MANIFEST = ".thidua-manifest.json"


@functools.cache
def writer_version() -> str:
    """Changes whenever the code that writes the outputs could: the workbooks package and the shared leaves."""
    digest = hashlib.sha256()
    package = files("thidua")
    for source in sorted(package.joinpath("workbooks").iterdir(), key=lambda p: p.name):
        if source.name.endswith(".py"):
            digest.update(source.name.encode() + source.read_bytes())
    for leaf in ("findings", "numbers", "layout", "strings", "periods"):
        digest.update(package.joinpath(f"{leaf}.py").read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: Any) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str) + writer_version()
    return hashlib.sha256(text.encode()).hexdigest()


def _state(target: Path) -> str:
    info = written_file(target).stat()  # a staged file keeps its size and time when it is moved into place
    return f"{info.st_size}:{info.st_mtime_ns}"


class Manifest:
    """target name (relative to the manifest's folder) → the key it was written with and its size and time
    then: a file changed by hand since (opened and saved in Excel) is written again too."""

    def __init__(self, folder: Path):
        self.folder, self.path = folder, folder / MANIFEST
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.keys: dict[str, list[str]] = loaded if isinstance(loaded, dict) else {}

    def _name(self, target: Path) -> str:
        return target.relative_to(self.folder).as_posix()

    def fresh(self, target: Path, made_of: str) -> bool:
        entry = self.keys.get(self._name(target), [])
        return written_file(target).is_file() and entry[:2] == [made_of, _state(target)]

    def origin(self, target: Path) -> str:
        """What was noted with the target when it was made (`note`'s `origin`), else ''."""
        entry = self.keys.get(self._name(target), [])
        return str(entry[2]) if len(entry) > 2 else ""

    def note(self, target: Path, made_of: str, origin: str = "") -> None:
        """`origin`: a fact about the file as made that outlives a change to it (a PDF's bytes before it
        was signed)."""
        self.keys[self._name(target)] = [made_of, _state(target), *([origin] if origin else [])]

    def save(self, keep: set[Path] | None = None) -> None:
        """Written atomically; entries of targets not in `keep` (when given) are dropped."""
        if keep is not None:
            names = {self._name(t) for t in keep}
            self.keys = {k: v for k, v in self.keys.items() if k in names}
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps(self.keys, ensure_ascii=False, sort_keys=True), encoding="utf-8")
