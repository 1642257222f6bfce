"""thidua command line: parses arguments, runs one command (thidua/cli/commands.py), maps errors to exit codes.

Installed as the `thidua` command (pyproject [project.scripts]), as `python -m thidua`, and as
`python pipeline.py` in a checkout."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
import traceback
from pathlib import Path

from thidua.cli import STOPPED
from thidua.cli.common import Exit, UsageError, console, put_in_place
from thidua.cli.interrupt import pressed
from thidua.cli.parser import CLUSTER_OPTIONAL, NO_CONFIG
from thidua.cli.parser import build_parser as parser_for
from thidua.cli.place import fill_folders, resolve_command
from thidua.config import ConfigError
from thidua.periods import PeriodError

DESCRIPTION = """thidua: tổng hợp báo cáo thi đua, khen thưởng của Cụm, Khối thi đua.

Ví dụ:
    {prog} templates --period 2023-07    tạo biểu mẫu tháng 7/2023 cho các đơn vị
    {prog} check                         kiểm tra các tệp trong inputs/
    {prog} run --period 2023-06          lập bảng tổng hợp và báo cáo
    {prog} run --period 2023-12          báo cáo tổng kết năm, chấm điểm, biên bản, tờ trình
"""


def _program() -> str:
    """The name the user typed, for usage lines: 'pipeline.py' in a checkout, else 'thidua'."""
    return "pipeline.py" if Path(sys.argv[0]).name == "pipeline.py" else "thidua"


def build_parser() -> argparse.ArgumentParser:
    prog = _program()
    return parser_for(prog, DESCRIPTION.format(prog=prog))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.traceback:
        os.environ["THIDUA_WORKER_STDERR"] = "1"  # workers keep native crash output for debugging
    args.json = getattr(args, "json", False)
    # stdout carries the JSON document alone; every message for people goes to stderr, for this command
    # only (rich's unset file follows whatever sys.stdout is, so the unset state is what is restored)
    screen = console._file
    if args.json:
        console.file = sys.stderr
    try:
        return _dispatch(args)
    finally:
        console._file = screen
        gc.unfreeze()  # what a command froze (cli/checking.py) is collected again by an in-process caller


# command → (module in thidua/cli, function): only the command that runs is imported, so `check` never pays
# for the portal's database layer, nor `serve` for the report.
HANDLERS = {
    "init": ("setup_commands", "cmd_init"),
    "backup": ("setup_commands", "cmd_backup"),
    "restore": ("setup_commands", "cmd_restore"),
    "remind": ("portal_commands", "cmd_remind"),
    "templates": ("commands", "cmd_templates"),
    "check": ("commands", "cmd_check"),
    "run": ("commands", "cmd_run"),
    "check-template": ("commands", "cmd_check_template"),
    "serve": ("portal_commands", "cmd_serve"),
    "links": ("portal_commands", "cmd_links"),
    "chair-password": ("portal_commands", "cmd_chair_password"),
    "registration": ("year_commands", "cmd_registration"),
    "profile": ("year_commands", "cmd_profile"),
    "pact": ("year_commands", "cmd_pact"),
    "self-score": ("year_commands", "cmd_self_score"),
    "score": ("year_commands", "cmd_score"),
    "next-year": ("next_year", "cmd_next_year"),
    "sign": ("signing_commands", "cmd_sign"),
    "verify": ("signing_commands", "cmd_verify"),
    "board": ("province_commands", "cmd_board"),
    "accounts": ("province_commands", "cmd_accounts"),
}


# Commands whose outputs are not documents under an outputs folder: they write their own files (a new
# folder, a backup, the database) and need no batch.
UNBATCHED = {"init", "restore", "backup", "serve", "links", "chair-password", "accounts", "remind", "next-year"}
UNBATCHED |= {"verify"}


def _dispatch(args: argparse.Namespace) -> int:
    module, name = HANDLERS[args.command]
    handler = getattr(importlib.import_module(f"thidua.cli.{module}"), name)
    try:
        if args.command in NO_CONFIG:
            fill_folders(args)
            cfg = None
        else:
            cfg = resolve_command(args, args.command not in CLUSTER_OPTIONAL)
        with _outputs(args):
            code = int(handler(args, cfg))
            put_in_place()
        return code
    except KeyboardInterrupt:
        console.print(f"\n[yellow]{STOPPED}[/]")
        return Exit.INTERRUPTED
    except ConfigError as err:
        where = args.config if getattr(args, "cluster", None) or not getattr(args, "province", None) else args.province
        console.print(f"[red]Cấu hình “{where}” có {len(err.problems)} lỗi:[/]")
        for path, message in err.problems:
            console.print(f"  - {path + ': ' if path else ''}{message}")
        return Exit.USAGE
    except (UsageError, PeriodError) as err:
        console.print(f"[red]{err}[/]")
        return Exit.USAGE
    except OSError as err:
        from thidua.cli.oserrors import file_error

        if args.traceback:
            traceback.print_exc()
        reading = tuple(p for p in (getattr(args, "inputs", None), getattr(args, "config", None)) if p)
        console.print(f"[red]{file_error(err, reading)}[/]")
        return Exit.USAGE
    except Exception:  # a bug, not bad input: say so plainly, keep the stack for whoever fixes it
        if pressed():  # unless Ctrl-C caused it (a library interrupted in its import fails another way)
            console.print(f"\n[yellow]{STOPPED}[/]")
            return Exit.INTERRUPTED
        if args.traceback:
            traceback.print_exc()
        console.print(
            "[red]thidua gặp lỗi không mong đợi. Hãy chạy lại lệnh với --traceback "
            f"({_program()} --traceback ...) và gửi kết quả cho người phụ trách kỹ thuật.[/]"
        )
        return Exit.INTERNAL


def _outputs(args: argparse.Namespace) -> contextlib.AbstractContextManager[object]:
    """The command's outputs as one batch (thidua/atomic.py): all in place when it succeeds, none changed
    when it fails or is stopped."""
    if args.command in UNBATCHED:
        return contextlib.nullcontext()
    from datetime import datetime

    from thidua.batch import batch
    from thidua.periods import VN_TZ

    root = args.province / "outputs" if args.command == "board" else args.outputs
    return batch(root, datetime.now(VN_TZ))
