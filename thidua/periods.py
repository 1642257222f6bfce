"""Reporting periods (month or quarter), report windows and deadlines; Vietnamese labels."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

ROMAN = ["I", "II", "III", "IV"]
# Deadlines are Vietnamese calendar days; every save time is compared in this zone (tzdata ships it on Windows).
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Report kinds: key → (Vietnamese name, months in the window ending at the period).
KINDS: dict[str, str] = {"thang": "tháng", "quy": "quý", "6thang": "6 tháng", "nam": "năm"}


def vn_today() -> date:
    """Today's date in Vietnam, whatever the machine's own time zone."""
    return datetime.now(VN_TZ).date()


class PeriodError(ValueError):
    """A period string a user typed that is not a valid period; message is Vietnamese."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: a month, or a quarter when the cluster reports quarterly."""

    year: int
    month: int  # last month of the period
    freq: str = "month"

    @property
    def key(self) -> str:
        if self.freq == "quarter":
            return f"{self.year}-Q{self.month // 3}"
        return f"{self.year}-{self.month:02d}"

    @property
    def months(self) -> list[int]:
        return [self.month - 2, self.month - 1, self.month] if self.freq == "quarter" else [self.month]

    @property
    def label(self) -> str:
        if self.freq == "quarter":
            return f"quý {ROMAN[self.month // 3 - 1]} năm {self.year}"
        return f"tháng {self.month} năm {self.year}"

    @property
    def short_label(self) -> str:
        if self.freq == "quarter":
            return f"Quý {ROMAN[self.month // 3 - 1]}/{self.year}"
        return f"T{self.month}/{self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def day_after(self) -> date:
        """The first day after the period: it has ended once this day has come."""
        return self.deadline(1)

    def deadline(self, day: int) -> date:
        """Day `day` of the month after the period ends."""
        y, m = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return date(y, m, day)

    def previous_year(self) -> Period:
        return Period(self.year - 1, self.month, self.freq)


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")


def parse_period(text: str, freq: str = "month") -> Period:
    """'2023-07' (or '2023-Q3' for quarterly clusters) → Period; PeriodError in Vietnamese."""
    text = text.strip()
    if m := _QUARTER.match(text):
        if freq != "quarter":
            raise PeriodError(f"Kỳ “{text}” là một quý, nhưng cấu hình báo cáo theo tháng: hãy ghi dạng 2023-07.")
        return Period(int(m[1]), int(m[2]) * 3, "quarter")
    m = _MONTH.match(text)
    if not m or not 1 <= int(m[2]) <= 12:
        example = "2023-Q3 hoặc 2023-09" if freq == "quarter" else "2023-07"
        raise PeriodError(f"Kỳ báo cáo “{text}” không hợp lệ: hãy ghi năm-tháng, ví dụ {example}.")
    year, month = int(m[1]), int(m[2])
    if freq == "quarter":
        if month % 3:
            raise PeriodError(f"Cấu hình báo cáo theo quý: tháng {month} không phải tháng cuối quý (3, 6, 9, 12).")
        return Period(year, month, "quarter")
    return Period(year, month)


def periods_between(first: Period, last: Period) -> list[Period]:
    step = 3 if last.freq == "quarter" else 1
    out, cur = [], first
    while cur <= last:
        out.append(cur)
        y, m = (cur.year + 1, step) if cur.month + step > 12 else (cur.year, cur.month + step)
        cur = Period(y, m, cur.freq)
    return out


def default_kind(period: Period) -> str:
    """June → 6-month review, December → annual review, quarter end → quarterly, else monthly."""
    if period.month == 12:
        return "nam"
    if period.month == 6:
        return "6thang"
    if period.month % 3 == 0 or period.freq == "quarter":
        return "quy"
    return "thang"


def window(period: Period, kind: str) -> list[Period]:
    """Periods covered by a report of `kind` ending at `period`; PeriodError when they do not fit."""
    span = {"thang": 1, "quy": 3, "6thang": 6, "nam": 12}[kind]
    if kind == "thang" and period.freq == "quarter":
        raise PeriodError("Cấu hình báo cáo theo quý nên không lập được báo cáo tháng.")
    if span > 1 and period.month % span:
        raise PeriodError(
            f"Báo cáo {KINDS[kind]} phải kết thúc ở tháng {', '.join(str(m) for m in range(span, 13, span))};"
            f" kỳ {period.key} không phù hợp."
        )
    first_month = period.month - span + 1
    start_month = first_month + 2 if period.freq == "quarter" else first_month
    return periods_between(Period(period.year, start_month, period.freq), period)


def year_to_date(period: Period) -> list[Period]:
    start = Period(period.year, 3 if period.freq == "quarter" else 1, period.freq)
    return periods_between(start, period)


def window_title(period: Period, kind: str, year: bool = True) -> str:
    """Vietnamese name of the window, e.g. '6 tháng đầu năm 2023', 'quý III năm 2023'; without the year
    ('6 tháng đầu năm', 'quý III') where a title says it once for two windows of the same year."""
    if kind == "nam":
        return f"năm {period.year}"
    if kind == "6thang":
        half = "đầu" if period.month == 6 else "cuối"
        return f"6 tháng {half} năm" + (f" {period.year}" if year else "")
    name = f"quý {ROMAN[period.month // 3 - 1]}" if kind == "quy" else f"tháng {period.month}"
    return name + (f" năm {period.year}" if year else "")


def periods_phrase(keys: list[str], freq: str) -> str:
    """['2023-05', '2023-06'] → 'tháng 5, 6 năm 2023'; ['2024-Q1', '2024-Q2'] → 'quý I, II năm 2024'."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for key in keys:
        period = parse_period(key, freq)
        by_year[period.year].append(period.month)
    word = "quý" if freq == "quarter" else "tháng"
    parts = []
    for year, months in sorted(by_year.items()):
        names = [ROMAN[m // 3 - 1] if freq == "quarter" else str(m) for m in sorted(months)]
        parts.append(f"{word} {', '.join(names)} năm {year}")
    return ", ".join(parts)
