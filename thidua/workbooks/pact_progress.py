"""The "Tiến độ giao ước" sheet of every summary workbook: each unit's year to date against the plan it
registered, the share achieved (only on complete data: a year to date with a missing period is not
compared), and which unit leads each indicator, as the scoring rule defines the leader."""

from __future__ import annotations

import math

from xlsxwriter.workbook import Workbook

from thidua.config import Config
from thidua.totals.merge import Totals, leaders
from thidua.workbooks.cells import Formats, shown, table_sheet

SHEET = "Tiến độ giao ước"
HEADERS = ["Đơn vị", "Chỉ tiêu", "ĐVT", "Kế hoạch năm", "Lũy kế", "Tỷ lệ kế hoạch", "Số liệu", "Dẫn đầu chỉ tiêu"]


def _share(row) -> float:
    if not row.ytd_complete or math.isnan(row.ytd) or not row.target or row.target <= 0:
        return math.nan
    return row.ytd / row.target


def pact_sheet(wb: Workbook, formats: Formats, totals: Totals, cfg: Config) -> None:
    """Written only when some unit has a yearly plan."""
    rows = totals.by_unit[totals.by_unit["target"].notna()]
    if rows.empty:
        return
    shares = {(r.unit, r.code): _share(r) for r in rows.itertuples()}
    best = leaders(totals.by_unit, "ytd", "ytd_complete")
    names = {u.code: u.short_name for u in cfg.units}
    table, styles = [], []
    for r in rows.itertuples():
        share = shares[(r.unit, r.code)]
        leads = r.ytd_complete and r.code in best and r.ytd == best[r.code].value
        state = "đủ" if r.ytd_complete else "thiếu kỳ, chưa so sánh"
        ytd = None if math.isnan(r.ytd) else r.ytd
        pct = None if math.isnan(share) else shown(share, "0.0%")
        table.append(
            [names.get(r.unit, r.unit), r.label, r.measure, r.target, ytd, pct, state, "dẫn đầu" if leads else ""]
        )
        num = formats.num(r.type)
        styles.append(
            [formats.text, formats.text, formats.center, num, num, formats.percent, formats.center, formats.center]
        )
    title = f"TIẾN ĐỘ THỰC HIỆN GIAO ƯỚC: LŨY KẾ ĐẾN {totals.period.label.upper()} SO VỚI KẾ HOẠCH NĂM ĐĂNG KÝ"
    ws = table_sheet(wb, formats, SHEET, title, HEADERS, table, [24, 44, 12, 14, 14, 12, 20, 14], styles)
    note = (
        "Dẫn đầu: kết quả lũy kế cao nhất trong các đơn vị đã vượt kế hoạch năm và có đủ số liệu (như quy tắc "
        "chấm điểm); chỉ tiêu chưa có đơn vị nào vượt kế hoạch thì chưa có đơn vị dẫn đầu."
    )
    ws.write_string(len(table) + 4, 0, note, formats.subtitle)
