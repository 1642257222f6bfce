"""A backup as one .zip an office can keep on another disk: config.yaml (and its Word template, when it
has its own), every file of inputs/, the portal's database, and a manifest with each file's SHA-256.
A restore trusts nothing of it until every hash matches and the database opens and checks whole."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from thidua.atomic import atomic_path
from thidua.cli.common import installed_version

MANIFEST = "manifest.json"
BACKUPS = "sao-luu"  # beside config.yaml (or province.yaml): where backups go unless --to says otherwise
KIND = "thidua-sao-luu"


@dataclass
class Contents:
    """What goes into a backup: archive name → the file on disk."""

    files: dict[str, Path] = field(default_factory=dict)

    def add_folder(self, prefix: str, folder: Path) -> None:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
            self.files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path

    def add_irreplaceable(self, outputs: Path, state: Path, backups: Path, prefix: str = "") -> None:
        """What the outputs and the portal's builds (under `state`) hold that thidua cannot make again
        (written.irreplaceable): signed PDFs, the chair's edits, the copies kept of them, the office's own
        files; under <prefix>outputs/ and <prefix>builds/. The rest of both is made again from inputs/ and
        config.yaml."""
        from thidua.written import irreplaceable

        builds = state / "builds"
        kept = sorted(b for b in builds.iterdir() if b.is_dir()) if builds.is_dir() else []
        roots = [(f"{prefix}outputs", outputs)] + [(f"{prefix}builds/{b.name}/outputs", b / "outputs") for b in kept]
        # --outputs may be the cluster's own folder: what the backup holds otherwise (inputs/, config.yaml),
        # the portal's state and the backups themselves are not taken again as the office's work.
        elsewhere = {path.resolve() for path in self.files.values()}
        apart = [state.resolve(), backups.resolve()]
        for name, root in roots:
            for path in irreplaceable(root):
                if root == outputs and (path in elsewhere or any(path.is_relative_to(a) for a in apart)):
                    continue
                self.files[f"{name}/{path.relative_to(root.resolve()).as_posix()}"] = path

    def count(self, prefix: str) -> int:
        return sum(1 for name in self.files if name.startswith(prefix))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write(
    contents: Contents,
    target: Path,
    database: str,
    revision: str,
    created: datetime,
    extra: Mapping[str, object] | None = None,
) -> None:
    """The archive at `target`, written atomically; `extra` goes into the manifest (a province's scope)."""
    manifest: dict[str, object] = {
        "kind": KIND,
        "thidua": installed_version() or "0",
        "created": created.isoformat(timespec="seconds"),
        "database": database,
        "revision": revision,
        "files": {name: {"sha256": sha256(path), "size": path.stat().st_size} for name, path in contents.files.items()},
    } | dict(extra or {})
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, path in contents.files.items():
            bundle.write(path, name)


class BackupError(Exception):
    """The archive cannot be restored: why, in Vietnamese."""


def verify(archive: Path, into: Path) -> dict[str, object]:
    """Extract `archive` into the empty folder `into` and check it: the manifest, every file present with
    its hash, nothing else. Returns the manifest; raises BackupError with the reason otherwise."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            manifest = json.loads(bundle.read(MANIFEST))
            names = set(bundle.namelist()) - {MANIFEST}
            listed = manifest["files"]
            if manifest.get("kind") != KIND or names != set(listed):
                raise BackupError("tệp không phải bản sao lưu của thidua, hoặc đã bị thêm, bớt tệp")
            for name in names:
                if name.startswith(("/", "\\")) or ".." in Path(name).parts:
                    raise BackupError(f"tên tệp không hợp lệ trong bản sao lưu: {name}")
                bundle.extract(name, into)
                if sha256(into / name) != listed[name]["sha256"]:
                    raise BackupError(f"tệp {name} trong bản sao lưu đã bị thay đổi hoặc hỏng (mã băm không khớp)")
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise BackupError(f"không đọc được tệp sao lưu ({error})") from None
    return dict(manifest)


def staging(near: Path) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder on the same disk as `near`, so restored files can be moved into place."""
    near.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=".~khoi-phuc-", dir=near)
