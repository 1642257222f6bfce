"""Ctrl-C remembered while a command runs, so that it is said as a stop even when a library turns it into
another error: numpy interrupted while importing raised "'epsneg' in 'finfo'" (1 in 40 tries), which the
command line would have called an unexpected error and asked the clerk to send to a technician."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

_pressed = False


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    global _pressed
    _pressed = True
    raise KeyboardInterrupt  # as Python's own handler does


@contextlib.contextmanager
def noticed() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt as always, and is remembered (`pressed`). Only where Python's own
    handler is in place, in the main thread: a process started with Ctrl-C ignored keeps ignoring it."""
    global _pressed
    _pressed = False
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    previous = signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def pressed() -> bool:
    """Whether Ctrl-C was pressed since `noticed` began."""
    return _pressed
