"""Whether a portal serves from a state folder. Every `thidua serve` holds a shared lock on one file there for
as long as it runs (several processes of a province's portal hold it together); a restore takes the same
lock alone. So a restore refuses while any server runs (the next upload would land in the database it sets
aside), and no server starts while a restore runs. portalocker gives shared locks on Windows as on Linux.

The lock is on the folder: a server on another machine that shares only a PostgreSQL database, not this
folder, is not seen (the README says to stop every portal process before a restore)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import portalocker

LOCK_FILE = "cong-thong-tin-dang-chay.khoa"


class Busy(Exception):
    """The lock is held the other way: a server runs (for a restore), or a restore runs (for a server)."""


@contextmanager
def _locked(state: Path, flags: portalocker.LockFlags) -> Iterator[None]:
    state.mkdir(parents=True, exist_ok=True)
    with (state / LOCK_FILE).open("a+b") as handle:
        try:
            portalocker.lock(handle, flags | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.LockException:
            raise Busy from None
        try:
            yield
        finally:
            portalocker.unlock(handle)


def serving(state: Path) -> AbstractContextManager[None]:
    """Held by a server while it runs; Busy when a restore is under way."""
    return _locked(state, portalocker.LockFlags.SHARED)


def alone(state: Path) -> AbstractContextManager[None]:
    """Held by a restore; Busy while any server runs from this folder."""
    return _locked(state, portalocker.LockFlags.EXCLUSIVE)
