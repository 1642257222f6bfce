"""Sheet "Biểu đồ" of the summary workbook: native Excel charts over data written on the same sheet."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.workbook import Workbook

from thidua.config import Config
from thidua.totals.merge import Totals
from thidua.workbooks.cells import write_cell


def write_charts(wb: Workbook, totals: Totals, cfg: Config) -> None:
    """Sheet "Biểu đồ": per movement, its main indicator by unit and its monthly cluster trend.
    The chart data sits on the same sheet, so every bar and point traces to a cell."""
    main = [next(i for i in cfg.indicators if i.movement == m.code) for m in cfg.movements]
    data = totals.monthly.pivot_table(index="period", columns="code", values="value", aggfunc="sum")
    if data.empty:
        return
    ws = wb.add_worksheet("Biểu đồ")
    names = {u.code: u.short_name for u in cfg.units}
    first = len(data) + 3
    for c, ind in enumerate(main):
        rows = totals.by_unit[(totals.by_unit["code"] == ind.code) & totals.by_unit["value"].notna()]
        col = c * 2
        ws.write_string(first, col, f"{ind.label} ({ind.measure})")
        for r, row in enumerate(rows.itertuples(), first + 1):
            ws.write_string(r, col, names[row.unit])
            ws.write_number(r, col + 1, float(row.value))
        if rows.empty:
            continue
        chart = wb.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": f"{ind.label}",
                "categories": ["Biểu đồ", first + 1, col, first + len(rows), col],
                "values": ["Biểu đồ", first + 1, col + 1, first + len(rows), col + 1],
                "data_labels": {"value": True},
            }
        )
        chart.set_title({"name": f"{ind.label} theo đơn vị ({ind.measure})", "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        ws.insert_chart(1 + c * 16, len(main) + 10, chart)
    ws.write_string(0, 0, "Kỳ")
    for c, ind in enumerate(main, 1):
        ws.write_string(0, c, f"{ind.label} ({ind.measure})")
    for r, period in enumerate(data.index, 1):
        ws.write_string(r, 0, str(period))
        for c, ind in enumerate(main, 1):
            value = data.at[period, ind.code] if ind.code in data.columns else float("nan")
            write_cell(ws, r, c, None if pd.isna(value) else float(value), None)
    for c, ind in enumerate(main, 1):
        chart = wb.add_chart({"type": "line"})
        chart.add_series(
            {
                "name": ["Biểu đồ", 0, c],
                "categories": ["Biểu đồ", 1, 0, len(data), 0],
                "values": ["Biểu đồ", 1, c, len(data), c],
                "marker": {"type": "circle"},
            }
        )
        chart.set_title({"name": f"{ind.label} theo tháng", "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        ws.insert_chart(1 + (c - 1) * 16, len(main) + 2, chart)
