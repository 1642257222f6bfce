"""Sheet "Biểu đồ" of the summary workbook: native Excel charts over data written on the same sheet.

A monthly trend plots a month only when every unit that owed it has reported: a missing report would
otherwise draw a dip that did not happen. Such months are left as gaps, and the data table beside the
chart shows how many units each month covers.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from thidua.config import Config
from thidua.periods import parse_period
from thidua.totals.merge import Totals
from thidua.workbooks.cells import write_cell

SHEET = "Biểu đồ"
GAP_NOTE = "Tháng chưa đủ số liệu của các đơn vị phải báo cáo được để trống trên biểu đồ (không vẽ thành mức giảm)."


def _by_unit_chart(wb: Workbook, ws, totals: Totals, cfg: Config, ind, col: int, first: int):
    rows = totals.by_unit[(totals.by_unit["code"] == ind.code) & totals.by_unit["value"].notna()]
    ws.write_string(first, col, f"{ind.label} ({ind.measure})")
    for r, row in enumerate(rows.itertuples(), first + 1):
        ws.write_string(r, col, cfg.unit(row.unit).short_name)
        ws.write_number(r, col + 1, float(row.value))
    if rows.empty:
        return None
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": ind.label,
            "categories": [SHEET, first + 1, col, first + len(rows), col],
            "values": [SHEET, first + 1, col + 1, first + len(rows), col + 1],
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": f"{ind.label} theo đơn vị ({ind.measure})", "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    return chart


def write_charts(wb: Workbook, totals: Totals, cfg: Config) -> None:
    """Per movement, its main indicator by unit and its monthly cluster trend (complete months only)."""
    main = [next(i for i in cfg.indicators if i.movement == m.code) for m in cfg.movements]
    series = totals.monthly[totals.monthly["code"].isin([i.code for i in main])]
    if series.empty:
        return
    ws = wb.add_worksheet(SHEET)
    ws.set_paper(9)  # A4 landscape; the data and the charts beside it print one page wide
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    periods = list(dict.fromkeys(series["period"]))
    freq = totals.period.freq
    ws.write_string(0, 0, "Kỳ")
    for c, ind in enumerate(main):
        ws.write_string(0, 1 + 2 * c, f"{ind.label} ({ind.measure})")
        ws.write_string(0, 2 + 2 * c, "Số đơn vị có số liệu")
    points = {(r.code, r.period): r for r in series.itertuples()}
    for r, key in enumerate(periods, 1):
        ws.write_string(r, 0, parse_period(key, freq).short_label)
        for c, ind in enumerate(main):
            point = points.get((ind.code, key))
            write_cell(ws, r, 1 + 2 * c, None if point is None else point.value_complete, None)
            ws.write_string(r, 2 + 2 * c, f"{point.reported}/{point.expected}" if point else "")
    ws.write_string(len(periods) + 1, 0, GAP_NOTE)
    first = len(periods) + 4
    for c, ind in enumerate(main):
        if chart := _by_unit_chart(wb, ws, totals, cfg, ind, c * 2, first):
            ws.insert_chart(1 + c * 16, 2 * len(main) + 10, chart)
        trend = wb.add_chart({"type": "line"})
        trend.add_series(
            {
                "name": [SHEET, 0, 1 + 2 * c],
                "categories": [SHEET, 1, 0, len(periods), 0],
                "values": [SHEET, 1, 1 + 2 * c, len(periods), 1 + 2 * c],
                "marker": {"type": "circle"},
            }
        )
        trend.show_blanks_as("gap")
        trend.set_title({"name": f"{ind.label} theo tháng", "name_font": {"size": 11}})
        trend.set_legend({"none": True})
        ws.insert_chart(1 + c * 16, 2 * len(main) + 2, trend)
