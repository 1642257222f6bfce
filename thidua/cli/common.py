"""What every command shares: exit codes, the usage error, the console, and 'today'."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING

from rich.console import Console

from thidua.periods import vn_today

if TYPE_CHECKING:
    from thidua.report.pending import Pending

# soft_wrap: messages are never broken mid-line when output goes to a file or another tool.
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1  # data findings of severity "lỗi"
    USAGE = 2  # config or usage error
    INTERNAL = 3  # a bug in thidua: the message asks for --traceback


class UsageError(Exception):
    """A problem the user must fix before anything runs; message in Vietnamese."""


def today() -> date:
    """Today in Vietnam; THIDUA_TODAY pins it for reproducible runs and tests (deadlines, future periods)."""
    return date.fromisoformat(os.environ["THIDUA_TODAY"]) if "THIDUA_TODAY" in os.environ else vn_today()


def print_json(findings: list, written: dict[str, list[Pending]] | None = None) -> None:
    """The result for another tool, on stdout: every finding as a row and, for commands that write
    documents, each file with what keeps it a draft (an empty list: ready to sign)."""
    import json

    document: dict[str, object] = {"findings": [f.as_row() for f in findings]}
    if written is not None:
        document["written"] = {name: [p.line() for p in pending] for name, pending in written.items()}
    print(json.dumps(document, ensure_ascii=False, indent=1), file=sys.stdout)


def print_pending(documents: dict[str, list[Pending]]) -> None:
    """Each document that is still a draft, with what to write and where, so the office can finish it."""
    for name, pending in documents.items():
        if pending:
            console.print(f"\n[bold yellow]{name} là DỰ THẢO[/], cần bổ sung:")
            for item in pending:
                console.print(f"  - {item.line()}")
