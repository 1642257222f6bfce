"""A unit's self-scoring workbook → its score (or count), evidence and note per criterion, checked: a score
above the line's maximum, a line needing evidence without it, a computed line the unit changed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.config.year import COMPUTED_KINDS, Criterion
from thidua.intake.cells import Expect, at, read_number, unusable
from thidua.intake.submission import YearDoc, check_text, find_header, sheet_rows
from thidua.numbers import fmt_number
from thidua.strings import clean_text

SHEET = layout.SHEET_SELF_SCORE
COUNT, EVIDENCE, NOTE = layout.SELF_HEADERS[5], layout.SELF_HEADERS[7], layout.SELF_HEADERS[8]


def score_cell(doc: YearDoc, c: Criterion, raw: Any, sheet: str, r: int, col: int, what: str) -> Decimal | None:
    """A score typed for criterion `c`: a number from 0 to the line's maximum, or None (with a finding)."""
    cell = layout.a1(r, col)
    if unusable(doc, sheet, r, col, cell, f"{what} tiêu chí {c.code}"):
        return None
    value = read_number(doc, Expect(f"{what} tiêu chí {c.code}", "điểm", False), raw, sheet, cell, strict=True)
    if value is None:
        return None
    if c.max is not None and Decimal(str(value)) > c.max:
        message = f"{what} tiêu chí {c.code} là {fmt_number(value)}, vượt điểm tối đa {fmt_number(float(c.max))}."
        doc.add("SCORE_OVER_MAX", message, sheet, cell, raw)
        return None
    return Decimal(str(value))


def _line(doc: YearDoc, c: Criterion, row: list[Any], r: int, cols: dict[str, int], word: str) -> dict[str, Any]:
    score = score_cell(doc, c, at(row, cols["score"]), SHEET, r, cols["score"], "Điểm tự chấm")
    count = None
    if c.kind == "per_occurrence" and not c.indicator and "count" in cols:
        expect = Expect(f"Số lần của tiêu chí {c.code}", "lần", True)
        value = read_number(doc, expect, at(row, cols["count"]), SHEET, layout.a1(r, cols["count"]), strict=True)
        count = Decimal(str(value)) if value is not None else None
    evidence = clean_text(at(row, cols.get("evidence", -1))) if "evidence" in cols else ""
    note = clean_text(at(row, cols.get("note", -1))) if "note" in cols else ""
    if evidence:
        evidence = check_text(doc, evidence, SHEET, layout.a1(r, cols["evidence"]), layout.NOTE_MAX_CHARS)
    cell = layout.a1(r, cols["score"])
    if c.evidence and not evidence and ((score or 0) > 0 or (count or 0) > 0):
        where = layout.a1(r, cols.get("evidence", cols["score"]))
        message = f"Tiêu chí {c.code} cần minh chứng: ghi số, ngày văn bản vào cột “{EVIDENCE}”."
        doc.add("SCORE_NO_EVIDENCE", message, SHEET, where)
    prefilled = doc.book.meta.get(f"computed:{c.code}")
    if (c.kind in COMPUTED_KINDS or c.indicator) and prefilled is not None and score != Decimal(prefilled):
        message = (
            f"Điểm tiêu chí {c.code} do thidua tính từ báo cáo là {fmt_number(float(prefilled))}, đơn vị ghi "
            f"{fmt_number(float(score)) if score is not None else 'trống'}; {word} dùng điểm tính từ báo cáo "
            "(lý do, nếu có, ghi ở cột Ghi chú)."
        )
        doc.add("SCORE_COMPUTED_CHANGED", message, SHEET, cell, score)
    return {"code": c.code, "score": score, "count": count, "evidence": evidence, "note": note, "cell": cell}


def read_self_score(doc: YearDoc, cfg: Config) -> None:
    rows = sheet_rows(doc, SHEET)
    if rows is None:
        return
    found = find_header(rows, layout.CRITERION_HEADER, layout.SELF_SCORE_HEADER)
    if found is None:
        message = "Không tìm thấy dòng tiêu đề có cột “Mã tiêu chí” và “Điểm tự chấm”; hãy dùng lại bảng gốc."
        doc.add("HEADER_MISSING", message, SHEET)
        return
    head, (code_col, score_col) = found
    labels = [clean_text(v) for v in rows[head]]
    cols = {"score": score_col} | {
        k: labels.index(v) for k, v in (("count", COUNT), ("evidence", EVIDENCE), ("note", NOTE)) if v in labels
    }
    leaves = {c.code: c for c in cfg.year_end.scoring.leaves()}  # type: ignore[union-attr]
    for r in range(head + 1, len(rows)):
        code = clean_text(at(rows[r], code_col))
        if code in leaves:
            doc.rows.append(_line(doc, leaves.pop(code), rows[r], r, cols, cfg.cluster.word))
