"""Totals + check results → the summary workbook tong-hop.xlsx."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.intake.check import Checked
from thidua.periods import window_title
from thidua.totals.merge import Totals
from thidua.workbooks.cells import Formats, print_setup, row_height, table_sheet, write_cell, xml_safe
from thidua.workbooks.charts import write_charts
from thidua.workbooks.check_book import findings_sheet, timeliness_sheet

SHEET_SUMMARY, SHEET_UNITS = "Tổng hợp", "Theo đơn vị"
SHEET_COMMENDATIONS, SHEET_NARRATIVES = "Khen thưởng", "Thuyết minh"


def _pct(value: float) -> float:
    """Percent figures are kept as 0–100 in totals; Excel's % format wants a fraction (NaN stays NaN,
    and write_cell leaves it blank)."""
    return value / 100


def _summary_sheet(wb: Workbook, formats: Formats, totals: Totals, cfg: Config, title: str) -> None:
    ws = wb.add_worksheet(SHEET_SUMMARY)
    year = totals.period.year
    headers = [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "Kỳ này",
        "Số đơn vị",
        f"Lũy kế {year}",
        "Chỉ tiêu đăng ký",
        "% đạt",
        "% đạt theo tiến độ",
        f"Cùng kỳ {year - 1}",
        "Tăng/giảm",
        "% tăng/giảm",
    ]
    widths = [5, 46, 11, 12, 9, 12, 11, 8, 10, 12, 11, 9]
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
            pct = [_pct(row.pct_target), _pct(row.pct_prorated), _pct(row.change_pct)]
            values = [
                f"{m_idx}.{n}",
                row.label,
                row.measure,
                row.value,
                f"{row.units}/{row.expected}",
                row.ytd,
                row.target,
                *pct[:2],
                row.last_year,
                row.change,
                pct[2],
            ]
            num = formats.num(row.type)
            cell_formats = [
                formats.center,
                formats.text,
                formats.center,
                formats.num(row.type, bold=True),
                formats.center,
                num,
                num,
            ]
            cell_formats += [formats.percent, formats.percent, num, num, formats.percent]
            ws.set_row(r, row_height([row.label], [widths[1]]))
            for c, (v, f) in enumerate(zip(values, cell_formats, strict=True)):
                write_cell(ws, r, c, v, f)
            r += 1
    ws.write_string(
        r + 1,
        1,
        "Ô trống: chưa có số liệu (không tính là 0). “Số đơn vị”: số đơn vị có số liệu / số đơn vị "
        "phải báo cáo chỉ tiêu.",
        formats.subtitle,
    )
    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, r - 1, len(headers) - 1)
    print_setup(ws, head)


def _units_sheet(wb: Workbook, formats: Formats, totals: Totals, cfg: Config, title: str) -> None:
    pivot = totals.by_unit.pivot_table(index="code", columns="unit", values="value", aggfunc="first", dropna=False)
    units = [u for u in cfg.units]
    headers = ["Mã", "Chỉ tiêu", "ĐVT", *[u.short_name for u in units], "Tổng cộng"]
    rows, row_formats = [], []
    for row in totals.cluster.itertuples():
        vals = [
            pivot.at[row.code, u.code] if u.code in pivot.columns and row.code in pivot.index else None for u in units
        ]
        applicable = {u for u in totals.by_unit[totals.by_unit["code"] == row.code]["unit"]}
        vals = [v if u.code in applicable else "—" for v, u in zip(vals, units, strict=True)]
        rows.append([row.code, row.label, row.measure, *vals, row.value])
        unit_formats = [formats.center if v == "—" else formats.num(row.type) for v in vals]
        row_formats.append([formats.center, formats.text, formats.center, *unit_formats, formats.num(row.type, True)])
    ws = table_sheet(
        wb,
        formats,
        SHEET_UNITS,
        f"KẾT QUẢ THEO ĐƠN VỊ {title.upper()}",
        headers,
        rows,
        [18, 42, 10, *[12] * len(units), 12],
        row_formats=row_formats,
    )
    ws.set_row(2, row_height([u.short_name for u in units], [12] * len(units)))
    ws.write_string(
        len(rows) + 4, 1, "“—”: đơn vị không báo cáo chỉ tiêu này; ô trống: chưa có số liệu.", formats.subtitle
    )
    ws.freeze_panes(3, 2)


def write_summary(totals: Totals, checked: Checked, cfg: Config, target: Path) -> None:
    """The printable summary workbook for the cluster meeting; every figure from `totals`."""
    title = window_title(totals.period, totals.kind)
    names = {u.code: u.short_name for u in cfg.units}
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
        )
        formats = Formats(wb)
        _summary_sheet(wb, formats, totals, cfg, title)
        _units_sheet(wb, formats, totals, cfg, title)
        timeliness_sheet(wb, formats, checked, cfg)
        com = totals.commendations
        rows = [
            [names.get(r.unit, r.unit), r.period, r.form, r.level, r.collectives, r.individuals, r.note]
            for r in com.itertuples()
        ]
        ws = table_sheet(
            wb,
            formats,
            SHEET_COMMENDATIONS,
            f"KẾT QUẢ KHEN THƯỞNG {title.upper()}",
            ["Đơn vị", "Kỳ", "Hình thức", "Cấp khen", "Số tập thể", "Số cá nhân", "Ghi chú"],
            rows,
            [24, 9, 36, 12, 10, 10, 44],
        )
        if not com.empty:
            by_form = com.groupby(["form", "level"])[["collectives", "individuals"]].sum().reset_index()
            start = len(rows) + 5
            ws.write_string(start, 0, "Tổng hợp theo hình thức và cấp khen", formats.title)
            for c, head in enumerate(["Hình thức", "Cấp khen", "Số tập thể", "Số cá nhân"]):
                ws.write_string(start + 1, c + 2, head, formats.header)
            for i, r in enumerate(by_form.itertuples(), start + 2):
                for c, v in enumerate([r.form, r.level, r.collectives, r.individuals]):
                    write_cell(ws, i, c + 2, v, formats.text if c < 2 else formats.number)
        nar = totals.narratives
        labels = {n.code: n.label for n in cfg.narratives}
        table_sheet(
            wb,
            formats,
            SHEET_NARRATIVES,
            f"THUYẾT MINH CỦA CÁC ĐƠN VỊ {title.upper()}",
            ["Đơn vị", "Kỳ", "Mục", "Nội dung"],
            [[names.get(r.unit, r.unit), r.period, labels.get(r.section, r.section), r.text] for r in nar.itertuples()],
            [24, 9, 26, 90],
        )
        findings_sheet(wb, formats, checked)
        write_charts(wb, totals, cfg)
        wb.close()
