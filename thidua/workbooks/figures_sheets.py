"""The summary workbook's figure sheets: "Tổng hợp" (cluster totals, each comparison with its base in its
own column) and "Theo đơn vị" (every unit's figure, partial cells marked and explained)."""

from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.workbook import Workbook

from thidua.config import Config
from thidua.layout import ACROSS_LABELS
from thidua.numbers import exact
from thidua.periods import parse_period
from thidua.strings import xml_safe
from thidua.totals.merge import Totals
from thidua.workbooks.cells import Formats, print_setup, row_height, table_sheet, write_cell

SHEET_SUMMARY, SHEET_UNITS = "Tổng hợp", "Theo đơn vị"
GAPS_NAMED = 5  # units named in the "Chưa đủ số liệu" column; the rest are counted
SUMMARY_LEGEND = [
    "Ô trống: chưa có số liệu hoặc không có cơ sở so sánh (không bao giờ tính là 0).",
    "“Số đơn vị”: số đơn vị có số liệu / số đơn vị phải báo cáo chỉ tiêu trong kỳ.",
    "“% đạt”: lũy kế năm so với chỉ tiêu đăng ký cả năm, chỉ tính các đơn vị có đăng ký và đủ số liệu từ đầu năm "
    "(“Cơ sở % đạt”); chỉ tiêu đăng ký là tổng chỉ tiêu của các đơn vị đó.",
    "“% đạt theo tiến độ”: so với chỉ tiêu năm chia đều theo tháng; chỉ áp dụng cho chỉ tiêu cộng dồn.",
    "“Cùng kỳ”: chỉ so sánh các đơn vị và các tháng có số liệu cả hai năm (“Cơ sở so sánh cùng kỳ”); "
    "“Kỳ này (cùng cơ sở)” là số liệu năm nay trên đúng cơ sở đó.",
]
ACROSS_LEGEND = (
    "Chỉ tiêu ghi “toàn {group}: bình quân”: số toàn {group} là bình quân các đơn vị có số liệu (“bình quân gia "
    "quyền”: theo quyền số là một chỉ tiêu khác trong cùng kỳ; “không tính chung”: không có số toàn {group}); các "
    "chỉ tiêu này không so với kế hoạch ở dòng toàn {group}."
)


UNITS_LEGEND = (
    "“—”: đơn vị không báo cáo chỉ tiêu này; ô trống: chưa có số liệu; ô chữ nghiêng nền cam: chưa đủ số liệu "
    "các kỳ (xem cột “Chưa đủ số liệu” ở sheet Tổng hợp)."
)


def labelled(row, word: str) -> str:
    """An indicator's label, with how its cluster figure was taken when it is not a sum:
    'Tỷ lệ hồ sơ giải quyết đúng hạn (toàn Khối: bình quân gia quyền)'."""
    how = ACROSS_LABELS.get(row.across, "")
    return f"{row.label} (toàn {word}: {how})" if how else row.label


def _pct(value: float) -> float:
    """Percent figures are kept as 0–100 in totals; Excel's % format wants a fraction (divided exactly:
    112,15 is 1,1215, which the workbook stores as shown, 1,122, half up as the report writes it)."""
    return value if math.isnan(value) else float(exact(value) / 100)


def _base(n: int, m: int, partial_months: bool = False) -> str:
    if not n:
        return ""
    text = f"{n}/{m} đơn vị"
    return f"{text}, chỉ các tháng có cả hai năm" if partial_months else text


def gaps_text(rows: pd.DataFrame, cfg: Config, freq: str) -> str:
    """'Hội Cựu chiến binh tỉnh: thiếu T6/2023' for each unit an indicator's total lacks."""
    out = []
    for r in rows.itertuples():
        name = cfg.unit(r.unit).short_name
        if math.isnan(r.value):
            out.append(f"{name}: chưa có số liệu")
        elif not r.complete:
            out.append(f"{name}: thiếu {', '.join(parse_period(k, freq).short_label for k in r.missing)}")
    more = f"; và {len(out) - GAPS_NAMED} đơn vị khác (xem sheet {SHEET_UNITS})" if len(out) > GAPS_NAMED else ""
    return "; ".join(out[:GAPS_NAMED]) + more


def summary_sheet(wb: Workbook, formats: Formats, totals: Totals, cfg: Config, title: str) -> None:
    ws = wb.add_worksheet(SHEET_SUMMARY)
    year = totals.period.year
    headers = ["STT", "Chỉ tiêu", "ĐVT", "Kỳ này", "Số đơn vị", f"Lũy kế {year}", "Chỉ tiêu đăng ký", "% đạt"]
    headers += ["% đạt theo tiến độ", "Cơ sở % đạt", f"Cùng kỳ {year - 1}", "Kỳ này (cùng cơ sở)", "Tăng/giảm"]
    headers += ["% tăng/giảm", "Cơ sở so sánh cùng kỳ", "Chưa đủ số liệu"]
    widths = [5, 40, 10, 12, 8, 12, 11, 8, 9, 10, 12, 12, 11, 9, 16, 28]
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ THI ĐUA {title.upper()}", formats.title)
    ws.write_string(1, 0, cfg.cluster.name, formats.subtitle)
    head = 3
    for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(head, c, h, formats.header)
        ws.set_column(c, c, w)
    ws.set_row(head, row_height(headers, widths))
    r = head + 1
    for m_idx, mov in enumerate(cfg.movements, 1):
        ws.write_string(r, 0, str(m_idx), formats.group)
        ws.merge_range(r, 1, r, len(headers) - 1, xml_safe(mov.name), formats.group)
        r += 1
        for n, row in enumerate(totals.cluster[totals.cluster["movement"] == mov.code].itertuples(), 1):
            gaps = gaps_text(totals.by_unit[totals.by_unit["code"] == row.code], cfg, totals.period.freq)
            label = labelled(row, cfg.cluster.word)
            values = [f"{m_idx}.{n}", label, row.measure, row.value, f"{row.units}/{row.expected}", row.ytd]
            values += [row.target, _pct(row.pct_target), _pct(row.pct_prorated)]
            values += [_base(row.target_units, row.units), row.last_year, row.value_matched_last_year, row.change]
            values += [_pct(row.change_pct), _base(row.last_year_units, row.units, row.last_year_partial), gaps]
            num, text, center, pct = formats.num(row.type), formats.text, formats.center, formats.percent
            cell_formats = [center, text, center, formats.num(row.type, bold=True), center, num, num, pct, pct]
            cell_formats += [center, num, num, num, pct, center, text]
            ws.set_row(r, row_height([label, gaps], [widths[1], widths[-1]]))
            for c, (v, f) in enumerate(zip(values, cell_formats, strict=True)):
                write_cell(ws, r, c, v, f)
            r += 1
    averaged = any(ACROSS_LABELS.get(a, "") for a in totals.cluster["across"])
    for k, text in enumerate(SUMMARY_LEGEND + ([ACROSS_LEGEND.format(group=cfg.cluster.word)] if averaged else [])):
        ws.write_string(r + 1 + k, 1, text, formats.subtitle)
    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, r - 1, len(headers) - 1)
    print_setup(ws, head)


def _coverage_row(totals: Totals, cfg: Config) -> list[str]:
    """Per unit column: the periods it owed and how many are counted, e.g. '5/6 kỳ' or 'từ 01/04/2023'."""
    units = totals.units.set_index("unit")
    out = []
    for u in cfg.units:
        if u.code not in units.index:
            out.append("không là thành viên")
            continue
        r = units.loc[u.code]
        text = f"{r['usable']}/{r['owed']} kỳ"
        if u.member_from and u.member_from > totals.periods[0].first_day:
            text += f", từ {u.member_from:%d/%m/%Y}"
        if u.member_until and u.member_until < totals.period.day_after:
            text += f", đến {u.member_until:%d/%m/%Y}"
        out.append(text)
    return out


UNITS_AS_COLUMNS_UP_TO = 10  # beyond this, units become rows: a printed column per unit would be unreadable


def units_sheet(wb: Workbook, formats: Formats, totals: Totals, cfg: Config, title: str) -> None:
    if len(cfg.units) > UNITS_AS_COLUMNS_UP_TO:
        _units_as_rows(wb, formats, totals, cfg, title)
        return
    cells = {(r.unit, r.code): r for r in totals.by_unit.itertuples()}
    headers = ["Mã", "Chỉ tiêu", "ĐVT", *[u.short_name for u in cfg.units], "Tổng cộng"]
    rows = [["", "Số kỳ có số liệu", "", *_coverage_row(totals, cfg), ""]]
    row_formats = [[formats.center] * len(headers)]
    for row in totals.cluster.itertuples():
        values, unit_formats = [], []
        for u in cfg.units:
            cell = cells.get((u.code, row.code))
            values.append("—" if cell is None else cell.value)
            unit_formats.append(formats.center if cell is None else formats.num(row.type, partial=_partial(cell)))
        rows.append([row.code, labelled(row, cfg.cluster.word), row.measure, *values, row.value])
        row_formats.append([formats.center, formats.text, formats.center, *unit_formats, formats.num(row.type, True)])
    widths = [18, 42, 10, *[12] * len(cfg.units), 12]
    heading = f"KẾT QUẢ THEO ĐƠN VỊ {title.upper()}"
    ws = table_sheet(wb, formats, SHEET_UNITS, heading, headers, rows, widths, row_formats)
    ws.set_row(2, row_height([u.short_name for u in cfg.units], [12] * len(cfg.units)))
    ws.write_string(len(rows) + 4, 1, UNITS_LEGEND, formats.subtitle)
    ws.freeze_panes(3, 2)
    print_setup(ws, 2)


def _partial(cell) -> bool:
    return not cell.complete and not math.isnan(cell.value)


def _units_as_rows(wb: Workbook, formats: Formats, totals: Totals, cfg: Config, title: str) -> None:
    """A row per unit, a column per indicator; the unit and coverage columns repeat on every printed page."""
    cells = {(r.unit, r.code): r for r in totals.by_unit.itertuples()}
    indicators = list(totals.cluster.itertuples())
    headers = ["Đơn vị", "Số kỳ có số liệu", *(f"{labelled(r, cfg.cluster.word)} ({r.measure})" for r in indicators)]
    rows, row_formats = [], []
    for unit, coverage in zip(cfg.units, _coverage_row(totals, cfg), strict=True):
        values, value_formats = [], []
        for ind in indicators:
            cell = cells.get((unit.code, ind.code))
            values.append("—" if cell is None else cell.value)
            value_formats.append(formats.center if cell is None else formats.num(ind.type, partial=_partial(cell)))
        rows.append([unit.short_name, coverage, *values])
        row_formats.append([formats.text, formats.center, *value_formats])
    rows.append(["Tổng cộng", "", *(r.value for r in indicators)])
    row_formats.append([formats.group, formats.group, *(formats.num(r.type, True) for r in indicators)])
    widths = [30, 14, *[14] * len(indicators)]
    heading = f"KẾT QUẢ THEO ĐƠN VỊ {title.upper()}"
    ws = table_sheet(wb, formats, SHEET_UNITS, heading, headers, rows, widths, row_formats)
    ws.write_string(len(rows) + 4, 0, UNITS_LEGEND, formats.subtitle)
    ws.freeze_panes(3, 2)
    print_setup(ws, 2)
    ws.fit_to_pages(0, 0)  # many indicator columns: print across pages, never shrunk to one page wide
    ws.repeat_columns(0, 1)
