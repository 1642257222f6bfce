"""Submissions → which file counts per unit and period, what changed on resubmission, who is late or missing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.submission import Submission
from thidua.layout import SHEET_FIGURES, SHEET_NARRATIVES
from thidua.periods import Period, periods_between

TIMELINESS_COLUMNS = ["unit", "period", "label", "short", "status", "deadline", "saved", "file"]
ON_TIME, LATE, MISSING = "đúng hạn", "nộp muộn", "chưa nộp"


@dataclass
class Choice:
    """One submission chosen per unit and period (with or without errors) and the diffs of replaced ones."""

    chosen: list[Submission]
    diffs: pd.DataFrame
    findings: list[Finding]


def _order_key(sub: Submission) -> tuple[datetime, str]:
    return (sub.book.saved or datetime.min, sub.book.name)


def _cells(sub: Submission) -> dict[tuple[str, str], str]:
    out = {(SHEET_FIGURES, f["cell"]): f"{f['value']:g}" for f in sub.figures}
    out |= {(SHEET_FIGURES, f["note_cell"]): f["note"] for f in sub.figures if f["note"]}
    out |= {(SHEET_NARRATIVES, n["cell"]): n["text"] for n in sub.narratives}
    return out


def diff(old: Submission, new: Submission) -> list[dict[str, str]]:
    """Cells whose content differs between two submissions of the same unit and period."""
    a, b = _cells(old), _cells(new)
    return [
        {
            "unit": new.unit,
            "period": new.period.key,
            "old_file": old.book.name,
            "new_file": new.book.name,
            "sheet": sheet,
            "cell": cell,
            "old": a.get((sheet, cell), ""),
            "new": b.get((sheet, cell), ""),
        }
        for sheet, cell in sorted(a.keys() | b.keys())
        if a.get((sheet, cell)) != b.get((sheet, cell))
    ]


def choose(subs: list[Submission]) -> Choice:
    """Rule: per unit and period the most recently saved file counts (ties: the later path name);
    identical copies are counted once."""
    groups: dict[tuple[str, str], list[Submission]] = defaultdict(list)
    for sub in subs:
        groups[(sub.unit, sub.period.key)].append(sub)
    chosen, rows, findings = [], [], []
    for group in groups.values():
        group.sort(key=_order_key)
        winner = group[-1]
        chosen.append(winner)
        for other in group[:-1]:
            if other.book.sha256 == winner.book.sha256:
                findings.append(
                    Finding(
                        "FILE_DUPLICATE",
                        f"Giống hệt tệp “{winner.book.name}”; chỉ tính một lần.",
                        other.unit,
                        other.period.key,
                        other.book.name,
                    )
                )
                continue
            changes = diff(other, winner)
            rows += changes
            shown = "; ".join(f"{c['sheet']}!{c['cell']}: “{c['old']}” → “{c['new']}”" for c in changes[:4])
            more = f" và {len(changes) - 4} ô khác" if len(changes) > 4 else ""
            findings.append(
                Finding(
                    "FILE_SUPERSEDED",
                    f"Đã có bản gửi sau “{winner.book.name}” nên bản này không được dùng. "
                    f"Khác nhau ở {len(changes)} ô: {shown}{more}."
                    if changes
                    else f"Đã có bản gửi sau “{winner.book.name}” (nội dung không đổi) nên bản này không được dùng.",
                    other.unit,
                    other.period.key,
                    other.book.name,
                )
            )
    cols = ["unit", "period", "old_file", "new_file", "sheet", "cell", "old", "new"]
    return Choice(sorted(chosen, key=lambda s: (s.period, s.unit)), pd.DataFrame(rows, columns=cols), findings)


def expected_periods(cfg: Config, through: Period) -> list[Period]:
    first = Period(through.year, 3 if through.freq == "quarter" else 1, through.freq)
    return periods_between(first, through)


def _member(cfg: Config, unit_code: str, period: Period) -> bool:
    return cfg.is_member(unit_code, period.first_day, period.day_after)


def timeliness(cfg: Config, chosen: list[Submission], through: Period) -> tuple[pd.DataFrame, list[Finding]]:
    """Expected (member units × periods up to `through`) against received and on time."""
    got = {(s.unit, s.period.key): s for s in chosen}
    rows, findings = [], []
    for period in expected_periods(cfg, through):
        deadline = period.deadline(cfg.reporting.deadline_day)
        for unit in cfg.units:
            if not _member(cfg, unit.code, period):
                continue
            sub = got.get((unit.code, period.key))
            saved = sub.book.saved if sub else None
            status = MISSING if sub is None else (LATE if saved and saved.date() > deadline else ON_TIME)
            rows.append(
                {
                    "unit": unit.code,
                    "period": period.key,
                    "label": period.label,
                    "short": period.short_label,
                    "status": status,
                    "deadline": deadline,
                    "saved": saved,
                    "file": sub.book.name if sub else "",
                }
            )
            if status == LATE and saved:
                days = (saved.date() - deadline).days
                findings.append(
                    Finding(
                        "SUBMISSION_LATE",
                        f"Báo cáo {period.label} lưu ngày {saved:%d/%m/%Y}, sau hạn {deadline:%d/%m/%Y} {days} ngày.",
                        unit.code,
                        period.key,
                        sub.book.name if sub else "",
                    )
                )
            elif status == MISSING:
                findings.append(
                    Finding(
                        "SUBMISSION_MISSING",
                        f"Chưa nhận được báo cáo {period.label} (hạn {deadline:%d/%m/%Y}).",
                        unit.code,
                        period.key,
                    )
                )
    return pd.DataFrame(rows, columns=TIMELINESS_COLUMNS), findings


def reminders(cfg: Config, table: pd.DataFrame, today: date) -> dict[str, str]:
    """A ready-to-send Vietnamese reminder per unit that still owes a report."""
    out = {}
    for unit_code, rows in table[table["status"] == MISSING].groupby("unit", sort=False):
        unit = cfg.unit(str(unit_code))
        labels = ", ".join(rows["label"])
        out[unit.code] = (
            f"Kính gửi: {unit.name}.\n"
            f"Đến ngày {today:%d/%m/%Y}, Văn phòng {cfg.cluster.short_name} chưa nhận được báo cáo kết quả thi đua "
            f"{labels} của đơn vị (hạn nộp ngày {cfg.reporting.deadline_day} của tháng sau kỳ báo cáo). "
            f"Đề nghị đơn vị điền biểu mẫu đã được gửi và gửi về Văn phòng {cfg.cluster.word} trong thời gian sớm "
            "nhất.\n"
            "Trân trọng cảm ơn."
        )
    return out
