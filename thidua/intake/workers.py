"""Work on many files in worker processes, so that no single file can take the run down.

concurrent.futures cannot say which task killed a worker (one death breaks the whole pool), so this is a
small pool of its own: each worker takes a batch over a pipe and answers file by file. When a worker
dies (a native crash, the memory cap), or hangs past the time limit, the parent knows the one file it was
on: that file gets `on_failure`'s answer, the rest of its batch goes back to the queue, and a new worker
starts. Each worker's address space is capped (where the OS allows), so one file cannot exhaust memory.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

BATCH = 8  # files sent to a worker at once: fewer messages, little lost when a worker dies
MEMORY_PER_WORKER = 1024 * 1024 * 1024  # bytes of address space a worker may add to what it inherits
TIME_PER_FILE = 60.0  # seconds before a worker stuck on one file is stopped


def _limit_memory(extra: int) -> None:
    try:
        import resource

        with open("/proc/self/statm") as statm:  # current virtual size, in pages
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + extra, current + extra))
    except (ImportError, OSError, ValueError):  # Windows, macOS without /proc: no cap, the pool still recovers
        pass


def _quiet_native_crashes() -> None:
    """A crash in native code writes a backtrace to stderr; the file's finding already says what happened,
    so a clerk's console stays clean. `--traceback` (THIDUA_WORKER_STDERR=1) keeps it for whoever debugs."""
    if os.environ.get("THIDUA_WORKER_STDERR") != "1":
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)


def _work_loop(conn: Connection, work: Callable[[Any], Any], memory: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent alone stops
    gc.enable()  # the parent may have paused its collections while forking (intake/folder.py): a worker collects
    _quiet_native_crashes()
    _limit_memory(memory)
    while (batch := conn.recv()) is not None:
        for index, item in batch:
            try:
                conn.send((index, True, work(item)))
            except MemoryError:
                conn.send((index, False, "memory"))
            except Exception as err:  # a bug in one file's handling must not end the others
                conn.send((index, False, f"{type(err).__name__}: {err}"))


class _Worker:
    def __init__(self, context: Any, work: Callable[[Any], Any], memory: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work_loop, args=(child, work, memory), daemon=True)
        self.process.start()
        child.close()
        self.pending: deque[tuple[int, Any]] = deque()
        self.since = time.monotonic()
        self.closing = False  # told there is nothing more: it exits once it has answered what it has

    def give(self, batch: list[tuple[int, Any]]) -> None:
        self.pending.extend(batch)
        self.since = time.monotonic()
        self.conn.send(batch)

    def close(self) -> None:
        if not self.closing:
            self.closing = True
            with contextlib.suppress(OSError):
                self.conn.send(None)

    def stop(self) -> None:
        if self.process.is_alive():
            self.close()
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _return_free_memory() -> None:
    """glibc keeps the memory a process has freed (a thousand files' intermediate data) mapped, and a forked
    worker starts with all of it counted: malloc_trim gives it back first. Elsewhere there is nothing to do
    (workers are spawned afresh on Windows and macOS)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _context(threaded: bool) -> Any:
    """fork is fast and shares what the parent already imported, but forking a multi-threaded process (a
    web server) can copy a lock some other thread held: there the forkserver forks from a clean,
    single-threaded server process instead. Elsewhere spawn (work must then pickle)."""
    if not sys.platform.startswith("linux"):
        return mp.get_context("spawn")
    if not threaded:
        return mp.get_context("fork")
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["thidua.intake.returns", "thidua.workbooks.feedback", "thidua.workbooks.markup"])
    return context


def run(
    items: list[Any],
    work: Callable[[Any], Any],
    on_failure: Callable[[Any, str], Any],
    workers: int = 2,
    memory: int = MEMORY_PER_WORKER,
    time_limit: float = TIME_PER_FILE,
    threaded: bool = False,
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """(index, result) for every item, in completion order; `on_failure(item, why)` answers for an item
    whose worker died, hung or raised ("crash", "timeout", "memory" or the error). `threaded`: the caller
    runs other threads (a web server), so workers must not be forked from it. `meanwhile`: the parent's own
    work, done once the workers have their first files (on 2 cores, both go on at once)."""
    if not items:
        if meanwhile:
            meanwhile()
        return
    context = _context(threaded)
    queue = deque(enumerate(items))
    _return_free_memory()  # what the parent has freed is not copied into each worker's count
    gc.freeze()  # the parent's objects out of the workers' collections: they would copy every page they touch
    try:
        pool = [_Worker(context, work, memory) for _ in range(max(1, min(workers, len(items))))]
    finally:
        gc.unfreeze()
    try:
        _feed(pool, queue)
        if meanwhile:
            meanwhile()
        while queue or any(w.pending for w in pool):
            yield from _collect(pool, queue, context, work, on_failure, memory, time_limit)
    finally:
        for worker in pool:
            worker.stop()


def _feed(pool: list[_Worker], queue: deque) -> None:
    """A batch for each idle worker: at most BATCH, and no more than its share of what is left (busy workers
    count too), so that two workers given six files take three each rather than the first taking them all,
    and the last few files of a long run are not all given to whichever worker is idle. Once the queue is empty
    every worker is told so, and exits when it has answered: while a worker lives, every page the parent
    writes (decoding the remembered outcomes meanwhile, writing the books) is first copied, because the two
    share it; at 4.000 returns that made the parent's decoding a third slower."""
    idle = [w for w in pool if not w.pending and not w.closing]
    busy = sum(1 for w in pool if w.pending and not w.closing)  # each will want its share when it is done
    for n, worker in enumerate(idle):
        if queue:
            share = -(-len(queue) // (len(idle) - n + busy))
            worker.give([queue.popleft() for _ in range(min(BATCH, share))])
    if not queue:
        for worker in pool:
            worker.close()


def _drain(worker: _Worker) -> tuple[list[tuple[int, bool, Any]], bool]:
    """Every answer already sent, and whether the pipe is still open."""
    out = []
    try:
        while worker.conn.poll():
            out.append(worker.conn.recv())
    except (EOFError, OSError):
        return out, False
    return out, True


def _collect(pool, queue, context, work, on_failure, memory, time_limit) -> Iterator[tuple[int, Any]]:
    busy = [w for w in pool if w.pending]
    wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
    for n, worker in enumerate(list(pool)):
        if not worker.pending:
            continue
        dead = not worker.process.is_alive()  # decided before draining: a dead worker writes nothing more
        stuck = not dead and time.monotonic() - worker.since > time_limit
        if stuck:
            worker.process.kill()
            worker.process.join()
        answers, open_pipe = _drain(worker)
        for index, ok, value in answers:
            item = worker.pending.popleft()[1]
            worker.since = time.monotonic()
            yield index, value if ok else on_failure(item, value)
        if worker.pending and (dead or stuck or not open_pipe):
            index, item = worker.pending.popleft()
            yield index, on_failure(item, "timeout" if stuck else "crash")
            queue.extendleft(reversed(worker.pending))
            worker.pending.clear()
            worker.process.kill()
            worker.process.join()
            pool[n] = _Worker(context, work, memory)
    for n, worker in enumerate(pool):
        if not worker.pending and queue and (worker.closing or not worker.process.is_alive()):
            worker.stop()  # a crash put files back in the queue after this one was told there was nothing more
            pool[n] = _Worker(context, work, memory)
    _feed(pool, queue)
