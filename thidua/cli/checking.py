"""What check, run and the year's commands share: every file in inputs/ checked (with a progress bar on a
terminal), the findings printed (capped, the full list in kiem-tra.xlsx), and the check's own outputs."""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape

from thidua import layout
from thidua.atomic import TEMPORARY, remove_later
from thidua.cli.common import UsageError, command_name, console, today
from thidua.cli.findings_console import print_findings as show_findings
from thidua.config import Config
from thidua.periods import parse_period

if TYPE_CHECKING:  # the intake is imported when a command runs, not when the CLI starts
    from thidua.intake.cache import OutcomeCache
    from thidua.intake.check import Checked
    from thidua.workbooks.uptodate import Manifest


def check_inputs(args: argparse.Namespace, cfg: Config, allow_empty: bool = False) -> Checked:
    """Every file in inputs/ checked in worker processes (a progress bar on a terminal), then the
    cross-file checks."""
    from thidua.intake.folder import check_folder
    from thidua.intake.read import discover

    period = getattr(args, "period", None)
    through = parse_period(period, cfg.reporting.frequency) if period else None
    if not args.inputs.is_dir():
        raise UsageError(
            f"Không có thư mục báo cáo “{args.inputs}”. Hãy ghi đúng thư mục sau --inputs, hoặc tạo thư mục "
            "đó rồi đặt vào các tệp đơn vị gửi về."
        )
    paths = discover(args.inputs)
    count = len(paths)
    if not count and not allow_empty:
        raise NothingYet(args.inputs, cfg)
    jobs = min(2, os.cpu_count() or 1)
    cache = None if getattr(args, "no_cache", False) else outcome_cache(args, cfg)
    # settled=gc.freeze: the returns' outcomes, once read, live until the command ends; frozen out of the
    # garbage collector's scans, every later collection skips them (cli/main.py unfreezes at the end). With
    # four thousand returns those scans had been a third of writing the receipt book.
    if args.json or not sys.stdout.isatty():
        return check_folder(args.inputs, cfg, today(), through, jobs, cache=cache, paths=paths, settled=gc.freeze)
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Đang đọc báo cáo của các đơn vị...", total=count)
        advance = lambda: bar.advance(task)  # noqa: E731
        return check_folder(args.inputs, cfg, today(), through, jobs, advance, cache, paths, settled=gc.freeze)


class NothingYet(UsageError):
    """inputs/ has no return yet: the state of a cluster that has just begun, said with what to do next."""

    def __init__(self, inputs: Path, cfg: Config):
        prog, year = command_name(), cfg.reporting.year
        super().__init__(
            f"Thư mục “{inputs}” chưa có báo cáo nào của đơn vị. Việc tiếp theo: tạo biểu mẫu cho các đơn vị "
            f"({prog} templates --period {year}-01), gửi cho đơn vị; tệp đơn vị gửi về đặt vào “{inputs}” (hoặc "
            f"đơn vị nộp qua Cổng thông tin), rồi chạy lại {prog} check."
        )


def outcome_cache(args: argparse.Namespace, cfg: Config) -> OutcomeCache:
    """The outcomes of files already checked, with the portal's state (shared with it); folders of an old
    config or release, unused for two weeks, are removed here."""
    from thidua.intake.cache import CACHE_FOLDER, OutcomeCache, fingerprint

    cache = OutcomeCache(args.place.state / CACHE_FOLDER, fingerprint(cfg))
    for stale in cache.stale():
        shutil.rmtree(stale, ignore_errors=True)
    if merged := cache.merged():
        for pack in merged[1]:
            pack.unlink(missing_ok=True)
    return cache


def print_findings(checked: Checked, outputs: Path) -> None:
    show_findings(checked.findings, outputs)


def write_check_outputs(args: argparse.Namespace, cfg: Config, checked: Checked) -> None:
    from thidua.workbooks.feedback import FEEDBACK_FOLDER, write_all_feedback
    from thidua.workbooks.uptodate import Manifest

    folder = args.outputs / FEEDBACK_FOLDER
    author = f"Văn phòng {cfg.cluster.short_name}"
    manifest = Manifest(args.outputs)
    # What kiem-tra.xlsx and the receipt book are made of is worked out before the workers that mark up the
    # units' copies are forked: while a forked worker lives, every page the parent touches is copied first,
    # and hashing four thousand findings touches them all (3.992 returns: 0,03 → 0,06 s). The books
    # themselves are written while the workers work.
    books = _stale_books(args, cfg, checked, manifest)
    written, failed = write_all_feedback(
        checked.findings, args.inputs, folder, author, hashes=checked.hashes, meanwhile=lambda: _write(books, manifest)
    )
    for name in failed:
        console.print(
            f"[yellow]Không tạo được bản phản hồi cho tệp {escape(name)}; các phát hiện vẫn có trong kiem-tra.xlsx.[/]"
        )
    # A unit that has fixed its file must not find last month's complaints still waiting for it.
    for stale in set(folder.rglob("*.xlsx")) - written if folder.is_dir() else ():
        if not stale.name.startswith(TEMPORARY):  # this command's own copies, not yet in place
            remove_later(stale)
    manifest.save()


Book = tuple[Path, str, Callable[[], None]]  # where, what it is made of, how to write it


def _stale_books(args: argparse.Namespace, cfg: Config, checked: Checked, manifest: Manifest) -> list[Book]:
    """kiem-tra.xlsx and the receipt book, each unless the one there was made of the same facts."""
    from thidua.workbooks.check_book import check_key, write_check_workbook
    from thidua.workbooks.receipt_book import write_receipt_book
    from thidua.workbooks.uptodate import key

    books: list[Book] = []
    workbook = args.outputs / "kiem-tra.xlsx"
    made_of = check_key(checked, cfg)
    if not manifest.fresh(workbook, made_of):  # the same findings, dates and letters: already written
        books.append((workbook, made_of, lambda: write_check_workbook(checked, cfg, workbook)))
    book = args.outputs / layout.RECEIPT_BOOK
    if checked.received_rows:  # returns that came by e-mail: the book to record when each one arrived
        made_of = key(checked.received_rows, [u.short_name for u in cfg.units], cfg.cluster.word)
        if not manifest.fresh(book, made_of):
            books.append((book, made_of, lambda: write_receipt_book(checked, cfg, book)))
    else:
        remove_later(book)
    return books


def _write(books: list[Book], manifest: Manifest) -> None:
    for target, made_of, write in books:
        write()
        manifest.note(target, made_of)
