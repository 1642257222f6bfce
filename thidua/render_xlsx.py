"""Totals + check results → the summary workbook tong-hop.xlsx (and kiem-tra.xlsx for 'check')."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook

from thidua.atomic import atomic_path
from thidua.charts import write_charts
from thidua.check import Checked
from thidua.config import Config
from thidua.findings import COLUMN_LABELS, COLUMNS, to_frame
from thidua.merge import Totals
from thidua.periods import window_title
from thidua.xlsx_util import Formats, print_setup, row_height, safe_text, table_sheet, write_cell

SHEET_SUMMARY, SHEET_UNITS, SHEET_TIMELINESS = "Tổng hợp", "Theo đơn vị", "Tiến độ nộp"
SHEET_COMMENDATIONS, SHEET_NARRATIVES, SHEET_FINDINGS = "Khen thưởng", "Thuyết minh", "Kiểm tra"
SHEET_DIFFS, SHEET_REMINDERS = "Bản gửi lại", "Nhắc nộp"


def _pct(value: float) -> float:
    """Percent figures are kept as 0–100 in totals; Excel's % format wants a fraction (NaN stays NaN,
    and write_cell leaves it blank)."""
    return value / 100


def _findings_sheet(wb: Workbook, fm: Formats, checked: Checked) -> None:
    df = to_frame(checked.findings)
    rows = df[COLUMNS].values.tolist() if not df.empty else []
    table_sheet(
        wb,
        fm,
        SHEET_FINDINGS,
        "KẾT QUẢ KIỂM TRA BÁO CÁO CỦA CÁC ĐƠN VỊ",
        COLUMN_LABELS,
        rows,
        [22, 10, 8, 9, 30, 13, 7, 14, 70],
    )
    if not checked.diffs.empty:
        table_sheet(
            wb,
            fm,
            SHEET_DIFFS,
            "NHỮNG Ô THAY ĐỔI KHI ĐƠN VỊ GỬI LẠI BÁO CÁO",
            ["Đơn vị", "Kỳ", "Bản cũ", "Bản dùng", "Sheet", "Ô", "Giá trị cũ", "Giá trị mới"],
            checked.diffs.values.tolist(),
            [9, 9, 30, 30, 12, 7, 25, 25],
        )


def write_check_workbook(checked: Checked, target: Path) -> None:
    """kiem-tra.xlsx: findings, resubmission diffs, timeliness and ready-to-send reminders."""
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        fm = Formats(wb)
        _findings_sheet(wb, fm, checked)
        _timeliness_sheet(wb, fm, checked, None)
        table_sheet(
            wb,
            fm,
            SHEET_REMINDERS,
            "THƯ NHẮC CÁC ĐƠN VỊ CHƯA NỘP BÁO CÁO",
            ["Đơn vị", "Nội dung thư nhắc"],
            [[unit, text] for unit, text in checked.reminders.items()],
            [12, 110],
        )
        wb.close()


def _summary_sheet(wb: Workbook, fm: Formats, totals: Totals, cfg: Config, title: str) -> None:
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
    ws.write_string(0, 0, f"TỔNG HỢP KẾT QUẢ THI ĐUA {title.upper()}", fm.title)
    ws.write_string(1, 0, cfg.cluster.name, fm.subtitle)
    head = 3
    for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(head, c, h, fm.header)
        ws.set_column(c, c, w)
    ws.set_row(head, row_height(headers, widths))
    r = head + 1
    for m_idx, mov in enumerate(cfg.movements, 1):
        ws.write_string(r, 0, str(m_idx), fm.group)
        ws.merge_range(r, 1, r, len(headers) - 1, safe_text(mov.name), fm.group)
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
            num = fm.num(row.type)
            fmts = [fm.center, fm.text, fm.center, fm.num(row.type, bold=True), fm.center, num, num]
            fmts += [fm.percent, fm.percent, num, num, fm.percent]
            ws.set_row(r, row_height([row.label], [widths[1]]))
            for c, (v, f) in enumerate(zip(values, fmts, strict=True)):
                write_cell(ws, r, c, v, f)
            r += 1
    ws.write_string(
        r + 1,
        1,
        "Ô trống: chưa có số liệu (không tính là 0). “Số đơn vị”: số đơn vị có số liệu / số đơn vị "
        "phải báo cáo chỉ tiêu.",
        fm.subtitle,
    )
    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, r - 1, len(headers) - 1)
    print_setup(ws, head)


def _units_sheet(wb: Workbook, fm: Formats, totals: Totals, cfg: Config, title: str) -> None:
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
        unit_formats = [fm.center if v == "—" else fm.num(row.type) for v in vals]
        row_formats.append([fm.center, fm.text, fm.center, *unit_formats, fm.num(row.type, True)])
    ws = table_sheet(
        wb,
        fm,
        SHEET_UNITS,
        f"KẾT QUẢ THEO ĐƠN VỊ {title.upper()}",
        headers,
        rows,
        [18, 42, 10, *[12] * len(units), 12],
        row_formats=row_formats,
    )
    ws.set_row(2, row_height([u.short_name for u in units], [12] * len(units)))
    ws.write_string(len(rows) + 4, 1, "“—”: đơn vị không báo cáo chỉ tiêu này; ô trống: chưa có số liệu.", fm.subtitle)
    ws.freeze_panes(3, 2)


def _timeliness_sheet(wb: Workbook, fm: Formats, checked: Checked, cfg: Config | None) -> None:
    t = checked.timeliness
    ws = wb.add_worksheet(SHEET_TIMELINESS)
    ws.write_string(0, 0, "TIẾN ĐỘ NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ", fm.title)
    periods = list(dict.fromkeys(t["period"])) if not t.empty else []
    units = list(dict.fromkeys(t["unit"])) if not t.empty else []
    names = {u.code: u.short_name for u in cfg.units} if cfg else {}
    ws.write_string(2, 0, "Đơn vị", fm.header)
    ws.set_column(0, 0, 28)
    shorts = dict(zip(t["period"], t["short"], strict=True))
    for c, p in enumerate(periods, 1):
        ws.write_string(2, c, shorts[p], fm.header)
        ws.set_column(c, c, 11)
    status = {(r.unit, r.period): r.status for r in t.itertuples()}
    for r, unit in enumerate(units, 3):
        ws.write_string(r, 0, names.get(unit, unit), fm.text)
        for c, p in enumerate(periods, 1):
            s = status.get((unit, p), "")
            ws.write_string(r, c, s, fm.status.get(s, fm.center))
    ws.freeze_panes(3, 1)
    print_setup(ws, 2)


def write_summary(totals: Totals, checked: Checked, cfg: Config, target: Path) -> None:
    """The printable summary workbook for the cluster meeting; every figure from `totals`."""
    title = window_title(totals.period, totals.kind)
    names = {u.code: u.short_name for u in cfg.units}
    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": False}
        )
        fm = Formats(wb)
        _summary_sheet(wb, fm, totals, cfg, title)
        _units_sheet(wb, fm, totals, cfg, title)
        _timeliness_sheet(wb, fm, checked, cfg)
        com = totals.commendations
        rows = [
            [names.get(r.unit, r.unit), r.period, r.form, r.level, r.collectives, r.individuals, r.note]
            for r in com.itertuples()
        ]
        ws = table_sheet(
            wb,
            fm,
            SHEET_COMMENDATIONS,
            f"KẾT QUẢ KHEN THƯỞNG {title.upper()}",
            ["Đơn vị", "Kỳ", "Hình thức", "Cấp khen", "Số tập thể", "Số cá nhân", "Ghi chú"],
            rows,
            [24, 9, 36, 12, 10, 10, 44],
        )
        if not com.empty:
            by_form = com.groupby(["form", "level"])[["collectives", "individuals"]].sum().reset_index()
            start = len(rows) + 5
            ws.write_string(start, 0, "Tổng hợp theo hình thức và cấp khen", fm.title)
            for c, head in enumerate(["Hình thức", "Cấp khen", "Số tập thể", "Số cá nhân"]):
                ws.write_string(start + 1, c + 2, head, fm.header)
            for i, r in enumerate(by_form.itertuples(), start + 2):
                for c, v in enumerate([r.form, r.level, r.collectives, r.individuals]):
                    write_cell(ws, i, c + 2, v, fm.text if c < 2 else fm.number)
        nar = totals.narratives
        labels = {n.code: n.label for n in cfg.narratives}
        table_sheet(
            wb,
            fm,
            SHEET_NARRATIVES,
            f"THUYẾT MINH CỦA CÁC ĐƠN VỊ {title.upper()}",
            ["Đơn vị", "Kỳ", "Mục", "Nội dung"],
            [[names.get(r.unit, r.unit), r.period, labels.get(r.section, r.section), r.text] for r in nar.itertuples()],
            [24, 9, 26, 90],
        )
        _findings_sheet(wb, fm, checked)
        write_charts(wb, totals, cfg)
        wb.close()
