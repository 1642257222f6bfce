"""One unit's returned workbook as read so far: who, which period, what it says, what is wrong with it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from thidua import layout
from thidua.findings import Finding
from thidua.intake import legacy
from thidua.intake.read import RawBook
from thidua.periods import Period
from thidua.strings import clean_text


@dataclass
class Submission:
    book: RawBook
    unit: str
    period: Period
    figures: list[dict[str, Any]] = field(default_factory=list)
    narratives: list[dict[str, Any]] = field(default_factory=list)
    commendations: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, message: str, sheet: str = "", cell: str = "", value: Any = "") -> None:
        shown = "" if value is None else str(value)[:80]
        self.findings.append(Finding(code, message, self.unit, self.period.key, self.book.name, sheet, cell, shown))


@dataclass
class YearDoc(Submission):
    """One of the year's workbooks: a unit's registration or self-scoring, or the cluster's scoring
    workbook (unit ""). `rows` holds what it says, one dict per line; `facts` the meeting's details.
    `period` is the competition year's last month, for ordering only: findings name the year."""

    kind: str = ""  # layout.REGISTRATION_ID, SELF_SCORE_ID or SCORING_ID
    year: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, code: str, message: str, sheet: str = "", cell: str = "", value: Any = "") -> None:
        shown = "" if value is None else str(value)[:80]
        self.findings.append(Finding(code, message, self.unit, str(self.year), self.book.name, sheet, cell, shown))


def sheet_rows(sub: Submission, name: str) -> list[list[Any]] | None:
    rows = sub.book.sheets.get(name)
    if rows is None:
        visible = [n for n in sub.book.sheet_names if n != layout.SHEET_META]
        close = difflib.get_close_matches(name, visible, n=1, cutoff=0.4)
        hint = f" (có sheet “{close[0]}”: có thể đã bị đổi tên)" if close else ""
        sub.add("SHEET_MISSING", f"Không có sheet “{name}”{hint}; hãy giữ nguyên tên sheet như biểu mẫu.", name)
    return rows


def find_header(rows: list[list[Any]], *labels: str) -> tuple[int, list[int]] | None:
    for r, row in enumerate(rows[:40]):
        if not any(isinstance(v, str) and labels[0] in v for v in row):
            continue  # most rows hold no label at all: skip cleaning their cells
        texts = [clean_text(v) for v in row]
        if all(lab in texts for lab in labels):
            return r, [texts.index(lab) for lab in labels]
    return None


def check_text(sub: Submission, text: str, sheet: str, cell: str, limit: int) -> str:
    kind = legacy.detect(text)
    fixed = legacy.convert(text, kind) if kind else None
    names = {"tcvn3": "TCVN3 (phông .VnTime)", "vni": "VNI (phông VNI-Times)"}
    if kind and fixed is not None:
        message = f"Chữ gõ bằng bảng mã {names[kind]}; đã tự chuyển thành “{fixed[:60]}”. "
        sub.add("TEXT_LEGACY_ENCODING", message + "Lần sau hãy gõ bằng bảng mã Unicode.", sheet, cell, text)
        text = fixed
    elif kind:
        message = f"Chữ có vẻ gõ bằng bảng mã {names[kind]} lẫn với Unicode nên không tự chuyển được; "
        sub.add("TEXT_LEGACY_ENCODING", message + "hãy gõ lại bằng bảng mã Unicode.", sheet, cell, text)
    if len(text) > limit:
        sub.add(
            "TEXT_TOO_LONG",
            f"Nội dung dài {len(text)} ký tự, vượt giới hạn {limit}; hãy viết gọn lại.",
            sheet,
            cell,
            text,
        )
    return text
