"""The report's annex: every indicator's exact figure per unit, in its own landscape section.

Coverage is shown, not implied: a unit whose column covers fewer periods than the window (it joined or
left, or some reports are missing or not counted) is marked in the header and explained under the table;
a cell whose unit lacks some periods, or has no figure, is named in the row's note.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thidua.config import Config
from thidua.numbers import fmt_number, header_date
from thidua.periods import window_title
from thidua.report import docx_xml
from thidua.report.lines import TABLE_STYLE, line
from thidua.report.prose import ROMAN, periods_phrase
from thidua.totals.merge import Totals

LANDSCAPE_TEXT_MM = 257  # A4 landscape less 20 mm margins


def unit_notes(totals: Totals, cfg: Config, words: dict[str, str]) -> dict[str, tuple[str, str]]:
    """unit code → (mark, explanation) for each unit whose column does not cover the whole window."""
    first, last = totals.periods[0].first_day, totals.period.day_after
    period_word = "quý" if totals.period.freq == "quarter" else "tháng"
    out: dict[str, tuple[str, str]] = {}
    for r in totals.units.itertuples():
        parts = []
        if r.member_from and r.member_from > first:
            parts.append(words["annex_member_from"].format(day=f"{r.member_from:%d/%m/%Y}"))
        if r.member_until and r.member_until < last:
            parts.append(words["annex_member_until"].format(day=f"{r.member_until:%d/%m/%Y}"))
        if r.usable < r.owed:
            missing = periods_phrase(r.missing, totals.period.freq)
            parts.append(
                words["annex_unit_periods"].format(
                    usable=r.usable, owed=r.owed, period_word=period_word, missing=f"chưa có {missing}"
                )
            )
        if parts:
            mark, name = str(len(out) + 1), cfg.unit(r.unit).short_name
            out[r.unit] = (mark, words["annex_unit_note"].format(mark=mark, unit=name, what="; ".join(parts)))
    return out


def _cells(rows: pd.DataFrame, cfg: Config, words: dict[str, str], freq: str) -> tuple[list[str], str]:
    """One indicator's unit cells and its note naming the units without a figure or with gaps."""
    by_unit = {r.unit: r for r in rows.itertuples()}
    cells, absent, partial = [], [], []
    for unit in cfg.units:
        r = by_unit.get(unit.code)
        if r is None:
            cells.append(words["annex_not_applicable"])
        elif math.isnan(r.value):
            cells.append("")
            absent.append(unit.short_name)
        else:
            cells.append(fmt_number(r.value))
            if not r.complete and r.rollup != "last":
                partial.append(f"{unit.short_name} ({periods_phrase(r.missing, freq)})")
    notes = [words["annex_no_data"].format(units=", ".join(absent))] if absent else []
    notes += [words["annex_partial"].format(units=", ".join(partial))] if partial else []
    return cells, "; ".join(notes)


def annex_rows(totals: Totals, cfg: Config, words: dict[str, str]) -> tuple[list[list[str]], list[bool]]:
    """The table's rows (a bold group row per movement) as text, with which rows are bold."""
    rows, bold = [], []
    for m_idx, mov in enumerate(cfg.movements):
        number = ROMAN[m_idx] if m_idx < len(ROMAN) else str(m_idx + 1)
        rows.append([number, mov.name, "", *[""] * len(cfg.units), "", ""])
        bold.append(True)
        for n, row in enumerate(totals.cluster[totals.cluster["movement"] == mov.code].itertuples(), 1):
            unit_rows = totals.by_unit[totals.by_unit["code"] == row.code]
            cells, note = _cells(unit_rows, cfg, words, totals.period.freq)
            total = "" if math.isnan(row.value) else fmt_number(row.value)
            rows.append([str(n), row.label, row.measure, *cells, total, note])
            bold.append(False)
    return rows, bold


def write_annex(
    doc: DocumentType, totals: Totals, cfg: Config, words: dict[str, str], number: str, issued: date
) -> None:
    section = docx_xml.add_section(doc, landscape=True)
    docx_xml.page_numbers(section, restart=True)
    window = window_title(totals.period, totals.kind)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["annex_title"].format(window=window).upper(), 14, bold=True)
    ref = words["annex_ref"].format(number=number, date=header_date(issued), cluster=cfg.cluster.name)
    line(doc, ref, 14, italic=True)
    line(doc, "", 8)
    marks = unit_notes(totals, cfg, words)
    names = [f"{u.short_name} ({marks[u.code][0]})" if u.code in marks else u.short_name for u in cfg.units]
    headers = ["STT", "Chỉ tiêu", "ĐVT", *names, words["annex_total"], words["annex_note"]]
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    unit_w = max((LANDSCAPE_TEXT_MM - 12 - 62 - 20 - 22 - 36) / max(len(cfg.units), 1), 14)
    docx_xml.column_widths(table, [12, 62, 20, *[unit_w] * len(cfg.units), 22, 36])
    for c, header in enumerate(headers):
        par = table.cell(0, c).paragraphs[0]
        par.style = doc.styles[TABLE_STYLE]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run(header).bold = True
        table.cell(1, c).paragraphs[0].style = doc.styles[TABLE_STYLE]
    docx_xml.repeat_header(table)
    rows, bold = annex_rows(totals, cfg, words)
    docx_xml.append_rows(table, rows, bold, ["center", "left", "center", *["right"] * len(cfg.units), "right", "left"])
    for _, text in marks.values():
        line(doc, text, 12, italic=True, align="left", before=3)
