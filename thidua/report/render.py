"""Totals → the formal review report (.docx) laid out per Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.numbers import fmt_number, header_date
from thidua.periods import window_title
from thidua.report import docx_xml
from thidua.report.outline import Outline, build_outline
from thidua.report.text import ROMAN
from thidua.strings import xml_safe
from thidua.totals.merge import Totals

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "assets" / "mau-bao-cao.docx"
BLOCK_STYLES = {
    "part": "Heading 1",
    "part_title": "Tiêu đề phần",
    "h1": "Heading 2",
    "h2": "Heading 3",
    "h3": "Heading 4",
    "para": "Normal",
    "note": "Ghi chú dự thảo",
}
TABLE_STYLE = "Bảng"
LEFT_MM, RIGHT_MM, TEXT_MM = 67, 98, 165  # header table per the decree's Mẫu 1.4; text width on A4


def _line(
    cell_or_doc,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
):
    par = cell_or_doc.add_paragraph(style=TABLE_STYLE)
    par.alignment = docx_xml.ALIGN[align]
    par.paragraph_format.space_before = Pt(before)
    for n, piece in enumerate(xml_safe(text).split("\n")):  # "\n" in config text = a line break
        run = par.add_run()
        if n:
            run.add_break()
        run.add_text(piece)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return par


def _number(cfg: Config, outline: Outline) -> str:
    n = outline.texts.number
    return f"{n:02d}/{cfg.report.symbol}" if n else f"       /{cfg.report.symbol}"


def _header(doc: DocumentType, cfg: Config, outline: Outline, issued: date, words: dict[str, str]) -> None:
    if outline.draft_units:
        docx_xml.boxed(_line(doc, words["draft"], 13, bold=True), 32, TEXT_MM)
    table = doc.add_table(rows=2, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [LEFT_MM, RIGHT_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    issuer = cfg.report.issuer
    for n, text in enumerate(issuer):
        last = n == len(issuer) - 1
        _line(left, text.upper(), 13, bold=last)
    docx_xml.short_rule(left, TABLE_STYLE, 24, LEFT_MM)
    _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    docx_xml.short_rule(right, TABLE_STYLE, 66, RIGHT_MM)
    _line(table.cell(1, 0), f"Số: {_number(cfg, outline)}", 13, before=6)
    _line(table.cell(1, 1), f"{cfg.report.place}, {header_date(issued)}", 14, italic=True, before=6)
    docx_xml.drop_empty_first((left, right, table.cell(1, 0), table.cell(1, 1)))
    _line(doc, "", 6)
    _line(doc, words["doc_type"], 14, bold=True, before=12)
    _line(doc, outline.subject, 14, bold=True)
    docx_xml.short_rule(doc, TABLE_STYLE, 35, TEXT_MM)


def _body(doc: DocumentType, outline: Outline) -> None:
    for block in outline.blocks:
        par = doc.add_paragraph(xml_safe(block.text), style=BLOCK_STYLES[block.kind])
    par.paragraph_format.keep_with_next = True  # the closing sentence stays with the signature


def _signature(doc: DocumentType, cfg: Config, words: dict[str, str]) -> None:
    table = doc.add_table(rows=1, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [62, 103])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _line(left, words["recipients_label"], 12, bold=True, italic=True, align="left", before=12)
    for r in cfg.report.recipients:
        _line(left, f"- {r}", 11, align="left")
    _line(left, f"- {cfg.report.archive}", 11, align="left")
    signer = cfg.report.signer
    _line(right, signer.authority.upper(), 13, bold=True, before=12)
    for text in (signer.title, signer.subtitle):
        if text:
            _line(right, text.upper(), 13, bold=True)
    for _ in range(4):
        _line(right, "", 13)
    _line(right, signer.name, 14, bold=True)
    docx_xml.drop_empty_first((left, right))
    docx_xml.keep_rows_together(table)


def _annex_rows(totals: Totals, cfg: Config, words: dict[str, str]) -> tuple[list[list[str]], list[bool]]:
    rows, bold = [], []
    pivot = {(r.unit, r.code): r.value for r in totals.by_unit.itertuples()}
    for m_idx, mov in enumerate(cfg.movements):
        rows.append(
            [ROMAN[m_idx] if m_idx < len(ROMAN) else str(m_idx + 1), mov.name, "", *[""] * len(cfg.units), "", ""]
        )
        bold.append(True)
        for n, row in enumerate(totals.cluster[totals.cluster["movement"] == mov.code].itertuples(), 1):
            cells, absent = [], []
            for u in cfg.units:
                if (u.code, row.code) not in pivot:
                    cells.append(words["annex_not_applicable"])
                elif math.isnan(v := pivot[(u.code, row.code)]):
                    cells.append("")
                    absent.append(u.short_name)
                else:
                    cells.append(fmt_number(v))
            total = "" if math.isnan(row.value) else fmt_number(row.value)
            note = words["annex_no_data"].format(units=", ".join(absent)) if absent else ""
            rows.append([str(n), row.label, row.measure, *cells, total, note])
            bold.append(False)
    return rows, bold


def _annex(
    doc: DocumentType, totals: Totals, cfg: Config, words: dict[str, str], outline: Outline, issued: date
) -> None:
    section = docx_xml.add_section(doc, landscape=True)
    docx_xml.page_numbers(section, restart=True)
    window = window_title(totals.period, totals.kind)
    _line(doc, words["annex"], 14, bold=True)
    _line(doc, words["annex_title"].format(window=window).upper(), 14, bold=True)
    ref = words["annex_ref"].format(number=_number(cfg, outline), date=header_date(issued), cluster=cfg.cluster.name)
    _line(doc, ref, 14, italic=True)
    _line(doc, "", 8)
    headers = ["STT", "Chỉ tiêu", "ĐVT", *[u.short_name for u in cfg.units], words["annex_total"], words["annex_note"]]
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    unit_w = max((257 - 12 - 62 - 20 - 22 - 36) / max(len(cfg.units), 1), 14)
    docx_xml.column_widths(table, [12, 62, 20, *[unit_w] * len(cfg.units), 22, 36])
    for c, header in enumerate(headers):
        par = table.cell(0, c).paragraphs[0]
        par.style = doc.styles[TABLE_STYLE]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run(header).bold = True
        table.cell(1, c).paragraphs[0].style = doc.styles[TABLE_STYLE]
    docx_xml.repeat_header(table)
    rows, bold = _annex_rows(totals, cfg, words)
    docx_xml.append_rows(table, rows, bold, ["center", "left", "center", *["right"] * len(cfg.units), "right", "left"])


def template_path(cfg: Config) -> Path:
    return Path(cfg.report.template) if cfg.report.template else DEFAULT_TEMPLATE


def write_report(totals: Totals, cfg: Config, target: Path, today: date | None = None) -> Outline:
    """Build the report and write it atomically; returns the outline (for tests and the CLI)."""
    words = cfg.wording()
    outline = build_outline(totals, cfg, words)
    issued = outline.texts.issued or today or date.today()
    doc = Document(str(template_path(cfg)))
    docx_xml.clear_body(doc)
    docx_xml.ensure_styles(doc)
    docx_xml.page_setup(doc.sections[0])
    docx_xml.page_numbers(doc.sections[0])
    _header(doc, cfg, outline, issued, words)
    _body(doc, outline)
    _signature(doc, cfg, words)
    _annex(doc, totals, cfg, words, outline, issued)
    doc.core_properties.title = outline.subject
    doc.core_properties.author = cfg.cluster.name
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return outline
