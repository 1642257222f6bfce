"""Several files for one unit and period: which one counts, and exactly what changed between them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from thidua import layout
from thidua.findings import Finding
from thidua.intake.arrival import Arrivals, order_key, said
from thidua.intake.submission import Submission
from thidua.numbers import fmt_number

DIFF_COLUMNS = ["unit", "period", "old_file", "new_file", "sheet", "cell", "old", "new"]
_COMMENDATION_COLUMNS = ("form", "level", "collectives", "individuals", "note")


@dataclass
class Choice:
    """One submission chosen per unit and period (with or without errors) and the diffs of replaced ones."""

    chosen: list[Submission]
    diffs: list[dict[str, str]]  # DIFF_COLUMNS
    findings: list[Finding]
    first: list[Submission]  # the earliest copy per unit and period: lateness is judged on it


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return fmt_number(value, 10)  # full precision: 123.456,78 → 123.456,83 is a change
    return "" if value is None else str(value)


def cells(sub: Submission) -> dict[tuple[str, str], Any]:
    """Every value the unit typed that thidua reads, by (sheet, cell), as read (numbers unrounded)."""
    out: dict[tuple[str, str], Any] = {(layout.SHEET_FIGURES, f["cell"]): f["value"] for f in sub.figures}
    out |= {(layout.SHEET_FIGURES, f["note_cell"]): f["note"] for f in sub.figures if f["note"]}
    out |= {(layout.SHEET_NARRATIVES, n["cell"]): n["text"] for n in sub.narratives}
    for com in sub.commendations:
        columns = zip(_COMMENDATION_COLUMNS, layout.COM_COLUMNS, strict=True)
        out |= {(layout.SHEET_COMMENDATIONS, layout.a1(com["row"], col)): com[key] for key, col in columns}
    return out


def _cell_order(key: tuple[str, str]) -> tuple[str, int, str]:
    sheet, cell = key
    letters = cell.rstrip("0123456789")
    return (sheet, int(cell[len(letters) :] or 0), letters)


def diff(old: Submission, new: Submission) -> list[dict[str, str]]:
    """Cells whose content differs between two submissions of the same unit and period."""
    before, after = cells(old), cells(new)
    return [
        {
            "unit": new.unit,
            "period": new.period.key,
            "old_file": old.book.name,
            "new_file": new.book.name,
            "sheet": key[0],
            "cell": key[1],
            "old": _shown(before.get(key)),
            "new": _shown(after.get(key)),
        }
        for key in sorted(before.keys() | after.keys(), key=_cell_order)
        if before.get(key) != after.get(key)
    ]


def _superseded(other: Submission, winner: Submission, changes: list[dict[str, str]], when: Arrivals) -> Finding:
    shown = "; ".join(f"{c['sheet']}!{c['cell']}: “{c['old']}” → “{c['new']}”" for c in changes[:4])
    more = f" và {len(changes) - 4} ô khác" if len(changes) > 4 else ""
    what = f"Khác nhau ở {len(changes)} ô: {shown}{more}." if changes else "(nội dung không đổi)."
    undated = [s.book.name for s in (other, winner) if when[s.book.name].at is None]
    order = (
        f" Tệp “{'”, “'.join(undated)}” không rõ thời điểm nộp (gửi ngoài Cổng thông tin, không có trong sổ nhận "
        "báo cáo, không ghi thời điểm lưu) nên thứ tự gửi được xác định theo thời điểm tệp được chép vào máy; "
        f"nếu chọn sai bản, hãy ghi ngày nhận vào sổ nhận báo cáo ({layout.RECEIPT_BOOK})."
        if undated
        else ""
    )
    return Finding(
        "FILE_SUPERSEDED",
        f"Đã có bản gửi sau “{winner.book.name}” ({said(when[winner.book.name])}) nên bản này "
        f"({said(when[other.book.name])}) không được dùng. {what}{order}",
        other.unit,
        other.period.key,
        other.book.name,
    )


def choose(subs: list[Submission], when: Arrivals) -> Choice:
    """Rule (one for the CLI, the portal and the reports): per unit and period the copy submitted last
    counts, by intake/arrival.py's order; identical copies are counted once. The earliest copy is kept
    too: a correction sent after the deadline does not make a report that arrived on time late."""
    groups: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for sub in subs:
        groups[(sub.unit, sub.period.key)].append(sub)
    chosen, rows, findings, first = [], [], [], []
    for group in groups.values():
        group.sort(key=lambda s: order_key(s.book, when[s.book.name]))
        winner = group[-1]
        chosen.append(winner)
        first.append(group[0])
        for other in group[:-1]:
            if other.book.sha256 == winner.book.sha256:
                message = f"Giống hệt tệp “{winner.book.name}”; chỉ tính một lần."
                findings.append(Finding("FILE_DUPLICATE", message, other.unit, other.period.key, other.book.name))
                continue
            changes = diff(other, winner)
            rows += changes
            findings.append(_superseded(other, winner, changes, when))
    return Choice(sorted(chosen, key=lambda s: (s.period, s.unit)), rows, findings, first)
