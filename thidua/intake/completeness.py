"""Who owed which report, who sent it on time, late or not yet, and the reminder letters. Deadlines are
Vietnamese calendar days: a submission time (intake/arrival.py: the office's receipt book, the portal's
receipt, else the file's own save time) counts by its date in Vietnam, and a report is owed only once
its deadline day has passed."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.arrival import SAVED, Arrival, Arrivals, said
from thidua.intake.submission import Submission
from thidua.layout import RECEIPT_BOOK
from thidua.periods import Period, periods_between, periods_phrase

TIMELINESS_COLUMNS = ["unit", "period", "label", "short", "status", "deadline", "submitted", "source", "file"]
ON_TIME, LATE, UNDATED = "đúng hạn", "nộp muộn", "chưa rõ ngày nộp"
MISSING, NOT_DUE = "chưa nộp", "chưa đến hạn"
NOT_YET_MEMBER, NO_LONGER_MEMBER = "chưa là thành viên", "không còn là thành viên"
SUBMITTED = (ON_TIME, LATE, UNDATED)
# What each status means, for the legend under every timeliness table.
LEGEND = {
    ON_TIME: "đã nộp trước hoặc trong ngày hạn nộp (ngày Cổng thông tin nhận, ngày ghi trong sổ nhận báo cáo, "
    "hoặc với tệp gửi qua thư: thời điểm lưu ghi trong tệp)",
    LATE: "đã nộp sau ngày hạn nộp (tính như trên)",
    UNDATED: "đã nộp ngoài Cổng thông tin, tệp không ghi thời điểm lưu và chưa có trong sổ nhận báo cáo: chưa "
    "xác định đúng hạn hay muộn",
    MISSING: "đã quá hạn mà chưa nhận được báo cáo",
    NOT_DUE: "chưa nhận được báo cáo nhưng chưa đến hạn nộp",
    NOT_YET_MEMBER: "đơn vị chưa là thành viên trong kỳ này, không phải nộp",
    NO_LONGER_MEMBER: "đơn vị đã thôi là thành viên trong kỳ này, không phải nộp",
}


def expected_periods(through: Period) -> list[Period]:
    first = Period(through.year, 3 if through.freq == "quarter" else 1, through.freq)
    return periods_between(first, through)


def membership(cfg: Config, unit_code: str, period: Period) -> str | None:
    """None for a member in the period, else the status that says why nothing is owed."""
    if cfg.is_member(unit_code, period.first_day, period.day_after):
        return None
    unit = cfg.unit(unit_code)
    return NOT_YET_MEMBER if unit.member_from and unit.member_from >= period.day_after else NO_LONGER_MEMBER


def _status(arrival: Arrival | None, deadline: date, today: date) -> str:
    if arrival is None:
        return NOT_DUE if today <= deadline else MISSING
    if arrival.day is None:
        return UNDATED
    return LATE if arrival.day > deadline else ON_TIME


def _late(period: Period, deadline: date, arrival: Arrival, unit: str, file: str) -> Finding:
    days = ((arrival.day or deadline) - deadline).days
    message = f"Báo cáo {period.label} nộp sau hạn {deadline:%d/%m/%Y} {days} ngày ({said(arrival)})."
    if arrival.source != SAVED and arrival.saved and arrival.saved.date() <= deadline:
        message += (
            f" Tệp ghi lưu ngày {arrival.saved:%d/%m/%Y}, trong hạn, nhưng ngày nộp là ngày nhận được tệp, không phải "
            "ngày lưu."
        )
    return Finding("SUBMISSION_LATE", message, unit, period.key, file)


def _finding(
    status: str, period: Period, deadline: date, sub: Submission | None, arrival: Arrival | None
) -> Finding | None:
    file = sub.book.name if sub else ""
    unit = sub.unit if sub else ""
    if status == LATE and sub and arrival:
        return _late(period, deadline, arrival, unit, file)
    if status == UNDATED:
        message = (
            f"Không rõ thời điểm nộp báo cáo {period.label}: tệp gửi ngoài Cổng thông tin, không ghi thời điểm lưu "
            "(thường do phần mềm khác Excel tạo) và chưa có trong sổ nhận báo cáo, nên chưa xác định được nộp đúng "
            f"hạn hay muộn (hạn {deadline:%d/%m/%Y}); hãy ghi ngày nhận thực tế vào sổ nhận báo cáo "
            f"({RECEIPT_BOOK}) trong thư mục báo cáo."
        )
        return Finding("SUBMISSION_UNDATED", message, unit, period.key, file)
    return None


def _missing(period: Period, deadline: date, unit: str) -> Finding:
    message = f"Chưa nhận được báo cáo {period.label} (hạn {deadline:%d/%m/%Y})."
    return Finding("SUBMISSION_MISSING", message, unit, period.key)


def timeliness(
    cfg: Config, first: list[Submission], when: Arrivals, through: Period, today: date
) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Every report owed (member units × periods up to `through`) against what was received, and when:
    `first` is the earliest copy of each unit and period (a later correction is not a late report)."""
    got = {(s.unit, s.period.key): s for s in first}
    rows, findings = [], []
    for period in expected_periods(through):
        deadline = period.deadline(cfg.reporting.deadline_day)
        for unit in cfg.units:
            if membership(cfg, unit.code, period):
                continue
            sub = got.get((unit.code, period.key))
            arrival = when[sub.book.name] if sub else None
            status = _status(arrival, deadline, today)
            submitted, source = (arrival.at, arrival.source) if arrival else (None, "")
            file = sub.book.name if sub else ""
            values = (
                unit.code,
                period.key,
                period.label,
                period.short_label,
                status,
                deadline,
                submitted,
                source,
                file,
            )
            rows.append(dict(zip(TIMELINESS_COLUMNS, values, strict=True)))
            if status == MISSING:
                findings.append(_missing(period, deadline, unit.code))
            elif finding := _finding(status, period, deadline, sub, arrival):
                findings.append(finding)
    return rows, findings


def _portal_line(cfg: Config) -> str:
    """Where the unit can submit instead of by e-mail, when the portal is reachable by units (its address is
    not this machine's own)."""
    host = cfg.portal.base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if host in ("127.0.0.1", "localhost", "::1", ""):
        return ""
    return (
        f" Đơn vị có thể nộp ngay trên Cổng thông tin tại {cfg.portal.base_url.rstrip('/')} bằng đường liên kết "
        "riêng của đơn vị (biểu mẫu tải tại đó; kết quả kiểm tra hiện ngay khi nộp)."
    )


def reminders(cfg: Config, table: list[dict[str, Any]], today: date) -> dict[str, str]:
    """A ready-to-send Vietnamese reminder per unit whose report is past its deadline and not received:
    the periods as a secretary writes them ("tháng 5, 6 năm 2023"), with the portal's address when units
    can use it."""
    owed: dict[str, list[str]] = {}
    for row in table:
        if row["status"] == MISSING:
            owed.setdefault(str(row["unit"]), []).append(str(row["period"]))
    out = {}
    for unit_code, periods in owed.items():
        unit = cfg.unit(unit_code)
        which = periods_phrase(periods, cfg.reporting.frequency)
        out[unit.code] = (
            f"Kính gửi: {unit.name}.\n"
            f"Đến ngày {today:%d/%m/%Y}, Văn phòng {cfg.cluster.short_name} chưa nhận được báo cáo kết quả thi đua "
            f"{which} của đơn vị (hạn nộp ngày {cfg.reporting.deadline_day} của tháng sau kỳ báo cáo). "
            f"Đề nghị đơn vị điền biểu mẫu đã được gửi và gửi về Văn phòng {cfg.cluster.word} trong thời gian sớm "
            f"nhất.{_portal_line(cfg)}\n"
            "Trân trọng cảm ơn."
        )
    return out
