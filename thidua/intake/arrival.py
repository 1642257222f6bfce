"""When each file was submitted, and on whose word: the one time that decides timeliness and which copy
counts, for the CLI, the portal and the reports alike.

A file's own save time (docProps/core.xml) is written by whoever sent it, so it is the last resort:
1. the office's record: the date the secretary wrote in the receipt book (layout.RECEIPT_BOOK) for a file
   that came by e-mail or on paper;
2. the portal's receipt: the server clock when the upload arrived, written into the stored file's name
   by the portal itself (cong-thong-tin/<period>/<YYYYMMDD-HHMMSS>_…); when the office uploads a file that
   came by e-mail, the day it says the e-mail arrived is written there too (…_nhan-<YYYYMMDD>_…) and is
   the office's record of it;
3. the save time inside the file, when it is plausible: not after today, not before the period began,
   not after the file was received;
4. nothing: the report is submitted but when is unknown, and the office is asked to record it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from thidua import layout
from thidua.findings import Finding
from thidua.intake.read import RawBook
from thidua.periods import VN_TZ

OFFICE, DECLARED, PORTAL, SAVED, UNKNOWN = "office", "declared", "portal", "saved", "unknown"
_PORTAL_NAME = re.compile(rf"^{layout.PORTAL_FOLDER}/[^/]+/(\d{{8}}-\d{{6}})_(?:{layout.DECLARED_MARK}(\d{{8}})_)?")
_NEVER = datetime.min.replace(tzinfo=VN_TZ)
# A save time this long after the portal or the office received the file cannot be true.
CLOCK_SLACK = timedelta(hours=1)


@dataclass(frozen=True)
class Arrival:
    at: datetime | None  # Vietnam time; None when nothing says when the file came
    source: str  # OFFICE (receipt book), DECLARED (the office's date on a portal upload), PORTAL, SAVED, UNKNOWN
    saved: datetime | None = None  # the file's own save time, when plausible (shown beside the receipt)

    @property
    def day(self) -> date | None:
        return self.at.date() if self.at else None


Receipts = dict[str, datetime]  # file name as in findings (path under inputs/) → when the office received it
Arrivals = dict[str, Arrival]  # file name → when it was submitted, on whose word


def portal_receipt(name: str) -> tuple[datetime | None, datetime | None]:
    """What the portal wrote into the name of a file it stored: (its receipt time, the day the office said
    the file reached it by e-mail, at the end of that day), each None when absent."""
    if not (match := _PORTAL_NAME.match(name)):
        return None, None
    try:
        received = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=VN_TZ)
        declared = datetime.strptime(match[2] + "235959", "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ) if match[2] else None
    except ValueError:
        return None, None
    return received, declared


def _implausible(book: RawBook, received: datetime | None, earliest: date | None, today: date) -> str:
    """Why the file's save time cannot be believed, or ''."""
    saved = book.saved
    if saved is None:
        return ""
    if saved.date() > today:
        return f"sau ngày hôm nay ({today:%d/%m/%Y})"
    if received is not None and saved > received + CLOCK_SLACK:
        return f"sau lúc tệp được nhận ({received:%H:%M ngày %d/%m/%Y})"
    if earliest is not None and saved.date() < earliest:
        return f"trước khi kỳ báo cáo bắt đầu ({earliest:%d/%m/%Y})"
    return ""


def arrival_of(
    book: RawBook, receipts: Receipts, earliest: date | None, today: date, unit: str = "", period: str = ""
) -> tuple[Arrival, list[Finding]]:
    """The file's submission time and its source; a save time that cannot be true is a finding and is
    never used (neither for timeliness nor to choose the copy that counts)."""
    portal, declared = portal_receipt(book.name)
    received, source = receipts.get(book.name), OFFICE
    if received is None:
        received, source = (declared, DECLARED) if declared else (portal, PORTAL)
    findings = []
    saved = book.saved
    if why := _implausible(book, received, earliest, today):
        message = (
            f"Tệp ghi thời điểm lưu {book.saved:%H:%M ngày %d/%m/%Y}, {why}; thời điểm này không được dùng để xét "
            "nộp đúng hạn hay chọn bản được tính."
        )
        findings.append(Finding("SAVE_TIME_IMPLAUSIBLE", message, unit, period, book.name))
        saved = None
    if received is not None:
        return Arrival(received, source, saved), findings
    if saved is not None:
        return Arrival(saved, SAVED, saved), findings
    return Arrival(None, UNKNOWN), findings


def order_key(book: RawBook, arrival: Arrival) -> tuple[datetime, datetime, str]:
    """The copy submitted last counts: by submission time (a copy with none is placed by when it was
    copied here, the only hint left), then by its save time, then by name."""
    return (arrival.at or book.received or _NEVER, arrival.saved or _NEVER, book.name)


def said(arrival: Arrival) -> str:
    """When and on whose word, as a clause: 'Cổng thông tin nhận lúc 14:05 ngày 25/07/2023'."""
    if arrival.at is None:
        return "chưa rõ thời điểm nộp"
    if arrival.source == PORTAL:
        return f"Cổng thông tin nhận lúc {arrival.at:%H:%M ngày %d/%m/%Y}"
    if arrival.source == OFFICE:
        return f"Văn phòng nhận ngày {arrival.at:%d/%m/%Y}, theo sổ nhận báo cáo"
    if arrival.source == DECLARED:
        return f"Văn phòng nhận qua thư điện tử ngày {arrival.at:%d/%m/%Y}"
    return f"lưu lúc {arrival.at:%H:%M ngày %d/%m/%Y}, theo thời điểm lưu ghi trong tệp"
