"""The commands: each wires the stages for one task and does the I/O the stages never do (printing,
reading inputs/, writing and cleaning outputs/)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

from rich.table import Table

from thidua.cli.common import Exit, UsageError, console, today
from thidua.config import Config
from thidua.findings import ERROR, INFO, WARNING, has_errors, ordered
from thidua.periods import default_kind, parse_period, window, window_title


def cmd_templates(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.workbooks.template import template_name, write_template

    if not args.period:
        raise UsageError("Hãy ghi kỳ báo cáo của biểu mẫu, ví dụ: python pipeline.py templates --period 2023-07")
    period = parse_period(args.period, cfg.reporting.frequency)
    folder = args.outputs / "templates" / period.key
    for unit in cfg.units:
        write_template(cfg, unit, period, folder / template_name(unit, period))
    console.print(f"Đã tạo {len(cfg.units)} biểu mẫu {period.label} trong [bold]{folder}[/]")
    return Exit.OK


def _check(args: argparse.Namespace, cfg: Config):  # type: ignore[no-untyped-def]
    """Every file in inputs/ checked in worker processes (a progress bar on a terminal), then the
    cross-file checks."""
    from thidua.intake.check import check
    from thidua.intake.read import discover
    from thidua.intake.returns import check_files

    through = parse_period(args.period, cfg.reporting.frequency) if args.period else None
    paths = discover(args.inputs)
    if not paths:
        raise UsageError(f"Thư mục “{args.inputs}” không có tệp nào để đọc.")
    jobs = min(2, os.cpu_count() or 1)
    if args.json or not sys.stdout.isatty():
        outcomes = check_files(paths, args.inputs, cfg, today(), jobs)
    else:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("Đang đọc báo cáo của các đơn vị...", total=len(paths))
            outcomes = check_files(paths, args.inputs, cfg, today(), jobs, lambda: bar.advance(task))
    return check(outcomes, cfg, today(), through)


CONSOLE_LIMIT = 60  # beyond this, only errors are listed; every finding is in kiem-tra.xlsx


def _print_findings(checked, outputs) -> None:  # type: ignore[no-untyped-def]
    findings = ordered(checked.findings)
    if not findings:
        console.print("[green]Không phát hiện vấn đề nào.[/]")
        return
    shown = findings if len(findings) <= CONSOLE_LIMIT else [f for f in findings if f.severity == ERROR]
    by_unit: dict[str, list] = {}
    for f in shown[: CONSOLE_LIMIT * 4]:
        by_unit.setdefault(f.unit, []).append(f)
    for unit, rows in by_unit.items():
        table = Table(title=f"Đơn vị: {unit or '(chưa xác định)'}", title_justify="left", show_lines=False)
        for label in ("Mức độ", "Mã", "Kỳ", "Tệp", "Ô", "Nội dung"):
            table.add_column(label, overflow="fold")
        for f in rows:
            style = {ERROR: "red", WARNING: "yellow"}.get(f.severity, "dim")
            where = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
            table.add_row(f"[{style}]{f.severity}[/]", f.code, f.period, f.file, where, f.message)
        console.print(table)
    if len(shown) < len(findings):
        rest = Counter(f.code for f in findings[len(shown) :] if f.severity != ERROR)
        listed = ", ".join(f"{code} {n}" for code, n in rest.most_common())
        where = outputs / "kiem-tra.xlsx"
        console.print(f"Còn {sum(rest.values())} cảnh báo, thông tin khác ({listed}); xem đủ trong {where}.")
    counts = Counter(f.severity for f in findings)
    console.print(f"Tổng cộng: {counts[ERROR]} {ERROR}, {counts[WARNING]} {WARNING}, {counts[INFO]} {INFO}.")


def _write_check_outputs(args: argparse.Namespace, cfg: Config, checked) -> None:
    from thidua.workbooks.check_book import write_check_workbook
    from thidua.workbooks.feedback import FEEDBACK_FOLDER, write_all_feedback

    folder = args.outputs / FEEDBACK_FOLDER
    written, failed = write_all_feedback(checked.findings, args.inputs, folder, f"Văn phòng {cfg.cluster.short_name}")
    for name in failed:
        console.print(
            f"[yellow]Không tạo được bản phản hồi cho tệp {name}; các phát hiện vẫn có trong kiem-tra.xlsx.[/]"
        )
    # A unit that has fixed its file must not find last month's complaints still waiting for it.
    for stale in set(folder.rglob("*.xlsx")) - written if folder.is_dir() else ():
        stale.unlink()
    write_check_workbook(checked, cfg, args.outputs / "kiem-tra.xlsx")


def cmd_check(args: argparse.Namespace, cfg: Config) -> Exit:
    checked = _check(args, cfg)
    _write_check_outputs(args, cfg, checked)
    if args.json:
        print(json.dumps([f.as_row() for f in checked.findings], ensure_ascii=False, indent=1))
    else:
        _print_findings(checked, args.outputs)
        for unit, text in checked.reminders.items():
            console.print(f"\n[bold]Nhắc nộp báo cáo — {unit}[/]\n{text}")
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK


def _template_problems(cfg: Config) -> list[str]:
    from thidua.report.render import template_path
    from thidua.report.template_check import check_report_template

    errors, warnings = check_report_template(cfg, template_path(cfg))
    for warning in warnings:
        console.print(f"[yellow]{warning}[/]")
    return errors


def cmd_check_template(args: argparse.Namespace, cfg: Config) -> Exit:
    if errors := _template_problems(cfg):
        raise UsageError("Mẫu báo cáo có lỗi:\n" + "\n".join(f"  - {e}" for e in errors))
    console.print("[green]Mẫu báo cáo và lời văn trong cấu hình hợp lệ.[/]")
    return Exit.OK


def cmd_run(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.report.render import write_report
    from thidua.totals.merge import merge
    from thidua.workbooks.summary import write_summary

    if errors := _template_problems(cfg):
        raise UsageError("Chưa lập được báo cáo vì mẫu báo cáo có lỗi:\n" + "\n".join(f"  - {e}" for e in errors))
    checked = _check(args, cfg)
    if checked.through is None:
        raise UsageError(f"Chưa có báo cáo nào của năm {cfg.reporting.year} trong “{args.inputs}”.")
    period = checked.through
    kind = args.kind or default_kind(period)
    periods = window(period, kind)
    keys = {p.key for p in periods}
    sent = [s.period.key for s in checked.counted] + [r["period"] for r in checked.excluded_rows]
    if not keys & set(sent):
        raise UsageError(
            f"Chưa có báo cáo nào của {window_title(period, kind)} trong “{args.inputs}”; "
            "hãy kiểm tra lại kỳ báo cáo (--period)."
        )
    _write_check_outputs(args, cfg, checked)
    totals = merge(checked, cfg, periods, kind)
    folder = args.outputs / f"{kind}-{period.key}"
    write_summary(totals, checked, cfg, folder / "tong-hop.xlsx")
    write_report(totals, cfg, folder / "bao-cao.docx", today())
    _print_findings(checked, args.outputs)
    console.print(f"Đã ghi [bold]{folder / 'tong-hop.xlsx'}[/] và [bold]{folder / 'bao-cao.docx'}[/]")
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK
