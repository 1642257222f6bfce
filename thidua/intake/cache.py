"""A file's check outcome, remembered by what the file holds (its SHA-256) under a fingerprint of what judges
it (the configuration's parts the intake reads, and the intake's own code). Entries are files, one per
content, in a folder of the portal's state (the CLI and the portal share it): two processes writing the same
entry write the same bytes, a changed config or a new release starts a fresh folder, so nothing stale is
ever read. An index per inputs folder remembers each file's hash by its size and modification time, so a run
with six new files among a thousand reads six files.

What depends on the day (a period not yet ended) and what a worker could not finish (a crash, a timeout) is
never remembered: it is checked again next time. Timeliness, the copy that counts and every other
cross-file judgement are made after the cache, every run (intake/check.py)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake import stored
from thidua.intake.returns import Outcome

LEAVES = ("findings", "numbers", "periods", "strings", "layout", "atomic")  # intake's shared modules
STALE_DAYS = 14  # a fingerprint folder not used for this long belongs to an old config or release
MAX_PACKS = 24  # beyond this many packs, they are merged into one
CACHE_FOLDER = "cache"  # under the portal's state folder: the CLI and the portal share what they checked


def code_version() -> str:
    """Changes whenever the code that judges a file could: the intake's modules, the leaves it imports, the
    config models; read from the installed package itself."""
    digest = hashlib.sha256()
    package = files("thidua")
    for folder in ("intake", "config"):
        for source in sorted(package.joinpath(folder).iterdir(), key=lambda p: p.name):
            if source.name.endswith(".py"):
                digest.update(source.name.encode() + source.read_bytes())
    for leaf in LEAVES:
        digest.update(package.joinpath(f"{leaf}.py").read_bytes())
    return digest.hexdigest()[:16]


NOT_JUDGED = ("report", "portal", "mail", "signing")  # the report's wording, the portal's, mail and signing settings


def fingerprint(cfg: Config) -> str:
    """The configuration a file is judged by and the code: one folder of entries per fingerprint."""
    judged = {name: _plain(getattr(cfg, name)) for name in type(cfg).model_fields if name not in NOT_JUDGED}
    text = json.dumps(judged, ensure_ascii=False, sort_keys=True) + code_version()
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _plain(value: Any) -> Any:
    """A config value as JSON holds it, field by field. Not model_dump: a config remembered from an earlier run
    (config/remembered.py) has never been validated in this process, and the first model_dump builds every
    model's validator and serializer first (20 ms of a 0,4 s re-run). A number, a date, a Decimal as its text."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)


def cacheable(outcome: Outcome) -> bool:
    return not outcome.transient and not any(f.code == "FILE_FUTURE_PERIOD" for f in outcome.findings)


def relabel(outcome: Outcome, name: str, path: Path, received: datetime) -> Outcome:
    """The same content found under another name: findings and the book name this file."""
    old = outcome.submission.book.name if outcome.submission else next((f.file for f in outcome.findings), name)
    if outcome.submission:
        book = outcome.submission.book
        book.name, book.path, book.received = name, path, received
        outcome.submission.findings = [_renamed(f, old, name) for f in outcome.submission.findings]
    outcome.findings = [_renamed(f, old, name) for f in outcome.findings]
    return outcome


def _renamed(finding: Finding, old: str, new: str) -> Finding:
    return dataclasses.replace(finding, file=new) if finding.file == old and old != new else finding


class OutcomeCache:
    """Entries under `folder`/<fingerprint>/, as packs: one file of lines "<sha256> <outcome as JSON>" per
    run or upload that checked something new (creating a thousand small files costs more than checking
    them on some disks). Indexes of the inputs folders sit beside the fingerprint folders."""

    def __init__(self, folder: Path, print_: str):
        self.root, self.folder = folder, folder / print_
        self._lines: dict[str, str] | None = None

    def packs(self) -> list[Path]:
        return sorted(self.folder.glob("pack-*.jsonl")) if self.folder.is_dir() else []

    def _known(self) -> dict[str, str]:
        """sha → its outcome's JSON, from every pack (read once, decoded only when asked for)."""
        if self._lines is None:
            self._lines = {}
            for pack in self.packs():
                try:
                    text = pack.read_text(encoding="utf-8")
                except OSError:  # removed by a compaction meanwhile: its lines are in the merged pack
                    continue
                for line in text.splitlines():
                    sha, _, data = line.partition(" ")
                    self._lines[sha] = data
        return self._lines

    def empty(self) -> bool:
        return not self._known()

    def knows(self, sha: str) -> bool:
        return sha in self._known()

    def outcome(self, sha: str) -> Outcome | None:
        data = self._known().get(sha)
        if data is None:
            return None
        try:
            return stored.loads(data)
        except ValueError:  # not ours, or an older format: checked again
            return None

    def remember(self, entries: dict[str, str]) -> None:
        """sha → the outcome as stored.dumps wrote it; one new pack for all of them."""
        fresh = {sha: data for sha, data in entries.items() if sha not in self._known()}
        if not fresh:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"pack-{time.time_ns()}-{os.getpid()}.jsonl"
        with atomic_path(self.folder / name) as tmp:
            tmp.write_text("".join(f"{sha} {data}\n" for sha, data in fresh.items()), encoding="utf-8")
        self._known().update(fresh)

    def merged(self) -> tuple[Path, list[Path]] | None:
        """When packs have piled up (a year of monthly runs and uploads), one pack holding them all, and the
        packs it replaces (the CLI removes them)."""
        packs = self.packs()
        if len(packs) <= MAX_PACKS:
            return None
        known = self._known()
        name = f"pack-{time.time_ns()}-{os.getpid()}.jsonl"
        with atomic_path(self.folder / name) as tmp:
            tmp.write_text("".join(f"{sha} {data}\n" for sha, data in known.items()), encoding="utf-8")
        return self.folder / name, packs

    def _index_path(self, inputs: Path) -> Path:
        return self.root / f"index-{hashlib.sha256(str(inputs.resolve()).encode()).hexdigest()[:16]}.json"

    def index(self, inputs: Path) -> dict[str, list[str]]:
        """relative path → [stamp, sha256] as last seen."""
        try:
            data = json.loads(self._index_path(inputs).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def save_index(self, inputs: Path, index: dict[str, list[str]]) -> None:
        """The files seen this time, with the others still listed: a later run looks up only what it needs."""
        index = self.index(inputs) | index
        self.root.mkdir(parents=True, exist_ok=True)
        with atomic_path(self._index_path(inputs)) as tmp:
            tmp.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        if self.folder.is_dir():
            os.utime(self.folder)  # in use: not stale

    def stale(self) -> list[Path]:
        """Fingerprint folders nobody has used for STALE_DAYS (an old config or release): the CLI removes them."""
        limit = time.time() - STALE_DAYS * 86400
        others = self.root.iterdir() if self.root.is_dir() else iter(())
        return [o for o in others if o.is_dir() and o != self.folder and o.stat().st_mtime < limit]
