"""The findings on the console: as a table on a wide terminal, as one short block per finding on a narrow
one (Windows' console is 120 columns wide, where seven columns leave the message, the part a secretary
reads, a column of two words a line and cut codes in half). At most CONSOLE_LIMIT findings, or only
errors beyond it; what is left out is counted by code, and the full list is in kiem-tra.xlsx."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

from rich.table import Table
from rich.text import Text

from thidua.cli.common import console
from thidua.findings import ERROR, INFO, WARNING, Finding, ordered

CONSOLE_LIMIT = 60  # beyond this, only errors are listed; every finding is in kiem-tra.xlsx
WIDE = 140  # columns from which the table leaves the message room to read
STYLES = {ERROR: "red", WARNING: "yellow"}  # information: dim
NBSP = "\u00a0"


def print_findings(findings: list[Finding], outputs: Path) -> None:
    findings = ordered(findings)
    if not findings:
        console.print("[green]Không phát hiện vấn đề nào.[/]")
        return
    shown = findings if len(findings) <= CONSOLE_LIMIT else [f for f in findings if f.severity == ERROR]
    printed = shown[: CONSOLE_LIMIT * 4]  # a prefix of `findings`: errors come first
    by_unit: dict[str, list[Finding]] = {}
    for f in printed:
        by_unit.setdefault(f.unit, []).append(f)
    if console.width >= WIDE:
        console.print(_table(by_unit))
    else:
        _blocks(by_unit)
    if left := findings[len(printed) :]:
        listed = ", ".join(f"{code} {n}" for code, n in Counter(f.code for f in left).most_common())
        errors = sum(f.severity == ERROR for f in left)
        others = f"{len(left) - errors} cảnh báo, thông tin"
        what = others if not errors else f"{errors} lỗi" if errors == len(left) else f"{errors} lỗi và {others}"
        console.print(f"Còn {what} không in ở đây ({listed}); xem đủ trong {outputs / 'kiem-tra.xlsx'}.")
    counts = Counter(f.severity for f in findings)
    console.print(f"Tổng cộng: {counts[ERROR]} {ERROR}, {counts[WARNING]} {WARNING}, {counts[INFO]} {INFO}.")


def _where(f: Finding) -> str:
    return f"{f.sheet}!{f.cell}" if f.cell else f.sheet


def _table(by_unit: dict[str, list[Finding]]) -> Table:
    """One table, a section per unit: rich lays out each table on its own, and thirty tables cost a
    noticeable part of a second. Cells as Text, not markup: a message quotes what a unit typed, which may
    hold "[/]" or "[bold]" (and reading markup in 400 cells costs more than laying the table out)."""
    table = Table(show_lines=False)
    for label in ("Đơn vị", "Mức độ", "Mã", "Kỳ", "Tệp", "Ô", "Nội dung"):
        table.add_column(label, overflow="fold")
    for unit, rows in by_unit.items():
        for n, f in enumerate(rows):
            name = (unit or "(chưa xác định)") if n == 0 else ""
            texts = (name, f.severity, f.code, f.period, f.file, _where(f), f.message)
            cells = [Text(t, style=STYLES.get(f.severity, "dim") if k == 1 else "") for k, t in enumerate(texts)]
            table.add_row(*cells, end_section=n == len(rows) - 1)
    return table


def _blocks(by_unit: dict[str, list[Finding]]) -> None:
    """Per unit, each finding as a line saying what and where, then its message wrapped under it:
    "  lỗi CELL_NOT_NUMBER · kỳ 2023-07 · tệp BC T7.xlsx · ô Số liệu!D8". Wrapped here (textwrap, at spaces,
    one column short of the edge, where some consoles add a blank line) rather than by rich, which pads every
    wrapped line to the width with spaces a clerk's copy and paste would carry along."""
    width = max(console.width - 1, 40)
    for unit, rows in by_unit.items():
        console.print(Text(unit or "(chưa xác định)", style="bold"), soft_wrap=True)
        for f in rows:
            places = [f"kỳ {f.period}" if f.period else "", f"tệp {f.file}" if f.file else ""]
            places.append(f"ô {_where(f)}" if f.cell else f"sheet {f.sheet}" if f.sheet else "")
            # A place is never split (a file's name has spaces): its spaces are kept from textwrap until after.
            what = " · ".join([f"{f.severity} {f.code}", *(p.replace(" ", NBSP) for p in places if p)])
            head = Text("\n".join(line.replace(NBSP, " ") for line in _wrapped(what, width, "  ", "      ")))
            head.stylize(STYLES.get(f.severity, "dim"), 2, 2 + len(f.severity))
            console.print(head, soft_wrap=True)
            console.print(Text("\n".join(_wrapped(f.message, width, "    ", "    "))), soft_wrap=True)


def _wrapped(text: str, width: int, first: str, then: str) -> list[str]:
    """`text` in lines of at most `width` (a word longer than a line keeps its own), `first` before the first
    line and `then` before the others."""
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=then, break_long_words=False, break_on_hyphens=False
    )
