"""A folder of returns → Checked: every file listed, each one's outcome taken from the cache when the same
content was judged the same way before (intake/cache.py), the others checked in worker processes, the
office's receipt book read, then the cross-file stage. What the CLI and the tests run; the portal adds a
memory of its own (portal/overview.py)."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from thidua.atomic import sha256_of
from thidua.config import Config
from thidua.intake import stored, workers
from thidua.intake.cache import OutcomeCache, cacheable, relabel
from thidua.intake.check import Checked, check
from thidua.intake.read import discover
from thidua.intake.receipts import read_receipts
from thidua.intake.returns import Outcome, check_file, check_files, failed_file
from thidua.periods import VN_TZ, Period

Progress = Callable[[], None] | None


Stored = tuple[Outcome, str, str]  # an outcome, the hash it is remembered under, its JSON ("" when not kept)


def _check_and_encode(item: tuple[Path, str], root: Path, cfg: Config, today: date) -> Stored:
    """In a worker: the file's outcome and, when it may be remembered, its JSON under the hash of the bytes
    the worker read (the file may have changed since the parent hashed it, or the parent did not: nothing
    was remembered yet); "" for a file the worker did not read (its name or size refused it). Encoding is
    spread over the workers too."""
    path, sha = item
    outcome = check_file(path, root, cfg, today)
    book = outcome.submission.book if outcome.submission else None
    return outcome, book.sha256 if book and book.sha256 else sha, stored.dumps(outcome) if cacheable(outcome) else ""


def _file_hash(path: Path) -> str:
    """SHA-256 of the file's bytes; "" when it cannot be read (its worker says so in a finding)."""
    try:
        return sha256_of(path)
    except OSError:
        return ""


def _failed(item: tuple[Path, str], why: str, root: Path) -> Stored:
    return failed_file(item[0], why, root), item[1], ""


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Reading the index and the packs and decoding a thousand remembered outcomes make a hundred thousand
    objects and no cycle: the collections their allocation would set off scan the growing heap for nothing
    (4.000 returns: 15% of this stage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_no_collections()
def outcomes(
    paths: list[Path],
    inputs: Path,
    cfg: Config,
    today: date,
    jobs: int,
    progress: Progress,
    cache: OutcomeCache,
    threaded: bool = False,
) -> tuple[list[Outcome], list[str], dict[str, str]]:
    """Every file's outcome in the order of `paths`, the files that had to be read (the rest came from the
    cache), and each file's hash by name. `threaded`: the caller is a server with threads of its own
    (intake/workers.py)."""
    index, seen = cache.index(inputs), {}
    names = [path.relative_to(inputs).as_posix() for path in paths]
    shas, saved = [], []
    # With nothing remembered (the first check, a new config or release) every file is read anyway, and the
    # worker that reads it hashes it: the parent need not read each file once more first.
    hashing = not cache.empty()
    for path, name in zip(paths, names, strict=True):
        info = path.stat()
        now = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"
        known = index.get(name)
        if known and known[0] == now:
            sha = known[1]
        elif hashing:
            sha = _file_hash(path)
        else:
            sha = ""  # a worker reads it and hashes it
        seen[name] = [now, sha]
        shas.append(sha)
        saved.append(info.st_mtime)
    found: dict[int, Outcome] = {}

    def remembered() -> None:
        for n, path in enumerate(paths):
            if (outcome := cache.outcome(shas[n])) is not None:
                found[n] = relabel(outcome, names[n], path, datetime.fromtimestamp(saved[n], VN_TZ))
                if progress:
                    progress()

    work = functools.partial(_check_and_encode, root=inputs, cfg=cfg, today=today)
    failed = functools.partial(_failed, root=inputs)
    entries: dict[str, str] = {}

    def read(chosen: list[int], meanwhile: Callable[[], None] | None) -> None:
        items = [(paths[n], shas[n]) for n in chosen]
        for position, (outcome, sha, data) in workers.run(
            items, work, failed, jobs, threaded=threaded, meanwhile=meanwhile
        ):
            n = chosen[position]
            found[n] = outcome
            if not shas[n]:  # not hashed above: the worker's hash, or (a file it could not read) the parent's
                shas[n] = seen[names[n]][1] = sha or _file_hash(paths[n])
            if data and (key := sha or shas[n]):  # a file nobody could read is never remembered
                entries[key] = data
            if progress:
                progress()

    # The files never judged go to the workers first; the parent decodes the remembered outcomes while they
    # read (so the workers are also forked before those are in memory). An entry that cannot be decoded
    # (another format, damage) is read again afterwards, by workers too.
    unread = [n for n, sha in enumerate(shas) if not cache.knows(sha)]
    read(unread, remembered)
    if again := [n for n in range(len(paths)) if n not in found]:
        read(again, None)
        unread += again
    cache.remember(entries)
    cache.save_index(inputs, seen)
    return [found[n] for n in range(len(paths))], [names[n] for n in unread], dict(zip(names, shas, strict=True))


def check_folder(
    inputs: Path,
    cfg: Config,
    today: date,
    through: Period | None = None,
    jobs: int = 2,
    progress: Progress = None,
    cache: OutcomeCache | None = None,
    paths: list[Path] | None = None,
    settled: Callable[[], None] | None = None,
) -> Checked:
    """`paths`: the folder's files when the caller has listed them already (intake/read.py's discover);
    `settled`: called once every file's outcome is in memory, before the cross-file stage."""
    paths = discover(inputs) if paths is None else paths
    hashes: dict[str, str] = {}
    if cache is None:
        found, read = (
            check_files(paths, inputs, cfg, today, jobs, progress),
            [p.relative_to(inputs).as_posix() for p in paths],
        )
    else:
        found, read, hashes = outcomes(paths, inputs, cfg, today, jobs, progress, cache)
    if settled:
        settled()
    receipts = read_receipts(inputs, [p.relative_to(inputs).as_posix() for p in paths], today)
    checked = check(found, cfg, today, through, receipts)
    checked.read_files, checked.hashes = read, hashes
    return checked
