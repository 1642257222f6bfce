"""A unit's profile workbook (hồ sơ đơn vị) → section I of its báo cáo thành tích (address, history,
organisation, functions) and the earlier awards of section III, every cell checked; and, for the dossier,
the profile a unit stands on: its workbook when it sent one, else what config.yaml says of it."""

from __future__ import annotations

from typing import Any

from thidua import layout
from thidua.config import Config, Unit
from thidua.config.model import PastAward, UnitProfile
from thidua.intake.cells import at
from thidua.intake.submission import YearDoc, check_text, find_header, sheet_rows
from thidua.intake.yeardocs import Chosen
from thidua.strings import clean_text

TEXT_LIMIT = 4000
FIRST_AWARD_YEAR = 1945


def _items(doc: YearDoc, rows: list[list[Any]]) -> None:
    found = find_header(rows, *layout.PROFILE_HEADERS[::2])
    if found is None:
        message = "Không tìm thấy dòng tiêu đề có cột “Mã mục” và “Nội dung”; hãy dùng lại mẫu hồ sơ gốc."
        doc.add("HEADER_MISSING", message, layout.SHEET_PROFILE)
        return
    head, (code_col, text_col) = found
    profile: dict[str, Any] = {}
    for r in range(head + 1, len(rows)):
        code = clean_text(at(rows[r], code_col))
        text = str(at(rows[r], text_col) or "").strip()
        if code not in layout.PROFILE_ITEMS or not text:
            continue
        text = check_text(doc, text, layout.SHEET_PROFILE, layout.a1(r, text_col), TEXT_LIMIT)
        lines = [clean_text(line) for line in text.splitlines() if clean_text(line)]
        profile[code] = lines if code in layout.PROFILE_LISTS else " ".join(lines)
    doc.facts["profile"] = profile


def _whole(raw: Any) -> int | None:
    """A year as typed: 2022, 2022.0, "2022"; anything else is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return int(raw.strip()) if isinstance(raw, str) and raw.strip().isdigit() else None


def _award(doc: YearDoc, row: list[Any], r: int, cols: list[int], year_now: int) -> dict[str, Any] | None:
    year_col, form_col, decision_col = cols
    raw_year, form, decision = at(row, year_col), clean_text(at(row, form_col)), clean_text(at(row, decision_col))
    if raw_year in ("", None) and not form and not decision:
        return None
    year = _whole(raw_year)
    if year is None or not FIRST_AWARD_YEAR <= year <= year_now:
        message = (
            f"Năm “{raw_year}” của dòng khen thưởng không hợp lệ: ghi năm bằng số, từ {FIRST_AWARD_YEAR} đến "
            f"{year_now}; dòng này chưa được đưa vào báo cáo thành tích."
        )
        doc.add("AWARD_YEAR_INVALID", message, layout.SHEET_AWARDS, layout.a1(r, year_col), raw_year)
        return None
    for col, value, what in (
        (form_col, form, "hình thức khen thưởng"),
        (decision_col, decision, "số, ngày quyết định"),
    ):
        if len(value) < 3:  # empty, or too short to name an award or a decision
            message = f"Dòng khen thưởng năm {year} chưa ghi {what}; dòng này chưa được đưa vào báo cáo thành tích."
            doc.add("AWARD_ROW_INCOMPLETE", message, layout.SHEET_AWARDS, layout.a1(r, col))
            return None
    form = check_text(doc, form, layout.SHEET_AWARDS, layout.a1(r, form_col), 300)
    decision = check_text(doc, decision, layout.SHEET_AWARDS, layout.a1(r, decision_col), 500)
    return {"year": year, "form": form, "decision": decision, "cell": layout.a1(r, year_col)}


def read_profile(doc: YearDoc, cfg: Config) -> None:
    items = sheet_rows(doc, layout.SHEET_PROFILE)
    if items is not None:
        _items(doc, items)
    rows = sheet_rows(doc, layout.SHEET_AWARDS)
    if rows is None:
        return
    found = find_header(rows, *layout.AWARD_HEADERS[1:])
    if found is None:
        message = "Không tìm thấy dòng tiêu đề có cột “Năm” và “Danh hiệu, hình thức khen thưởng”; hãy dùng mẫu gốc."
        doc.add("HEADER_MISSING", message, layout.SHEET_AWARDS)
        return
    head, cols = found
    for r in range(head + 1, len(rows)):
        if award := _award(doc, rows[r], r, cols, cfg.reporting.year):
            doc.rows.append(award)


def profile_of(documents: Chosen, unit: Unit) -> tuple[UnitProfile, list[PastAward], str]:
    """The profile and earlier awards a unit's báo cáo thành tích stands on, and where they come from
    ("workbook": the unit's own hồ sơ đơn vị; "config": units[] in config.yaml)."""
    doc = documents.get((layout.PROFILE_ID, unit.code))
    if doc is None:
        return unit.profile or UnitProfile(), list(unit.awards), "config"
    profile = UnitProfile(**doc.facts.get("profile", {}))
    awards = [PastAward(year=a["year"], form=a["form"], decision=a["decision"]) for a in doc.rows]
    return profile, awards, "workbook"
