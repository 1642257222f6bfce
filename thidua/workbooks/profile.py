"""A unit's profile workbook (hồ sơ đơn vị): what its báo cáo thành tích says of it beyond its figures
(section I, who signs it, the measures and the Party and mass-organisation work of section II) and the
awards it received in earlier years (section III). Pre-filled with what is known (the
unit's last copy, else config.yaml), so a unit fills it once and then only updates it."""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.config.model import PastAward, UnitProfile
from thidua.workbooks.template import Styles, protect
from thidua.workbooks.year_book import header_row, heading, identity, new_book

GUIDE = [
    "Sheet “Thông tin đơn vị”: ghi nội dung từng mục vào cột “Nội dung” (ô nền vàng); mục có nhiều ý thì mỗi ý "
    "một dòng trong ô (Alt+Enter để xuống dòng).",
    "Sheet “Khen thưởng đã nhận”: mỗi quyết định khen thưởng một dòng: năm, danh hiệu hoặc hình thức khen thưởng, "
    "số và ngày quyết định, cơ quan ban hành (ghi các năm gần đây, ít nhất 5 năm).",
    "Đã ghi sẵn những gì {group} đang có; chỉ cần kiểm tra, sửa và bổ sung. Lưu dạng .xlsx, gửi lại Văn phòng {group}.",
]


def _items(wb: Workbook, styles: Styles, cfg: Config, unit: Unit, profile: UnitProfile) -> None:
    ws = wb.add_worksheet(layout.SHEET_PROFILE)
    year = cfg.reporting.year
    row = heading(ws, styles, f"HỒ SƠ ĐƠN VỊ NĂM {year}", [f"Đơn vị: {unit.name}", cfg.cluster.name])
    for n, text in enumerate(GUIDE, 1):
        ws.merge_range(row, 0, row, 2, f"{n}. {text.replace('{group}', cfg.cluster.word)}", styles.guide)
        ws.set_row(row, 34)
        row += 1
    row += 1
    header_row(ws, styles, row, layout.PROFILE_HEADERS, [12, 42, 90])
    for code, label in layout.PROFILE_ITEMS.items():
        row += 1
        value = getattr(profile, code)
        text = "\n".join(value) if isinstance(value, list) else value
        ws.write_string(row, 0, code, styles.code)
        ws.write_string(row, 1, label, styles.label)
        ws.write_string(row, 2, text, styles.input_text)
        ws.set_row(row, 20 if code in layout.PROFILE_ONE_LINE else 90)
    _page(ws)


def _awards(wb: Workbook, styles: Styles, awards: list[PastAward]) -> None:
    ws = wb.add_worksheet(layout.SHEET_AWARDS)
    row = heading(ws, styles, "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", ["(mục III của báo cáo thành tích)"])
    header_row(ws, styles, row, layout.AWARD_HEADERS, [6, 10, 50, 70])
    known = sorted(awards, key=lambda a: a.year)
    for n in range(1, max(layout.AWARD_ROWS, len(known) + 5) + 1):
        row += 1
        award = known[n - 1] if n <= len(known) else None
        ws.write_number(row, 0, n, styles.center)
        if award:
            ws.write_number(row, 1, award.year, styles.input)
        else:
            ws.write_blank(row, 1, None, styles.input)
        ws.write_string(row, 2, award.form if award else "", styles.input_text)
        ws.write_string(row, 3, award.decision if award else "", styles.input_text)
        ws.data_validation(
            row, 1, row, 1,
            {"validate": "integer", "criteria": "between", "minimum": 1945, "maximum": 2100,
             "error_title": "Năm không hợp lệ", "error_message": "Ghi năm bằng số, ví dụ 2022."},
        )  # fmt: skip
        ws.set_row(row, 30)
    _page(ws)


def _page(ws: Worksheet) -> None:
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')
    protect(ws)


def write_profile(cfg: Config, unit: Unit, profile: UnitProfile, awards: list[PastAward], target: Path) -> None:
    """Write one unit's profile workbook for the competition year, atomically, pre-filled."""
    year = cfg.reporting.year
    with atomic_path(target) as tmp:
        wb, styles = new_book(tmp)
        _items(wb, styles, cfg, unit, profile)
        _awards(wb, styles, awards)
        identity(wb, layout.PROFILE_ID, cfg, unit.code, year, layout.PROFILE_HASH, {})
        wb.set_properties({"title": f"Hồ sơ đơn vị năm {year} - {unit.short_name}", "author": cfg.cluster.name})
        wb.close()


def profile_name(unit: Unit, year: int) -> str:
    return f"ho-so-{year}_{unit.code}.xlsx"
