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

from thidua.config import Config
from thidua.layout import ACROSS_LABELS
from thidua.numbers import fmt_number, header_date
from thidua.periods import periods_phrase, window_title
from thidua.report import docx_xml
from thidua.report.lines import TABLE_STYLE, line
from thidua.report.prose import ROMAN
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
            if how := ACROSS_LABELS.get(row.across, ""):
                note = "; ".join(n for n in (words["annex_across"].format(how=how), note) if n)
            rows.append([str(n), row.label, row.measure, *cells, total, note])
            bold.append(False)
    return rows, bold


UNITS_AS_COLUMNS_UP_TO = 10  # beyond this many units a unit column would be narrower than its numbers
INDICATORS_PER_TABLE = 6  # with units as rows: each indicator column stays at least 30 mm wide


def _table(
    doc: DocumentType,
    headers: list[str],
    widths: list[float],
    rows: list[list[str]],
    bold: list[bool],
    aligns: list[str],
) -> None:
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    docx_xml.column_widths(table, widths)
    docx_xml.header_row(table, headers, TABLE_STYLE)
    docx_xml.repeat_header(table)
    docx_xml.append_rows(table, rows, bold, aligns)


def _units_as_columns(doc: DocumentType, totals: Totals, cfg: Config, words: dict[str, str], marks: dict) -> None:
    names = [f"{u.short_name} ({marks[u.code][0]})" if u.code in marks else u.short_name for u in cfg.units]
    headers = ["STT", "Chỉ tiêu", "ĐVT", *names, words["annex_total"], words["annex_note"]]
    unit_w = max((LANDSCAPE_TEXT_MM - 12 - 62 - 20 - 22 - 36) / max(len(cfg.units), 1), 14)
    rows, bold = annex_rows(totals, cfg, words)
    aligns = ["center", "left", "center", *["right"] * len(cfg.units), "right", "left"]
    _table(doc, headers, [12, 62, 20, *[unit_w] * len(cfg.units), 22, 36], rows, bold, aligns)


def _cell(row, cell) -> str:
    if cell is None:
        return "-"
    if math.isnan(cell.value):
        return ""
    partial = not cell.complete and cell.rollup != "last"
    return fmt_number(cell.value) + ("*" if partial else "")


def _total_cell(row) -> str:
    """The total row's cell, saying how a figure that is not a sum was taken: '93,6 (bình quân gia quyền)'."""
    how = ACROSS_LABELS.get(row.across, "")
    if math.isnan(row.value):
        return f"({how})" if how else ""
    return fmt_number(row.value) + (f" ({how})" if how else "")


def _units_as_rows(doc: DocumentType, totals: Totals, cfg: Config, words: dict[str, str], marks: dict) -> None:
    """One table per movement (and per six indicators): a row per unit, a total row, a short legend."""
    cells = {(r.unit, r.code): r for r in totals.by_unit.itertuples()}
    members = [u for u in cfg.units if any(k[0] == u.code for k in cells)]
    for m_idx, mov in enumerate(cfg.movements):
        indicators = list(totals.cluster[totals.cluster["movement"] == mov.code].itertuples())
        for part, start in enumerate(range(0, len(indicators), INDICATORS_PER_TABLE)):
            chunk = indicators[start : start + INDICATORS_PER_TABLE]
            number = ROMAN[m_idx] if m_idx < len(ROMAN) else str(m_idx + 1)
            title = f"{number}. {mov.name}" + (" (tiếp theo)" if part else "")
            line(doc, title, 12, bold=True, align="left", before=6)
            headers = ["STT", "Đơn vị", *(f"{r.label} ({r.measure})" for r in chunk)]
            rows, bold = [], []
            for n, unit in enumerate(members, 1):
                name = f"{unit.short_name} ({marks[unit.code][0]})" if unit.code in marks else unit.short_name
                rows.append([str(n), name, *(_cell(r, cells.get((unit.code, r.code))) for r in chunk)])
                bold.append(False)
            rows.append(["", words["annex_total"], *(_total_cell(r) for r in chunk)])
            bold.append(True)
            widths = [12, 60, *[(LANDSCAPE_TEXT_MM - 12 - 60) / len(chunk)] * len(chunk)]
            _table(doc, headers, widths, rows, bold, ["center", "left", *["right"] * len(chunk)])
    line(doc, words["annex_rows_legend"], 12, italic=True, align="left", before=3)


def write_annex(
    doc: DocumentType, totals: Totals, cfg: Config, words: dict[str, str], number: str, issued: date | None
) -> None:
    """The annex section: units as columns for a small cluster, as rows for a large one; unit notes below."""
    section = docx_xml.add_section(doc, landscape=True)
    docx_xml.page_numbers(section, restart=True)
    window = window_title(totals.period, totals.kind)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["annex_title"].format(window=window).upper(), 14, bold=True)
    ref = words["annex_ref"].format(number=number, date=header_date(issued), cluster=cfg.cluster.name)
    line(doc, ref, 14, italic=True)
    line(doc, "", 8)
    marks = unit_notes(totals, cfg, words)
    if len(cfg.units) <= UNITS_AS_COLUMNS_UP_TO:
        _units_as_columns(doc, totals, cfg, words, marks)
    else:
        _units_as_rows(doc, totals, cfg, words, marks)
    for _, text in marks.values():
        line(doc, text, 12, italic=True, align="left", before=3)
