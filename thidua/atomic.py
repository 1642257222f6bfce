"""Atomic file output: written beside its target, then renamed, so a crash never leaves half a file; with
the permissions of a normal file; a failed write named by its target. Inside a command's batch (batch.py)
the finished file is staged rather than renamed, and moved into place with the others when the command
has finished."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

TEMPORARY = ".~tmp-"  # a file being written; never read as a return, removed when the write fails
# The command's batch (batch.Batch), when it runs in one: atomic_path stages into it.
BATCH: ContextVar[Any] = ContextVar("thidua_batch", default=None)
# The process's umask, read once while nothing else runs (reading it means setting it): a file thidua writes
# gets the permissions any program's new file gets (0644 under the usual 022), never mkstemp's 0600, so an
# office's other accounts can read the reports a service account (docs/thidua.service) wrote.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def scratch_file(folder: Path, suffix: str) -> Path:
    """A new empty file in `folder` named as a file being written, with the permissions of a normal file."""
    fd, name = tempfile.mkstemp(prefix=TEMPORARY, suffix=suffix, dir=folder)
    os.close(fd)
    os.chmod(name, 0o666 & ~_UMASK)
    return Path(name)


def scratch_folder(folder: Path, name: str) -> Path:
    """A new empty folder in `folder` named as one being made (for `name`), with a normal folder's
    permissions (mkdtemp's are the owner's alone: a portal running as another account could not read it)."""
    made = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY}{name}-", dir=folder))
    os.chmod(made, 0o777 & ~_UMASK)
    return made


class WriteFailed(OSError):
    """A batch could not be put in place; nothing of it was (what had moved was moved back)."""

    def __init__(self, target: Path, cause: OSError):
        super().__init__(cause.errno, cause.strerror, str(target))
        self.target, self.cause = target, cause


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target, at once or, inside
    a batch covering the target, when the batch is committed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = scratch_file(target.parent, target.suffix)
    except OSError as err:
        raise WriteFailed(target, err) from err
    staged = False
    try:
        yield tmp_path
        batch = BATCH.get()
        if batch is not None and batch.covers(target):
            batch.stage(tmp_path, target)
            staged = True
        else:
            os.replace(tmp_path, target)
    except OSError as err:  # the disk is full, the folder refuses, the target is open elsewhere: say which
        about = {None, str(tmp_path), str(target), os.fspath(tmp_path), os.fspath(target)}
        if isinstance(err, WriteFailed) or str(err.filename) not in {str(a) for a in about}:
            raise  # a file read while writing (a template) names itself
        raise WriteFailed(target, err) from err
    finally:
        if not staged:
            tmp_path.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@contextlib.contextmanager
def scratch(folder: Path, suffix: str) -> Iterator[Path]:
    """A scratch file for a worker to write and hand on (its name goes back to the parent); removed if the
    writing fails."""
    path = scratch_file(folder, suffix)
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def written_file(target: Path) -> Path:
    """Where `target`'s newest content is now: its finished temporary while a batch holds it, else the
    target itself (a document read back by the command that wrote it, a file's size and time noted)."""
    current = BATCH.get()
    return current.staged.get(target.absolute(), target) if current else target


def remove_later(path: Path) -> None:
    """Remove an output that has no reason to be any more: when the command's batch is committed (so a
    stopped command removes nothing; and only if it is what thidua last wrote there, batch.py), else now."""
    current = BATCH.get()
    if current is not None and current.covers(path):
        current.removed.add(path.absolute())
    else:
        path.unlink(missing_ok=True)
