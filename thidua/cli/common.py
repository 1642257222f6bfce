"""What every command shares: exit codes, the usage error, the console, and 'today'."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.errors import MarkupError

from thidua.periods import vn_today

if TYPE_CHECKING:
    from thidua.batch import Kept
    from thidua.report.pending import Pending


class _Console(Console):
    """Our lines carry rich markup ([red]…[/]); text from outside (a cell a unit typed, a file's name, a
    certificate's name) is escaped where it is put in, and should one still hold something rich reads as
    markup ("[/]"), the line is printed as it is rather than the command failing on it."""

    def print(self, *objects: Any, **options: Any) -> None:
        try:
            super().print(*objects, **options)
        except MarkupError:
            super().print(*objects, **(options | {"markup": False}))


# soft_wrap: messages are never broken mid-line when output goes to a file or another tool; emoji off: a
# message quoting ":heart:" from a cell shows it as typed.
console = _Console(highlight=False, emoji=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1  # data findings of severity "lỗi"
    USAGE = 2  # config or usage error, or a file that could not be read or written
    INTERNAL = 3  # a bug in thidua: the message asks for --traceback
    FAILED = 4  # the command ran but part of what it had to do did not happen (a letter not sent)
    INTERRUPTED = 130  # stopped with Ctrl-C, as shells count it (128 + SIGINT)


class UsageError(Exception):
    """A problem the user must fix before anything runs; message in Vietnamese."""


def installed_version() -> str | None:
    """thidua's version as installed (pip, pipx, or make's editable install); None in a checkout that was
    never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("thidua")
    except PackageNotFoundError:
        return None


class VersionAction(argparse.Action):
    """argparse's "version" action, asking the installed package's metadata only when --version is given:
    importlib.metadata and the look-up cost every other command 10–15 ms."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, help: str | None = None):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        sys.stdout.write(f"thidua {installed_version() or '(chưa cài đặt)'}\n")
        parser.exit()


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


def command_name() -> str:
    """How the user runs thidua, for the next steps a command prints: `python pipeline.py` in a checkout."""
    from pathlib import Path

    return "python pipeline.py" if Path(sys.argv[0]).name == "pipeline.py" else "thidua"


def read_password(prompt: str, minimum: int, too_short: str) -> str:
    """A new password: typed twice at a terminal (never echoed), else one line of standard input (a script,
    a service's set-up); UsageError when the two differ or it is shorter than `minimum`."""
    import getpass

    if sys.stdin.isatty():
        password = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại: ") != password:
            raise UsageError("Hai lần nhập không giống nhau.")
    else:
        password = sys.stdin.readline().rstrip("\n")
    if len(password) < minimum:
        raise UsageError(too_short)
    return password


def put_in_place() -> None:
    """Move the command's outputs into place now, all of them or none, and name each file a person had
    changed (kept under a new name) or had open (the new one written beside it). Called before a command
    says what it wrote; the names it prints come from `thidua.atomic.placed`."""
    from thidua.batch import commit_active

    for kept in commit_active():
        console.print(f"[yellow]{kept_line(kept)}[/]")


def kept_line(kept: Kept) -> str:
    from thidua.batch import EDITED, OPEN, RETIRED, SIGNED

    name = kept.target.name
    if kept.reason == OPEN:
        return f"{name} đang mở trong Word hoặc Excel nên không ghi đè: bản mới ghi ở “{kept.kept}”."
    if kept.reason == SIGNED:
        kept_at = f"bản đã ký được giữ ở “{kept.kept}”"
        return f"{name} là bản đã ký số nên không bị ghi đè: {kept_at}; {name} là bản mới, chưa ký."
    if kept.reason == RETIRED:
        return (
            f"{name} là bản đã ký số của một văn bản lần này không lập nữa (chẳng hạn đơn vị không còn được đề "
            f"nghị): bản đã ký được chuyển sang “{kept.kept}” để không lẫn với các tệp mới."
        )
    if kept.reason == EDITED:
        return f"{name} đã được sửa sau lần thidua ghi: bản đã sửa được giữ ở “{kept.kept}”; {name} là bản mới."
    return f"{name} có từ trước (thidua không ghi nhận đã ghi tệp này): đã giữ ở “{kept.kept}”; {name} là bản mới."
