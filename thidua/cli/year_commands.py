"""The year's commands: registration workbooks, the pact, self-scoring workbooks; and the year-end
documents `run` adds to the annual report (scoring workbook, minutes, proposal letter, pact)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.batch import placed
from thidua.cli.common import Exit, UsageError, console, print_json, print_pending, put_in_place
from thidua.config import Config
from thidua.findings import has_errors
from thidua.periods import Period, parse_period

if TYPE_CHECKING:  # the scoring stack is imported only when a year end is written
    from thidua.intake.check import Checked
    from thidua.report.pending import Pending
    from thidua.scoring.year import Scores


def _needs(cfg: Config, part: str) -> None:
    if cfg.year_end is None or getattr(cfg.year_end, part, None) is None:
        raise UsageError(f"config.yaml chưa có mục year_end.{part}; xem README, mục “Cả năm thi đua”.")


def cmd_registration(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.workbooks.registration import registration_name, write_registration

    year = cfg.reporting.year
    folder = args.outputs / f"dang-ky-{year}"
    for unit in cfg.units:
        if cfg.is_member(unit.code, date(year, 1, 1), date(year + 1, 1, 1)):
            write_registration(cfg, unit, folder / registration_name(unit, year))
    put_in_place()
    console.print(f"Đã tạo bản đăng ký thi đua năm {year} cho các đơn vị trong [bold]{folder}[/]")
    return Exit.OK


def cmd_profile(args: argparse.Namespace, cfg: Config) -> Exit:
    """Each member's profile workbook, pre-filled with the copy it already sent, else with config.yaml."""
    from thidua.cli.checking import check_inputs
    from thidua.intake.profile import profile_of
    from thidua.workbooks.profile import profile_name, write_profile

    args.json, args.period = False, None
    checked = check_inputs(args, cfg, allow_empty=True)
    year = cfg.reporting.year
    folder = args.outputs / f"ho-so-{year}"
    for unit in cfg.units:
        if cfg.is_member(unit.code, date(year, 1, 1), date(year + 1, 1, 1)):
            profile, awards, _ = profile_of(checked.documents, unit)
            write_profile(cfg, unit, profile, awards, folder / profile_name(unit, year))
    put_in_place()
    console.print(f"Đã tạo hồ sơ đơn vị năm {year} (mục I và III của báo cáo thành tích) trong [bold]{folder}[/]")
    return Exit.OK


def cmd_pact(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.cli.checking import check_inputs, print_findings

    _needs(cfg, "pact")
    checked = check_inputs(args, cfg, allow_empty=True)
    target = args.outputs / f"giao-uoc-{cfg.reporting.year}" / "giao-uoc.docx"
    pending = write_pact_file(checked, cfg, target)
    put_in_place()
    print_findings(checked, args.outputs)
    console.print(f"Đã ghi [bold]{placed(target)}[/]")
    print_pending({target.name: pending})
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK


def write_pact_file(checked: Checked, cfg: Config, target: Path) -> list[Pending]:
    from thidua.report.pact import write_pact

    return write_pact(checked, cfg, target)


def _through(args: argparse.Namespace, cfg: Config, checked: Checked) -> Period:
    if args.period:
        period = parse_period(args.period, cfg.reporting.frequency)
        if period.year != cfg.reporting.year:
            raise UsageError(f"Kỳ {period.label} không thuộc năm thi đua {cfg.reporting.year} (reporting.year).")
        return period
    if checked.through is None:
        raise UsageError(f"Chưa có báo cáo nào của năm {cfg.reporting.year} trong “{args.inputs}”.")
    return checked.through


def cmd_score(args: argparse.Namespace, cfg: Config) -> Exit:
    """The year-end dossier before December's returns are in (dossiers are due about 10 December): score on
    the data up to --period, or up to the period of the office's scoring workbook already in inputs/."""
    from thidua.cli.checking import check_inputs, print_findings, write_check_outputs
    from thidua.scoring.year import scoring_through

    _needs(cfg, "scoring")
    checked = check_inputs(args, cfg)
    through = (None if args.period else scoring_through(checked, cfg)) or _through(args, cfg, checked)
    folder = args.outputs / f"cham-diem-{cfg.reporting.year}"
    scores, written = year_end_outputs(checked, cfg, through, folder, pact=False, pdf=args.pdf)
    checked.findings += scores.findings if scores else []
    write_check_outputs(args, cfg, checked)
    put_in_place()
    if args.json:
        print_json(checked.findings, {str(placed(folder / name)): pending for name, pending in written.items()})
        return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK
    print_findings(checked, args.outputs)
    names = ", ".join(f"[bold]{placed(folder / name)}[/]" for name in written)
    console.print(f"Đã chấm điểm trên số liệu đến {through.label}; đã ghi {names}")
    print_pending(written)
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK


def cmd_self_score(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.cli.checking import check_inputs, print_findings
    from thidua.scoring.year import score_year
    from thidua.workbooks.self_score import self_score_name, write_self_score

    _needs(cfg, "scoring")
    checked = check_inputs(args, cfg)
    through = _through(args, cfg, checked)
    scores = score_year(checked, cfg, through)
    folder = args.outputs / f"tu-cham-{cfg.reporting.year}"
    for u in scores.units:
        write_self_score(
            cfg, cfg.unit(u.unit), u.lines, through.label, folder / self_score_name(cfg.unit(u.unit), scores.year)
        )
    put_in_place()
    print_findings(checked, args.outputs)
    console.print(f"Đã tạo bảng tự chấm điểm (số liệu đến {through.label}) trong [bold]{folder}[/]")
    return Exit.FINDINGS if has_errors(checked.findings) else Exit.OK


def year_end_outputs(
    checked: Checked, cfg: Config, period: Period, folder: Path, pact: bool = True, pdf: bool = False
) -> tuple[Scores | None, dict[str, list[Pending]]]:
    """Score the year on the data up to `period`; write cham-diem.xlsx, the minutes, each proposed
    collective's báo cáo thành tích, then the proposal letter (a draft while any of them is), the dossier
    (folder + zip, PDFs when `pdf`) and (with the annual report) the pact; returns the Scores (their findings
    join the run's; None when scoring is not configured) and each file written with what keeps it a draft."""
    if cfg.year_end is None or cfg.year_end.scoring is None:
        return None, {}
    from thidua.report.minutes import write_minutes
    from thidua.scoring.year import score_year
    from thidua.workbooks.scoring_book import write_scoring_book

    scores = score_year(checked, cfg, period)
    write_scoring_book(cfg, scores, folder / "cham-diem.xlsx")
    written = {"cham-diem.xlsx": [], "bien-ban.docx": write_minutes(scores, cfg, folder / "bien-ban.docx")}
    if cfg.year_end.proposal:
        written |= _dossier(checked, cfg, scores, folder, written["bien-ban.docx"], pdf)
    if pact and cfg.year_end.pact:
        written["giao-uoc.docx"] = write_pact_file(checked, cfg, folder / "giao-uoc.docx")
    return scores, written


def _dossier(
    checked: Checked, cfg: Config, scores: Scores, folder: Path, minutes: list[Pending], pdf: bool
) -> dict[str, list[Pending]]:
    """The báo cáo thành tích of each collective the meeting carried (every candidate, as drafts, before
    the vote), on the year's figures to the period the scores stand on; the tờ trình, which sends them;
    then the dossier folder and zip."""
    from thidua.cli.dossier import Paper, write_dossier
    from thidua.intake.profile import profile_of
    from thidua.periods import year_to_date
    from thidua.report.achievement import Standing, confirmer, write_achievement
    from thidua.report.minutes_facts import meeting_signers
    from thidua.report.proposal import proposal_date, write_proposal
    from thidua.report.year_text import proposed
    from thidua.totals.merge import merge

    words = cfg.wording()
    totals = merge(checked, cfg, year_to_date(scores.through), "nam")  # January to the scored period
    issued = proposal_date(scores, cfg)
    minutes_label = words["proposal_attached_minutes"].format(year=scores.year)
    reports = []
    for candidate in proposed(scores):
        unit = cfg.unit(candidate.unit)
        target = folder / f"bao-cao-thanh-tich-{unit.code.lower()}.docx"
        standing = Standing(*profile_of(checked.documents, unit))
        waiting = write_achievement(totals, cfg, unit, standing, candidate.award.name, issued, target)
        label = words["proposal_attached_report"].format(name=unit.name)
        confirmation = confirmer(cfg, unit, words)
        signers = words["dossier_report_signed"].format(unit=unit.short_name, confirmer=confirmation.who)
        names = (standing.profile.head_name or unit.head_name, confirmation.name)
        role = f"bao-cao-thanh-tich-{unit.code.lower()}"
        reports.append(Paper(label, role, target, signers, waiting, tuple(n for n in names if n)))
    attachments = {minutes_label: minutes} | {paper.label: paper.pending for paper in reports}
    proposal = write_proposal(scores, cfg, folder / "to-trinh.docx", attachments)
    papers = [
        Paper(
            words["dossier_proposal_label"],
            "to-trinh",
            folder / "to-trinh.docx",
            words["dossier_proposal_signed"].format(head=cfg.report.signer.title.capitalize()),
            proposal,
            tuple(n for n in (cfg.report.signer.name,) if n),
            attachment=False,
        ),
        Paper(
            minutes_label,
            "bien-ban",
            folder / "bien-ban.docx",
            words["dossier_minutes_signed"],
            minutes,
            meeting_signers(scores.facts),
        ),
        *reports,
    ]
    code, year = cfg.cluster.file_code, scores.year
    name = f"ho-so-khen-thuong-{code}-{year}"
    made = write_dossier(year, code, cfg.cluster.name, folder / name, papers, pdf, words, cfg.signing)
    if made.pdf_note:
        console.print(f"[yellow]{made.pdf_note}[/]")
    if made.kept_signed:
        console.print(words["dossier_kept_signed"].format(files=", ".join(made.kept_signed)))
    for file, why in made.remade_signed:
        console.print(f"[yellow]{words[f'dossier_signed_{why}'].format(file=file)}[/]")
    archive = made.archive
    own = {paper.source.name: paper.pending for paper in reports}
    return {"to-trinh.docx": proposal} | own | {archive.name: []}
