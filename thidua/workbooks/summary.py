"""Totals + check results → the summary workbook tong-hop.xlsx."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.intake.check import Checked
from thidua.periods import window_title
from thidua.totals.merge import Totals
from thidua.workbooks.cells import Formats, table_sheet, write_cell
from thidua.workbooks.charts import write_charts
from thidua.workbooks.check_book import findings_sheet, timeliness_sheet
from thidua.workbooks.figures_sheets import summary_sheet, units_sheet
from thidua.workbooks.pact_progress import pact_sheet

SHEET_COMMENDATIONS, SHEET_NARRATIVES = "Khen thưởng", "Thuyết minh"


def write_summary(totals: Totals, checked: Checked, cfg: Config, target: Path) -> None:
    """The printable summary workbook for the cluster meeting; every figure from `totals`."""
    title = window_title(totals.period, totals.kind)
    names = {u.code: u.short_name for u in cfg.units}
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
        )
        formats = Formats(wb)
        summary_sheet(wb, formats, totals, cfg, title)
        units_sheet(wb, formats, totals, cfg, title)
        pact_sheet(wb, formats, totals, cfg)
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
