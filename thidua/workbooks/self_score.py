"""A unit's self-scoring workbook (bảng tự chấm điểm): the scoring table with everything thidua can compute
already filled in (registered targets, timeliness, counts from indicators, each with the figures it comes
from), and the qualitative, per-occurrence, bonus and deduction lines left for the unit with an evidence
column. The computed values are also kept in the hidden identity sheet, so a changed one is noticed."""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.config.year import Criterion
from thidua.numbers import fmt_number
from thidua.scoring.lines import Line
from thidua.words.basis import basis_text
from thidua.workbooks.template import Styles, protect
from thidua.workbooks.year_book import header_row, heading, identity, new_book

GUIDE = [
    "Các dòng thidua đã tính từ báo cáo hằng tháng (cột “Căn cứ”) đã ghi sẵn điểm; nếu thấy chưa đúng, ghi lý do "
    "vào cột “Ghi chú”, không sửa điểm.",
    "Các dòng còn lại: ghi điểm tự chấm (hoặc số lần, với tiêu chí chấm theo số lần) và số, ngày văn bản minh "
    "chứng; điểm trừ ghi số dương.",
    "Không sửa mã tiêu chí, không chèn, xóa dòng. Lưu dạng .xlsx và gửi lại Văn phòng {group}.",
]
COLUMNS = {name: n for n, name in enumerate(layout.SELF_HEADERS)}


def how(c: Criterion) -> str:
    """The scoring method of a line, as the unit reads it."""
    top = fmt_number(float(c.max or 0))
    text = {
        "quantitative": "Định lượng: so với kế hoạch năm đã đăng ký (thidua tính)",
        "timeliness": "Chế độ báo cáo định kỳ (thidua tính)",
        "qualitative": f"Định tính: từ 0 đến {top} điểm",
        "per_occurrence": f"{fmt_number(float(c.points or 0))} điểm/lần, tối đa {top}",
        "bonus": f"Điểm cộng, tối đa {top}",
        "deduction": f"Điểm trừ (ghi số dương), tối đa {top}",
    }[c.kind]
    if c.indicator and c.kind != "quantitative":
        text += f" (thidua tính từ chỉ tiêu {c.indicator})"
    return text + ("; cần minh chứng" if c.evidence else "")


def _leaf(ws: Worksheet, styles: Styles, row: int, line: Line, words: dict[str, str]) -> None:
    c = line.criterion
    basis = basis_text(line.basis, words) if line.computed_kind else ""
    ws.write_string(row, 0, c.code, styles.code)
    ws.write_string(row, 1, c.label, styles.label)
    ws.write_number(row, 2, float(c.max or 0), styles.center)
    ws.write_string(row, 3, how(c), styles.label)
    ws.write_string(row, 4, basis, styles.label)
    per_occurrence = c.kind == "per_occurrence" and not c.indicator
    ws.write_blank(row, 5, None, styles.input if per_occurrence else styles.label)
    if line.computed_kind and line.computed is not None:
        ws.write_number(row, 6, float(line.computed), styles.input_decimal)
    else:
        ws.write_blank(row, 6, None, styles.input_decimal)
    ws.data_validation(
        row, 6, row, 6,
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(c.max or 0),
         "error_title": "Điểm không hợp lệ", "error_message": f"Điểm từ 0 đến {fmt_number(float(c.max or 0))}."},
    )  # fmt: skip
    ws.write_blank(row, 7, None, styles.input_text)
    ws.write_blank(row, 8, None, styles.input_text)
    ws.set_row(row, max(30, 15 * (1 + max(len(c.label) // 45, len(basis) // 60))))


def write_self_score(cfg: Config, unit: Unit, lines: list[Line], through_label: str, target: Path) -> None:
    """Write one unit's self-scoring workbook, pre-filled from `lines` (its scored lines), atomically."""
    scoring, year = cfg.year_end.scoring, cfg.reporting.year  # type: ignore[union-attr]
    by_code = {x.code: x for x in lines}
    words = cfg.wording()
    computed: dict[str, str] = {}
    with atomic_path(target) as tmp:
        wb, styles = new_book(tmp)
        ws = wb.add_worksheet(layout.SHEET_SELF_SCORE)
        lines_top = [f"Đơn vị: {unit.name}", f"Năm thi đua: {year} (số liệu đến {through_label})", cfg.cluster.name]
        row = heading(ws, styles, f"BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}", lines_top)
        for n, text in enumerate(GUIDE, 1):
            ws.merge_range(row, 0, row, 8, f"{n}. {text.replace('{group}', cfg.cluster.word)}", styles.guide)
            ws.set_row(row, 30)
            row += 1
        head = row = row + 1
        header_row(ws, styles, head, layout.SELF_HEADERS, [9, 38, 8, 22, 42, 8, 10, 24, 22])
        for _, c in scoring.nodes():  # type: ignore[union-attr]
            row += 1
            if c.kind == "group":
                ws.write_string(row, 0, c.code, styles.group)
                ws.merge_range(row, 1, row, 8, f"{c.label} (tối đa {fmt_number(float(c.top))} điểm)", styles.group)
                continue
            _leaf(ws, styles, row, by_code[c.code], words)
            if by_code[c.code].computed_kind and by_code[c.code].computed is not None:
                computed[f"computed:{c.code}"] = str(by_code[c.code].computed)
            computed[f"row:{c.code}"] = str(row + 1)
        ws.freeze_panes(head + 1, 2)
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(head)
        ws.set_footer('&C&"Times New Roman"&11Trang &P/&N')
        protect(ws)
        identity(wb, layout.SELF_SCORE_ID, cfg, unit.code, year, cfg.scoring_hash, computed)
        wb.set_properties({"title": f"Tự chấm điểm thi đua năm {year} - {unit.short_name}", "author": cfg.cluster.name})
        wb.close()


def self_score_name(unit: Unit, year: int) -> str:
    return f"tu-cham-{year}_{unit.code}.xlsx"
