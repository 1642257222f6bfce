"""The cluster's scoring workbook, filled in by the chair and put back in inputs/ → the adjustments (each
with its reason, or the finding that it has none), every line as the workbook recorded it (what the
meeting voted on, once it has voted), the meeting's facts and each proposal's vote count."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.intake.cells import at
from thidua.intake.self_score import score_cell
from thidua.intake.submission import YearDoc, check_text, find_header, sheet_rows
from thidua.numbers import typed_time
from thidua.strings import clean_text

UNREADABLE_TIME = (
    "Thời gian họp “{typed}” không đọc được, nên kết quả bỏ phiếu chưa được ghi nhận: ghi ngày và giờ, như "
    "22/01/2024 14:00 hoặc 14 giờ 00, ngày 22/01/2024."
)

SCORING, VOTES = layout.SHEET_SCORING, layout.SHEET_VOTES
REASON = layout.SCORING_HEADERS[10]
BALLOTS = ("voting", "ballots_issued", "ballots_returned", "ballots_valid", "ballots_invalid")
COUNTS = ("members", "present", "absent_written", *BALLOTS)
# The recorded columns of a line: what the workbook showed when it was saved (the meeting's record).
RECORDED = {"basis": "Căn cứ", "self_score": "Tự chấm", "evidence": "Minh chứng", "proposed": "{group} chấm"}


def _column(header: list[Any], label: str) -> int | None:
    texts = [clean_text(v) for v in header]
    return next((texts.index(x) for x in sorted(layout.readable_labels(label)) if x in texts), None)


def _number(raw: Any) -> Decimal | None:
    return Decimal(str(raw)) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else None


def _recorded(
    doc: YearDoc, rows: list[list[Any]], r: int, columns: dict[str, int | None], key: tuple[str, str]
) -> None:
    """One line as the workbook shows it, whatever the chair typed beside it."""
    line: dict[str, Any] = {}
    for name, col in columns.items():
        raw = at(rows[r], col) if col is not None else None
        line[name] = clean_text(raw) if name in ("basis", "evidence") else _number(raw)
    line["basis"] = line["basis"].split(layout.UNREASONED_MARK)[0]  # thidua's own note, not the record
    doc.facts.setdefault("recorded", {})[key] = line


def _adjustments(doc: YearDoc, cfg: Config) -> None:
    rows = sheet_rows(doc, SCORING)
    found = rows and find_header(
        rows, layout.SCORING_HEADERS[0], layout.CRITERION_HEADER, layout.ADJUSTED_HEADER, REASON
    )
    if not rows or not found:
        if rows is not None:
            doc.add(
                "HEADER_MISSING",
                "Không tìm thấy dòng tiêu đề của bảng chấm điểm; hãy dùng lại cham-diem.xlsx.",
                SCORING,
            )
        return
    head, (unit_col, code_col, adjusted_col, reason_col) = found
    columns = {name: _column(rows[head], label) for name, label in RECORDED.items()}
    leaves = {c.code: c for c in cfg.year_end.scoring.leaves()}  # type: ignore[union-attr]
    units = {u.code for u in cfg.units}
    for r in range(head + 1, len(rows)):
        unit, code = clean_text(at(rows[r], unit_col)), clean_text(at(rows[r], code_col))
        if unit not in units or code not in leaves:
            continue
        _recorded(doc, rows, r, columns, (unit, code))
        raw = at(rows[r], adjusted_col)
        if raw in (None, ""):
            continue
        score = score_cell(doc, leaves[code], raw, SCORING, r, adjusted_col, "Điểm điều chỉnh")
        reason = clean_text(at(rows[r], reason_col))
        if reason:
            reason = check_text(doc, reason, SCORING, layout.a1(r, reason_col), layout.NOTE_MAX_CHARS)
        elif score is not None:
            message = f"Điểm điều chỉnh tiêu chí {code} của đơn vị {unit} chưa ghi lý do nên chưa được áp dụng."
            doc.add("ADJUSTMENT_NO_REASON", message, SCORING, layout.a1(r, reason_col))
            doc.facts.setdefault("unreasoned", {})[(unit, code)] = score  # kept where the chair typed it
            continue
        if score is not None:
            doc.rows.append(
                {"unit": unit, "code": code, "score": score, "reason": reason, "cell": layout.a1(r, adjusted_col)}
            )


def _whole(raw: Any) -> int | None:
    """A count typed as a number or as digits; None when it is not a whole number ≥ 0."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() and raw >= 0 else None
    text = clean_text(raw)
    return int(text) if text.isdigit() else None


def _count(doc: YearDoc, label: str, raw: Any, cell: str, limit: int | None) -> int | None:
    if raw in (None, ""):
        return None
    value = _whole(raw)
    if value is None:
        doc.add("VOTE_INVALID", f"“{raw}” không phải số nguyên không âm ({label}).", VOTES, cell, raw)
    elif limit is not None and value > limit:
        doc.add("VOTE_INVALID", f"{label}: {value} lớn hơn tổng số thành viên ({limit}).", VOTES, cell, raw)
        return None
    return value


def _facts(doc: YearDoc, rows: list[list[Any]], cfg: Config) -> tuple[int, str]:
    """The meeting's facts (label in A, entry in D); returns the row after them and the members' cell."""
    labels = {spelt: k for k, v in layout.MEETING_FIELDS.items() for spelt in layout.readable_labels(v)}
    labels |= {old: k for k, spelt in layout.MEETING_FIELDS_FORMERLY.items() for old in spelt}
    last, members_cell = 0, ""
    for r, row in enumerate(rows):
        key = labels.get(clean_text(at(row, 0)))
        if key is None:
            continue
        last, raw, cell = r, at(row, layout.MEETING_VALUE_COL), layout.a1(r, layout.MEETING_VALUE_COL)
        members_cell = cell if key == "members" else members_cell
        doc.facts.setdefault("cells", {})[key] = cell
        if key in COUNTS:
            limit = doc.facts.get("members") if key != "members" else None
            doc.facts[key] = _count(doc, layout.grouped(layout.MEETING_FIELDS[key], cfg.cluster.word), raw, cell, limit)
        elif isinstance(raw, datetime):
            doc.facts[key] = raw
        else:
            doc.facts[key] = clean_text(raw)
            if key == "held" and doc.facts[key] and typed_time(doc.facts[key]) is None:
                doc.add("MEETING_TIME_UNREADABLE", UNREADABLE_TIME.format(typed=doc.facts[key]), VOTES, cell, raw)
    return last + 1, members_cell


def _votes(doc: YearDoc, cfg: Config) -> None:
    rows = sheet_rows(doc, VOTES)
    if rows is None:
        return
    start, members_cell = _facts(doc, rows, cfg)
    found = find_header(rows[start:], layout.SCORING_HEADERS[0], layout.VOTE_HEADERS[3], layout.VOTES_HEADER)
    doc.facts["votes"] = []
    if found is None:
        return
    head, (unit_col, award_col, agree_col) = found
    for r in range(start + head + 1, len(rows)):
        unit, award, raw = clean_text(at(rows[r], unit_col)), clean_text(at(rows[r], award_col)), at(rows[r], agree_col)
        if not unit or not award or raw in (None, ""):
            continue
        cell = layout.a1(r, agree_col)
        label = f"Số phiếu đồng ý đề nghị {_award_name(cfg, award)} cho {_unit_name(cfg, unit)}"
        agree = _count(doc, label, raw, cell, doc.facts.get("members"))
        if agree is not None:
            doc.facts["votes"].append({"unit": unit, "award": award, "agree": agree, "cell": cell})
    _ballots_agree(doc, cfg)
    if doc.facts["votes"] and not doc.facts.get("members"):  # the share is of all members: without it, no verdict
        members = layout.grouped(layout.MEETING_FIELDS["members"], cfg.cluster.word)
        message = f"Chưa ghi “{members}” nên chưa tính được tỷ lệ phiếu đồng ý."
        doc.add("VOTE_INVALID", message, VOTES, members_cell or "A1")


def _ballots_agree(doc: YearDoc, cfg: Config) -> None:
    """A counting board's record adds up: no more ballots back than went out, valid and invalid ones make
    up those returned, and no proposal has more agreeing votes than there are valid ballots."""
    facts, cells = doc.facts, doc.facts.get("cells", {})
    issued, returned = facts.get("ballots_issued"), facts.get("ballots_returned")
    valid, invalid = facts.get("ballots_valid"), facts.get("ballots_invalid")
    problems = []
    if issued is not None and returned is not None and returned > issued:
        problems.append(("ballots_returned", f"Số phiếu thu về ({returned}) nhiều hơn số phiếu phát ra ({issued})."))
    if returned is not None and valid is not None and invalid is not None and valid + invalid != returned:
        text = f"Số phiếu hợp lệ ({valid}) và không hợp lệ ({invalid}) cộng lại khác số phiếu thu về ({returned})."
        problems.append(("ballots_valid", text))
    for vote in facts.get("votes", []) if valid is not None else []:
        if vote["agree"] > valid:
            what = f"Số phiếu đồng ý của {_unit_name(cfg, vote['unit'])} ({vote['agree']})"
            doc.add("VOTE_INVALID", f"{what} nhiều hơn số phiếu hợp lệ ({valid}).", VOTES, vote["cell"])
    for key, message in problems:
        doc.add("VOTE_INVALID", message, VOTES, cells.get(key, "A1"))


def read_scoring(doc: YearDoc, cfg: Config) -> None:
    _adjustments(doc, cfg)
    _votes(doc, cfg)


def _unit_name(cfg: Config, code: str) -> str:
    return next((u.short_name for u in cfg.units if u.code == code), code)


def _award_name(cfg: Config, code: str) -> str:
    scoring = cfg.year_end.scoring if cfg.year_end else None
    params = scoring.years.get(cfg.reporting.year) if scoring else None
    return next((a.name for a in params.awards if a.code == code), code) if params else code
