"""thidua command line: parses arguments, wires the stages (templates → check → run), prints."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from datetime import date
from enum import IntEnum
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from thidua.cli_parser import ViParser
from thidua.config import Config, ConfigError, load_config
from thidua.findings import ERROR, INFO, WARNING, to_frame
from thidua.periods import KINDS, PeriodError, default_kind, parse_period, window, window_title
from thidua.read import discover, read_iter

# soft_wrap: messages are never broken mid-line when output goes to a file or another tool.
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


DESCRIPTION = """thidua: tổng hợp báo cáo thi đua, khen thưởng của Cụm, Khối thi đua.

Ví dụ:
    python pipeline.py templates --period 2023-07    tạo biểu mẫu tháng 7/2023 cho các đơn vị
    python pipeline.py check                         kiểm tra các tệp trong inputs/
    python pipeline.py run --period 2023-06          lập bảng tổng hợp và báo cáo
"""


class Exit(IntEnum):
    OK = 0
    FINDINGS = 1  # data findings of severity "lỗi"
    USAGE = 2  # config or usage error
    INTERNAL = 3  # a bug in thidua: the message asks for --traceback


class UsageError(Exception):
    """A problem the user must fix before anything runs; message in Vietnamese."""


def _today() -> date:
    # THIDUA_TODAY pins "today" for reproducible runs and tests (deadlines, future periods).
    return date.fromisoformat(os.environ["THIDUA_TODAY"]) if "THIDUA_TODAY" in os.environ else date.today()


def cmd_templates(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.template import template_name, write_template

    if not args.period:
        raise UsageError("Hãy ghi kỳ báo cáo của biểu mẫu, ví dụ: python pipeline.py templates --period 2023-07")
    period = parse_period(args.period, cfg.reporting.frequency)
    folder = args.outputs / "templates" / period.key
    for unit in cfg.units:
        write_template(cfg, unit, period, folder / template_name(unit, period))
    console.print(f"Đã tạo {len(cfg.units)} biểu mẫu {period.label} trong [bold]{folder}[/]")
    return Exit.OK


def _read(args: argparse.Namespace) -> list:
    paths = discover(args.inputs)
    if not paths:
        raise UsageError(f"Thư mục “{args.inputs}” không có tệp Excel nào để đọc.")
    books = []
    with Progress(console=console, transient=True, disable=args.json or not sys.stdout.isatty()) as progress:
        task = progress.add_task("Đang đọc báo cáo của các đơn vị...", total=len(paths))
        for book in read_iter(paths, args.inputs, workers=min(2, os.cpu_count() or 1)):
            books.append(book)
            progress.advance(task)
    return books


def _check(args: argparse.Namespace, cfg: Config):
    from thidua.check import check

    through = parse_period(args.period, cfg.reporting.frequency) if args.period else None
    return check(_read(args), cfg, _today(), through)


def _print_findings(checked) -> None:
    df = to_frame(checked.findings)
    if df.empty:
        console.print("[green]Không phát hiện vấn đề nào.[/]")
        return
    for unit, rows in df.groupby("unit", sort=False):
        table = Table(title=f"Đơn vị: {unit or '(chưa xác định)'}", title_justify="left", show_lines=False)
        for label in ("Mức độ", "Mã", "Kỳ", "Tệp", "Ô", "Nội dung"):
            table.add_column(label, overflow="fold")
        for r in rows.itertuples():
            style = {ERROR: "red", WARNING: "yellow"}.get(r.severity, "dim")
            where = f"{r.sheet}!{r.cell}" if r.cell else r.sheet
            table.add_row(f"[{style}]{r.severity}[/]", r.code, r.period, r.file, where, r.message)
        console.print(table)
    counts = df["severity"].value_counts()
    console.print(
        f"Tổng cộng: {counts.get(ERROR, 0)} {ERROR}, {counts.get(WARNING, 0)} {WARNING}, {counts.get(INFO, 0)} {INFO}."
    )


def _write_check_outputs(args: argparse.Namespace, cfg: Config, checked) -> None:
    from thidua.feedback import write_all_feedback
    from thidua.render_xlsx import write_check_workbook

    write_all_feedback(checked.findings, args.inputs, args.outputs, f"Văn phòng {cfg.cluster.short_name}")
    write_check_workbook(checked, args.outputs / "kiem-tra.xlsx")


def cmd_check(args: argparse.Namespace, cfg: Config) -> Exit:
    checked = _check(args, cfg)
    _write_check_outputs(args, cfg, checked)
    if args.json:
        print(json.dumps([f.as_row() for f in checked.findings], ensure_ascii=False, indent=1))
    else:
        _print_findings(checked)
        for unit, text in checked.reminders.items():
            console.print(f"\n[bold]Nhắc nộp báo cáo — {unit}[/]\n{text}")
    return Exit.FINDINGS if checked.has_errors else Exit.OK


def _template_problems(cfg: Config) -> list[str]:
    from thidua.render_docx import template_path
    from thidua.template_check import check_report_template

    errors, warnings = check_report_template(cfg, template_path(cfg))
    for w in warnings:
        console.print(f"[yellow]{w}[/]")
    return errors


def cmd_check_template(args: argparse.Namespace, cfg: Config) -> Exit:
    if errors := _template_problems(cfg):
        raise UsageError("Mẫu báo cáo có lỗi:\n" + "\n".join(f"  - {e}" for e in errors))
    console.print("[green]Mẫu báo cáo và lời văn trong cấu hình hợp lệ.[/]")
    return Exit.OK


def cmd_run(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.merge import merge
    from thidua.render_docx import write_report
    from thidua.render_xlsx import write_summary

    if errors := _template_problems(cfg):
        raise UsageError("Chưa lập được báo cáo vì mẫu báo cáo có lỗi:\n" + "\n".join(f"  - {e}" for e in errors))
    checked = _check(args, cfg)
    if checked.through is None:
        raise UsageError(f"Chưa có báo cáo nào của năm {cfg.reporting.year} trong “{args.inputs}”.")
    period = checked.through
    kind = args.kind or default_kind(period)
    periods = window(period, kind)
    keys = {p.key for p in periods}
    if not any(s.period.key in keys for s in checked.used) and not checked.excluded["period"].isin(keys).any():
        raise UsageError(
            f"Chưa có báo cáo nào của {window_title(period, kind)} trong “{args.inputs}”; "
            "hãy kiểm tra lại kỳ báo cáo (--period)."
        )
    _write_check_outputs(args, cfg, checked)
    totals = merge(checked, cfg, periods, kind)
    folder = args.outputs / f"{kind}-{period.key}"
    write_summary(totals, checked, cfg, folder / "tong-hop.xlsx")
    write_report(totals, cfg, folder / "bao-cao.docx", _today())
    _print_findings(checked)
    console.print(f"Đã ghi [bold]{folder / 'tong-hop.xlsx'}[/] và [bold]{folder / 'bao-cao.docx'}[/]")
    return Exit.FINDINGS if checked.has_errors else Exit.OK


PATH_OPTIONS = [  # option, default, placeholder, help
    ("--config", "config.yaml", "TỆP", "tệp cấu hình (mặc định config.yaml)"),
    ("--inputs", "inputs", "THƯ_MỤC", "thư mục báo cáo đơn vị gửi về (mặc định inputs)"),
    ("--outputs", "outputs", "THƯ_MỤC", "thư mục kết quả (mặc định outputs)"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = ViParser(prog="pipeline.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traceback", action="store_true", help="hiện chi tiết lỗi kỹ thuật (cho lập trình viên)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    specs = {
        "templates": "tạo biểu mẫu Excel cho từng đơn vị, ví dụ: pipeline.py templates --period 2023-07",
        "check": "đọc và kiểm tra các tệp trong inputs/, ví dụ: pipeline.py check --period 2023-06",
        "run": "kiểm tra, tổng hợp, ghi bảng tổng hợp và báo cáo, ví dụ: pipeline.py run --period 2023-06",
        "check-template": "kiểm tra mẫu Word và lời văn báo cáo trước khi lập, ví dụ: pipeline.py check-template",
    }
    for name, help_text in specs.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        for option, default, metavar, help_text in PATH_OPTIONS:
            p.add_argument(option, type=Path, default=Path(default), metavar=metavar, help=help_text)
        p.add_argument(
            "--period", metavar="KỲ", help="kỳ báo cáo dạng năm-tháng, ví dụ 2023-06 (mặc định: kỳ mới nhất có báo cáo)"
        )
        p.add_argument("--json", action="store_true", help="in các phát hiện dạng JSON (cho công cụ khác)")
        if name == "run":
            p.add_argument("--kind", choices=list(KINDS), help="loại báo cáo: thang, quy, 6thang, nam")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    commands = {"templates": cmd_templates, "check": cmd_check, "run": cmd_run, "check-template": cmd_check_template}
    try:
        cfg = load_config(args.config)
        return int(commands[args.command](args, cfg))
    except ConfigError as err:
        console.print(f"[red]Cấu hình “{args.config}” có {len(err.problems)} lỗi:[/]")
        for path, message in err.problems:
            console.print(f"  - {path + ': ' if path else ''}{message}")
        return Exit.USAGE
    except (UsageError, PeriodError) as err:
        console.print(f"[red]{err}[/]")
        return Exit.USAGE
    except OSError as err:
        if args.traceback:
            traceback.print_exc()
        console.print(
            f"[red]Không ghi được kết quả vào “{err.filename or args.outputs}”: {err.strerror}. "
            "Hãy kiểm tra quyền ghi của thư mục hoặc đóng tệp đang mở trong Excel.[/]"
        )
        return Exit.USAGE
    except Exception:  # a bug, not bad input: say so plainly, keep the stack for whoever fixes it
        if args.traceback:
            traceback.print_exc()
        console.print(
            "[red]thidua gặp lỗi không mong đợi. Hãy chạy lại lệnh với --traceback "
            "(python pipeline.py --traceback ...) và gửi kết quả cho người phụ trách kỹ thuật.[/]"
        )
        return Exit.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
