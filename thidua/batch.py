"""A command's outputs as one batch: every file written under the batch's folder (atomic.py stages it) is
moved into place with the others when the command has finished, so a command that fails or is stopped
(Ctrl-C) changes none of them. Before a file is replaced, a copy a person changed since thidua wrote it is
kept under a new name, and a file open in Word or Excel is left alone with the new one written beside it;
each is reported (`Kept`). A signed PDF is never overwritten or removed, even one thidua itself signed
(`thidua sign`): its document changed, it is kept under a new name. An output with no reason to be any more
is removed only if it is exactly what thidua last wrote there: a person's file, or one changed since (a
signed PDF, a copy kept under a new name), stays."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from thidua.atomic import BATCH, TEMPORARY, WriteFailed, scratch_file, sha256_of
from thidua.written import RECORD, read_record, signed_pdf

EDITED, OPEN, UNKNOWN, SIGNED, RETIRED = "edited", "open", "unknown", "signed", "retired"


@dataclass(frozen=True)
class Kept:
    """A person's file that a write did not overwrite: `reason` EDITED (changed since thidua wrote it;
    moved to `kept`), SIGNED (a signed PDF whose document has changed; moved to `kept`), RETIRED (a signed
    PDF thidua wrote under a name it no longer writes, a unit no longer proposed; moved to `kept`), UNKNOWN
    (a Word document thidua has no record of writing; moved to `kept`) or OPEN (open in Word or Excel; left
    in place, the new file written to `kept`)."""

    target: Path
    kept: Path
    reason: str


def lock_files(target: Path) -> list[Path]:
    """Where Word, Excel and LibreOffice mark a file as open: Word drops the first two letters of a long name
    ("~$o-cao.docx" for bao-cao.docx), Excel keeps it whole ("~$tong-hop.xlsx"), LibreOffice ".~lock.…#"."""
    name = target.name
    names = {f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"}
    return [target.with_name(n) for n in sorted(names)]


class Batch:
    """The outputs a command writes under `root`, put in place together by `commit`."""

    def __init__(self, root: Path, moment: datetime):
        self.root, self.moment = root.resolve(), moment
        self.staged: dict[Path, Path] = {}  # target (absolute) → its finished temporary
        self.placed: dict[Path, Path] = {}  # target (absolute) → where its new file went when committed
        self.removed: set[Path] = set()  # outputs that no longer have a reason to be, removed on commit

    def covers(self, target: Path) -> bool:
        return target.resolve().is_relative_to(self.root)

    def stage(self, tmp: Path, target: Path) -> None:
        target = target.absolute()
        if (earlier := self.staged.get(target)) is not None:
            earlier.unlink(missing_ok=True)  # written twice in one command: the later one counts
        self.staged[target] = tmp

    def discard(self) -> None:
        for tmp in self.staged.values():
            tmp.unlink(missing_ok=True)
        self.staged.clear()
        self.removed.clear()

    def commit(self) -> list[Kept]:
        """Put every staged file in place, or none (WriteFailed names the file that failed and why)."""
        if not self.staged and not self.removed:
            return []
        record = self._record()
        plan = [(target, tmp, self._keep(target, tmp, record)) for target, tmp in sorted(self.staged.items())]
        with _uninterrupted():
            moved = _move_all(plan) if plan else []
            for target, destination in moved:
                if destination == target:
                    record[self._key(target)] = sha256_of(target)
                self.placed[target] = destination
            retired = [self._remove(gone, record) for gone in sorted(self.removed - set(self.placed))]
            self.staged.clear()
            self.removed.clear()
            self._save(record)
        return [kept for _, _, kept in plan if kept is not None] + [kept for kept in retired if kept is not None]

    def _remove(self, gone: Path, record: dict[str, str]) -> Kept | None:
        """An output no longer written: removed if it is what thidua wrote there. A signed PDF under a name
        thidua wrote (signed by `thidua sign` or by a signing tool over thidua's file) is never removed, nor
        left under that name, where it would read as part of the new set (two "03-…" files in a dossier):
        it is moved aside, and said. A person's file, or thidua's changed since (a kept copy), stays."""
        key = self._key(gone)
        if not gone.is_file():
            record.pop(key, None)
            return None
        if signed_pdf(gone):
            if key not in record:  # the office's own signed copy under a name of its own
                return None
            kept = Kept(gone, self._beside(gone, "da-ky"), RETIRED)
            os.replace(gone, kept.kept)
            record.pop(key)
            return kept
        if record.get(key) == sha256_of(gone):
            gone.unlink(missing_ok=True)
            record.pop(key)
        return None

    def _keep(self, target: Path, new: Path, record: dict[str, str]) -> Kept | None:
        if not target.exists():
            return None
        if any(lock.exists() for lock in lock_files(target)):
            return Kept(target, self._beside(target, "ban-moi"), OPEN)
        if signed_pdf(target):  # whoever signed it, the signatures are what the office did
            return None if _holds(new, target) else Kept(target, self._beside(target, "da-ky"), SIGNED)
        known = record.get(self._key(target))
        if known is None:  # no record: written by an older thidua, or by a person; a Word document is kept
            return Kept(target, self._beside(target, "sua-tay"), UNKNOWN) if target.suffix == ".docx" else None
        current = sha256_of(target)
        if known == current or sha256_of(new) == current:  # thidua's own, or the same bytes again: nothing lost
            return None
        return Kept(target, self._beside(target, "sua-tay"), EDITED)

    def _beside(self, target: Path, word: str) -> Path:
        stamp = f"{self.moment:%Y%m%d-%H%M%S}"
        candidate = target.with_name(f"{target.stem}.{word}-{stamp}{target.suffix}")
        number = 2
        while candidate.exists():
            candidate = target.with_name(f"{target.stem}.{word}-{stamp}-{number}{target.suffix}")
            number += 1
        return candidate

    def _key(self, target: Path) -> str:
        return target.resolve().relative_to(self.root).as_posix()

    def _record(self) -> dict[str, str]:
        return read_record(self.root)

    def _save(self, record: dict[str, str]) -> None:
        tmp = scratch_file(self.root, ".json")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.root / RECORD)


def _holds(new: Path, old: Path) -> bool:
    """`new` begins with all of `old` (the same file, or one more signature appended to it): nothing is lost."""
    old_bytes = old.read_bytes()
    with new.open("rb") as stream:
        return stream.read(len(old_bytes)) == old_bytes


def _move_all(plan: list[tuple[Path, Path, Kept | None]]) -> list[tuple[Path, Path]]:
    """Move every new file into place (a person's copy first to its new name, thidua's own earlier file
    aside): all of them, or none. Returns (target, where its new file went)."""
    undo: list[tuple[Path, Path]] = []  # (where a file is now, where it was), undone newest first
    moved: list[tuple[Path, Path]] = []
    current = plan[0][0]
    try:
        for target, tmp, kept in plan:
            current = target
            destination = kept.kept if kept is not None and kept.reason == OPEN else target
            if kept is not None and kept.reason != OPEN:
                os.replace(target, kept.kept)
                undo.append((kept.kept, target))
            elif destination == target and target.exists():
                aside = target.with_name(f"{TEMPORARY}cu-{target.name}")
                os.replace(target, aside)
                undo.append((aside, target))
            os.replace(tmp, destination)
            undo.append((destination, tmp))
            moved.append((target, destination))
    except OSError as err:
        for now_at, was_at in reversed(undo):
            with contextlib.suppress(OSError):
                os.replace(now_at, was_at)
        raise WriteFailed(current, err) from err
    for now_at, _ in undo:  # thidua's own earlier files, set aside until every new one was in place
        if now_at.name.startswith(f"{TEMPORARY}cu-"):
            now_at.unlink(missing_ok=True)
    return moved


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl-C waits until the files are in place: a set of outputs is never half moved."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[object] = []
    previous = signal.signal(signal.SIGINT, lambda *a: pressed.append(a))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed:
            raise KeyboardInterrupt


@contextlib.contextmanager
def batch(root: Path, moment: datetime) -> Iterator[Batch]:
    """Outputs under `root` written inside the `with` are staged; the caller commits them. Whatever was not
    committed when the `with` ends (an error, Ctrl-C) is discarded: no file under `root` changed."""
    current = Batch(root, moment)
    token = BATCH.set(current)
    try:
        yield current
    finally:
        BATCH.reset(token)
        current.discard()


def commit_active() -> list[Kept]:
    """Commit the batch the command runs in (none: nothing to do)."""
    current = BATCH.get()
    return current.commit() if current else []


def placed(target: Path) -> Path:
    """Where `target`'s new file went when the batch was committed (beside it when it was open)."""
    current = BATCH.get()
    return current.placed.get(target.absolute(), target) if current else target
