"""The commands: each wires the stages for one task and does the I/O the stages never do (printing,
reading inputs/, writing and cleaning outputs/)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.markup import escape

from thidua.batch import placed
from thidua.cli.checking import NothingYet, check_inputs, print_findings, write_check_outputs
from thidua.cli.common import Exit, UsageError, console, print_json, print_pending, put_in_place
from thidua.config import Config
from thidua.findings import has_errors
from thidua.periods import default_kind, parse_period, window, window_title

if TYPE_CHECKING:
    from thidua.report.pending import Pending


def cmd_templates(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.workbooks.template import template_name, write_template

    if not args.period:
        raise UsageError("Hãy ghi kỳ báo cáo của biểu mẫu, ví dụ: thidua templates --period 2023-07")
    period = parse_period(args.period, cfg.reporting.frequency)
    year = cfg.reporting.year
    if period.year not in (year, year - 1):  # the intake counts no other (FILE_PERIOD_OUT_OF_YEAR)
        raise UsageError(
            f"Kỳ {period.label} không thuộc năm thi đua {year} (reporting.year trong config.yaml) hay năm {year - 1} "
            f"(để so sánh cùng kỳ): báo cáo làm từ biểu mẫu này sẽ không được tính. Ví dụ: --period {year}-01."
        )
    folder = args.outputs / "templates" / period.key
    owing = cfg.members_during(period)  # a unit is sent no template for a period it is not a member in
    for unit in owing:
        write_template(cfg, unit, period, folder / template_name(unit, period))
    put_in_place()
    console.print(f"Đã tạo {len(owing)} biểu mẫu {period.label} trong [bold]{folder}[/]")
    if others := [u.short_name for u in cfg.units if u not in owing]:
        console.print(f"Không tạo biểu mẫu cho {', '.join(others)}: không là thành viên trong {period.label}.")
    return Exit.OK


def cmd_check(args: argparse.Namespace, cfg: Config) -> Exit:
    try:
        checked = check_inputs(args, cfg)
    except NothingYet as nothing:  # a cluster that has just begun: nothing is wrong yet
        console.print(str(nothing))
        return Exit.OK
    write_check_outputs(args, cfg, checked)
    put_in_place()
    if args.json:
        print_json(checked.findings)
    else:
        print_findings(checked, args.outputs)
        for unit, text in checked.reminders.items():
            console.print(f"\n[bold]Nhắc nộp báo cáo — {escape(unit)}[/]\n{escape(text)}")
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK


def _template_problems(cfg: Config) -> list[str]:
    from thidua.report.frame import template_path
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
    from thidua.cli.year_commands import year_end_outputs
    from thidua.report.render import write_report
    from thidua.report.year_text import meeting_pending, report_section, scoring_pending
    from thidua.scoring.year import scoring_through
    from thidua.totals.merge import merge
    from thidua.workbooks.summary import write_summary

    if errors := _template_problems(cfg):
        raise UsageError("Chưa lập được báo cáo vì mẫu báo cáo có lỗi:\n" + "\n".join(f"  - {e}" for e in errors))
    checked = check_inputs(args, cfg)
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
    totals = merge(checked, cfg, periods, kind)
    folder = args.outputs / f"{kind}-{period.key}"
    year_files: dict[str, list[Pending]] = {}
    scores = None
    if kind == "nam":  # scored on the data the office's scoring workbook was made on, when it is in inputs/
        scores, year_files = year_end_outputs(
            checked, cfg, scoring_through(checked, cfg) or period, folder, pdf=args.pdf
        )
    extra, meeting, scoring = None, None, []
    if scores is not None:
        checked.findings += scores.findings
        words = cfg.wording()
        extra = (words["scoring_title"], report_section(scores, cfg, words))
        meeting = meeting_pending(scores, words)[0]
        scoring = scoring_pending(scores, cfg, words)
    write_check_outputs(args, cfg, checked)
    write_summary(totals, checked, cfg, folder / "tong-hop.xlsx")
    outline = write_report(totals, cfg, folder / "bao-cao.docx", extra, meeting.date() if meeting else None, scoring)
    written: dict[str, list[Pending]] = {"tong-hop.xlsx": [], "bao-cao.docx": outline.pending, **year_files}
    put_in_place()
    if args.json:
        print_json(checked.findings, {str(placed(folder / name)): pending for name, pending in written.items()})
        return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK
    print_findings(checked, args.outputs)
    console.print("Đã ghi " + ", ".join(f"[bold]{placed(folder / name)}[/]" for name in written))
    print_pending(written)
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK
