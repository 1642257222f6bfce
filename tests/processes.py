"""Whether a process is still running, as the tests that stop processes need to know."""

from __future__ import annotations

from pathlib import Path


def alive(pid: int) -> bool:
    """Running and not a zombie waiting for a parent that may never reap it (PID 1 in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone, or going as /proc is read
        return False
    return state not in ("Z", "X")
