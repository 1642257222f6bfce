"""Findings → a marked-up copy of each unit's own workbook: bad cells coloured, a Vietnamese comment on
each, and a first sheet listing every finding of the file. The copy is made by patching the file's XML
(markup.py: milliseconds, nothing of the unit's file lost); openpyxl is the fallback for files shaped in
a way the patch does not handle."""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.atomic import atomic_path, scratch, sha256_of
from thidua.findings import ERROR, WARNING, Finding
from thidua.intake import workers
from thidua.workbooks.uptodate import Manifest, key

if TYPE_CHECKING:  # markup (and lxml) are imported where a copy is made: a check with nothing new makes none
    from thidua.workbooks.markup import Mark

FEEDBACK_FOLDER = "phan-hoi"
TITLE = "KẾT QUẢ KIỂM TRA BÁO CÁO: các ô cần sửa được tô màu và có ghi chú trong từng sheet"
HEADER = ["Mức độ", "Sheet", "Ô", "Nội dung cần sửa hoặc xem lại", "Mã"]
NOT_FOR_UNIT = {"FILE_SUPERSEDED", "FILE_DUPLICATE", "FILE_LOCK"}  # about the chair's folder, not the unit's work
# Nothing in the file to fix: these are told in the reminders and kiem-tra.xlsx, and alone make no copy.
TIMING = {"SUBMISSION_LATE", "SUBMISSION_UNDATED"}


def summary_rows(findings: list[Finding]) -> list[list[str]]:
    ordered = sorted(findings, key=lambda f: (f.severity != ERROR, f.sheet, len(f.cell), f.cell))
    return [[TITLE], [], HEADER, *([f.severity, f.sheet, f.cell, f.message, f.code] for f in ordered)]


def _marks(findings: list[Finding]) -> dict[str, list[Mark]]:
    from thidua.workbooks.markup import Mark

    out: dict[str, list[Mark]] = defaultdict(list)
    for f in findings:
        if f.sheet and f.cell:
            out[f.sheet].append(Mark(f.cell, f.severity, f.message))
    return out


def _with_openpyxl(findings: list[Finding], source: Path, out: Path, author: str) -> None:
    """The slow path: load the whole workbook, mark it, add the summary in front, save."""
    from openpyxl import load_workbook
    from openpyxl.cell.cell import MergedCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    fills = {ERROR: PatternFill("solid", fgColor="FFC7CE"), WARNING: PatternFill("solid", fgColor="FFEB9C")}
    wb = load_workbook(source)
    for sheet, marks in _marks(findings).items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        for mark in marks:
            cell = ws[mark.cell]
            if isinstance(cell, MergedCell):  # a comment goes on the merged range's top-left cell
                rng = next(r for r in ws.merged_cells.ranges if mark.cell in r)
                cell = ws.cell(rng.min_row, rng.min_col)
            if mark.severity in fills and cell.fill.fgColor.rgb != "FFFFC7CE":
                cell.fill = fills[mark.severity]
            text = f"[{mark.severity.upper()}] {mark.text}"
            cell.comment = Comment(f"{cell.comment.text}\n{text}" if cell.comment else text, author, 160, 360)
    summary = wb.create_sheet("Kết quả kiểm tra", 0)
    for row in summary_rows(findings):
        summary.append(row)
    for row in summary.iter_rows():
        for cell in row:
            cell.font = Font(name="Times New Roman", bold=cell.row in (1, 3), size=13 if cell.row == 1 else 11)
            cell.alignment = Alignment(wrap_text=cell.row > 1, vertical="top")
        if row[0].value in fills:
            row[0].fill = fills[row[0].value]
    for col, width in zip("ABCDE", (11, 14, 8, 80, 22), strict=True):
        summary.column_dimensions[col].width = width
    wb.active = 0
    for sheet in wb.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    wb.save(out)


def _mark_into(findings: list[Finding], source: Path, out: Path, author: str) -> None:
    """Write to `out` a copy of `source` (never modified) with each finding's cell highlighted and commented."""
    from thidua.workbooks.markup import mark_up
    from thidua.workbooks.xlsx_parts import Fallback

    try:
        data = mark_up(source.read_bytes(), _marks(findings), summary_rows(findings), author)
    except Fallback:
        _with_openpyxl(findings, source, out, author)
        return
    out.write_bytes(data)


def write_feedback(findings: list[Finding], source: Path, target: Path, author: str) -> None:
    """The marked-up copy of `source` at `target`, written atomically."""
    with atomic_path(target) as tmp:
        _mark_into(findings, source, tmp, author)


def _write_one(job: tuple[list[Finding], Path, Path], author: str) -> tuple[bool, Path | str]:
    """In a worker: the copy into a scratch file beside its target, whose name goes back to the parent. The
    parent puts it in place, so the copies belong to the command's outputs on every platform (a worker's
    own memory is not the parent's, forked or spawned)."""
    findings, source, target = job
    target.parent.mkdir(parents=True, exist_ok=True)
    with scratch(target.parent, ".xlsx") as path:
        _mark_into(findings, source, path, author)
    return True, path


def _failed(job: tuple[list[Finding], Path, Path], why: str) -> tuple[bool, Path | str]:
    return False, f"{job[1].name} ({why})"


def feedback_jobs(findings: list[Finding], inputs: Path, folder: Path) -> list[tuple[list[Finding], Path, Path]]:
    """(findings, source, target) for each unit file with something to fix in it."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        # A finding with no unit belongs to a unit's file only in the office's own scoring workbook (year).
        if f.file and (f.unit or f.period.isdigit()) and f.period and f.code not in NOT_FOR_UNIT:
            by_file[f.file].append(f)
    return [
        (items, inputs / name, folder / items[0].period / _copy_name(items[0], name))
        for name, items in by_file.items()
        if any(f.code not in TIMING for f in items)
    ]


def _copy_name(finding: Finding, source: str) -> str:
    """<unit>.xlsx for a return; a unit sends several of the year's workbooks (period: the year), so
    theirs keep the file's own name after the unit's code (the office's scoring workbook: its name)."""
    if finding.period.isdigit():
        return "_".join(filter(None, (finding.unit, Path(source).stem))) + ".xlsx"
    return f"{finding.unit}.xlsx"


def write_all_feedback(
    findings: list[Finding],
    inputs: Path,
    folder: Path,
    author: str,
    jobs: int = 2,
    hashes: dict[str, str] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[set[Path], list[str]]:
    """One marked-up copy per unit file with something to fix, at <folder>/<period>/<unit>.xlsx, written
    in worker processes unless the copy there was made from the same file and findings; returns the copies
    there now and the files no copy could be made of (their findings are in the check results all the same).
    `hashes`: each file's SHA-256 as the check read it (by name), so that an unchanged copy costs no reading;
    `meanwhile`: the caller's own work, done while the workers make the copies."""
    manifest = Manifest(folder)
    todo, written, failed = [], set(), []
    for job in feedback_jobs(findings, inputs, folder):
        items, source, target = job
        try:
            sha = (hashes or {}).get(items[0].file) or sha256_of(source)
            made_of = key(sha, [f.as_row() for f in items], author)
        except OSError:
            made_of = ""
        if made_of and manifest.fresh(target, made_of):
            written.add(target)
        else:
            todo.append((job, made_of))
    work = functools.partial(_write_one, author=author)
    for index, (ok, value) in workers.run([job for job, _ in todo], work, _failed, jobs, meanwhile=meanwhile):
        if ok:
            target = todo[index][0][2]
            with atomic_path(target) as tmp:
                os.replace(value, tmp)
            written.add(target)
            manifest.note(target, todo[index][1])
        else:
            failed.append(str(value))
    manifest.save(keep=written)
    return written, failed
