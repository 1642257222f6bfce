"""The commands: each wires the stages for one task and does the I/O the stages never do (printing,
reading inputs/, writing and cleaning outputs/)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from rich.table import Table

from thidua.cli.common import Exit, UsageError, console, today
from thidua.config import Config
from thidua.findings import ERROR, INFO, WARNING, has_errors, to_frame
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
        _print_findings(checked)
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
    if not any(s.period.key in keys for s in checked.counted) and not checked.excluded["period"].isin(keys).any():
        raise UsageError(
            f"Chưa có báo cáo nào của {window_title(period, kind)} trong “{args.inputs}”; "
            "hãy kiểm tra lại kỳ báo cáo (--period)."
        )
    _write_check_outputs(args, cfg, checked)
    totals = merge(checked, cfg, periods, kind)
    folder = args.outputs / f"{kind}-{period.key}"
    write_summary(totals, checked, cfg, folder / "tong-hop.xlsx")
    write_report(totals, cfg, folder / "bao-cao.docx", today())
    _print_findings(checked)
    console.print(f"Đã ghi [bold]{folder / 'tong-hop.xlsx'}[/] và [bold]{folder / 'bao-cao.docx'}[/]")
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK
