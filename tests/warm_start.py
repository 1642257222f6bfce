"""`thidua serve` started from an interpreter that has already imported thidua, for the suite's ~70 portals.

A portal's start is almost all imports (SQLAlchemy, Alembic, Flask, pydantic's config models: about 1 s of
CPU each time, measured), and the suite starts about seventy; on two cores that alone was a tenth of the run.
So one helper process per test worker imports them once and forks a child per portal; the child runs the
real command line (`thidua.cli.entry.main` with the test's arguments and environment) as its own process on
its own port, its output in a FIFO the test reads. Only the imports are shared: the command, its checks, the
database, the server and the requests are the portal's own. Tests of how thidua starts (the installed wheel,
a process killed between two writes) start it from scratch with their own `command`."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from processes import alive

HELPER = r"""
import json, os, signal, sys
import thidua.cli.entry, thidua.cli.main, thidua.cli.portal_commands, thidua.cli.province_commands
import thidua.portal.app, thidua.portal.server, thidua.portal.pages, thidua.portal.chair_views
import thidua.portal.chair_dossier, thidua.portal.signing_views, thidua.state.store, thidua.intake.folder
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system; the test waits on their output
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            out = os.open(request["out"], os.O_WRONLY)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.close(out)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            os.close(null)
            for number in (signal.SIGCHLD, signal.SIGTERM):
                signal.signal(number, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            os.environ.clear()
            os.environ.update(request["env"])
            os.chdir(request["cwd"])
            sys.argv = ["thidua", *request["argv"]]
            code = thidua.cli.entry.main() or 0
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(pid, flush=True)
"""


class Started:
    """What `served` needs of a process: its output, terminate, kill, wait (by the end of its output: the
    helper reaps it)."""

    def __init__(self, pid: int, stdout: IO[str], folder: Path):
        self.pid, self.stdout, self._folder = pid, stdout, folder
        self._ended = threading.Event()

    def remove_fifo(self) -> None:
        import shutil

        shutil.rmtree(self._folder, ignore_errors=True)

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def _signal(self, number: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, number)

    def wait(self, timeout: float | None = None) -> int:
        """Until the process is gone (its pid no longer names a live process)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while alive(self.pid):
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(["thidua", "serve"], timeout or 0)
            time.sleep(0.02)
        return 0


_helper: subprocess.Popen[str] | None = None
_lock = threading.Lock()


@atexit.register
def _stop_helper() -> None:
    """At the end of the session the helper is told there is nothing more (its input closed: its loop ends)
    and waited for, rather than left running while the interpreter exits ("subprocess … is still running")."""
    if _helper is None:
        return
    with contextlib.suppress(OSError):
        if _helper.stdin is not None:
            _helper.stdin.close()
    try:
        _helper.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _helper.kill()
        _helper.wait()
    if _helper.stdout is not None:
        _helper.stdout.close()


def available() -> bool:
    return sys.platform.startswith("linux") and os.environ.get("THIDUA_TEST_COLD_START") != "1"


def start(argv: list[str], env: dict[str, str]) -> Started:
    """`thidua <argv>` forked from the helper (started on first use, with this environment)."""
    global _helper
    with _lock:
        if _helper is None or _helper.poll() is not None:
            _helper = subprocess.Popen(
                [sys.executable, "-c", HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
            )
        folder = Path(tempfile.mkdtemp(prefix="thidua-warm-"))
        fifo = folder / "out"
        os.mkfifo(fifo)
        request = {"argv": argv, "env": env, "out": str(fifo), "cwd": os.getcwd()}
        assert _helper.stdin is not None and _helper.stdout is not None
        _helper.stdin.write(json.dumps(request) + "\n")
        _helper.stdin.flush()
        pid = int(_helper.stdout.readline())
    stdout = open(fifo, encoding="utf-8")  # noqa: SIM115 - closed by served, as a Popen's stdout is
    return Started(pid, stdout, folder)
