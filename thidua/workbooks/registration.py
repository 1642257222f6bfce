"""Config + unit + year → the unit's registration workbook (bản đăng ký thi đua): the movements it takes
part in, each indicator it reports with a "Kế hoạch năm" cell, and the titles it aims for."""

from __future__ import annotations

from pathlib import Path

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.periods import ROMAN
from thidua.workbooks.template import Styles, protect
from thidua.workbooks.year_book import choice_list, header_row, heading, identity, new_book

GUIDE = [
    "Ghi kế hoạch cả năm của từng chỉ tiêu vào cột “Kế hoạch năm” (ô nền vàng): chỉ nhập số, không kèm đơn vị "
    "tính. Chỉ tiêu đơn vị không đăng ký thì để trống.",
    "Chọn danh hiệu, hình thức khen thưởng đơn vị đăng ký phấn đấu trong danh sách thả xuống ở mục III.",
    "Không sửa tên đơn vị, năm, mã chỉ tiêu; không chèn, xóa dòng. Lưu dạng .xlsx và gửi lại Văn phòng {group}.",
]


def _movements(ws, styles: Styles, cfg: Config, unit: Unit, row: int) -> int:
    ws.write_string(row, 0, "I. CÁC PHONG TRÀO THI ĐUA, CUỘC VẬN ĐỘNG THAM GIA", styles.info_bold)
    codes = {i.movement for i in cfg.indicators_for(unit.code)}
    for n, mov in enumerate((m for m in cfg.movements if m.code in codes), 1):
        row += 1
        ws.merge_range(row, 0, row, 5, f"{n}. {mov.name}", styles.label)
        ws.set_row(row, 34 if len(mov.name) > 90 else 20)
    return row + 2


def _indicators(ws, styles: Styles, cfg: Config, unit: Unit, row: int) -> int:
    ws.write_string(row, 0, "II. CHỈ TIÊU ĐĂNG KÝ THI ĐUA", styles.info_bold)
    row += 1
    header_row(ws, styles, row, layout.REG_HEADERS, [5, 19, 50, 12, 16, 30])
    mine = cfg.indicators_for(unit.code)
    for m, mov in enumerate(m for m in cfg.movements if any(i.movement == m.code for i in mine)):
        row += 1
        ws.write_string(row, 0, ROMAN[m] if m < len(ROMAN) else str(m + 1), styles.group)
        ws.merge_range(row, 1, row, 5, mov.name, styles.group)
        ws.set_row(row, 34)
        for n, ind in enumerate((i for i in mine if i.movement == mov.code), 1):
            row += 1
            ws.write_number(row, 0, n, styles.center)
            ws.write_string(row, 1, ind.code, styles.code)
            ws.write_string(row, 2, ind.label, styles.label)
            ws.write_string(row, 3, ind.measure, styles.center)
            ws.write_blank(row, 4, None, styles.input if ind.type == "integer" else styles.input_decimal)
            kind = "integer" if ind.type == "integer" else "decimal"
            ws.data_validation(
                row, 4, row, 4,
                {"validate": kind, "criteria": ">=", "value": 0, "error_title": "Kế hoạch không hợp lệ",
                 "error_message": f"Chỉ nhập số không âm ({ind.measure})."},
            )  # fmt: skip
            ws.write_blank(row, 5, None, styles.input_text)
            ws.set_row(row, 20 if len(ind.label) < 55 else 34)
    return row + 2


def _titles(wb, ws, styles: Styles, cfg: Config, row: int) -> int:
    ws.write_string(row, 0, "III. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG ĐĂNG KÝ", styles.info_bold)
    row += 1
    ws.write_string(row, 0, layout.TITLE_HEADERS[0], styles.header)
    ws.merge_range(row, 1, row, 3, layout.TITLE_HEADERS[1], styles.header)
    ws.merge_range(row, 4, row, 5, layout.TITLE_HEADERS[2], styles.header)
    titles = cfg.year_end.titles if cfg.year_end else []
    source = choice_list(wb, "Danh hiệu", titles) if titles else None
    for n in range(1, layout.TITLE_ROWS + 1):
        row += 1
        ws.write_number(row, 0, n, styles.center)
        ws.merge_range(row, 1, row, 3, "", styles.input_text)
        ws.merge_range(row, 4, row, 5, "", styles.input_text)
        if source:
            ws.data_validation(
                row, 1, row, 1,
                {"validate": "list", "source": source, "error_title": "Không có trong danh sách",
                 "error_message": "Hãy chọn một danh hiệu, hình thức khen thưởng trong danh sách thả xuống."},
            )  # fmt: skip
        ws.set_row(row, 22)
    return row + 2


def write_registration(cfg: Config, unit: Unit, target: Path) -> None:
    """Write one unit's registration workbook for the competition year, atomically."""
    year = cfg.reporting.year
    with atomic_path(target) as tmp:
        wb, styles = new_book(tmp)
        ws = wb.add_worksheet(layout.SHEET_REGISTRATION)
        row = heading(
            ws,
            styles,
            f"BẢN ĐĂNG KÝ THI ĐUA NĂM {year}",
            [f"Đơn vị: {unit.name}", f"Năm thi đua: {year}", cfg.cluster.name],
        )
        for n, text in enumerate(GUIDE, 1):
            ws.merge_range(row, 0, row, 5, f"{n}. {text.replace('{group}', cfg.cluster.word)}", styles.guide)
            ws.set_row(row, 32)
            row += 1
        row = _movements(ws, styles, cfg, unit, row + 1)
        row = _indicators(ws, styles, cfg, unit, row)
        _titles(wb, ws, styles, cfg, row)
        ws.set_paper(9)
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.7, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')
        protect(ws)
        identity(wb, layout.REGISTRATION_ID, cfg, unit.code, year, cfg.catalogue_hash, {})
        wb.set_properties({"title": f"Đăng ký thi đua năm {year} - {unit.short_name}", "author": cfg.cluster.name})
        wb.close()


def registration_name(unit: Unit, year: int) -> str:
    return f"dang-ky-{year}_{unit.code}.xlsx"
