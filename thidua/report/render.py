"""Totals → the formal review report (.docx) laid out per Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.numbers import header_date
from thidua.report import docx_xml
from thidua.report.annex import write_annex
from thidua.report.lines import TABLE_STYLE, doc_number, line
from thidua.report.outline import Outline, build_outline
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
LEFT_MM, RIGHT_MM, TEXT_MM = 67, 98, 165  # header table per the decree's Mẫu 1.4; text width on A4


def _header(doc: DocumentType, cfg: Config, outline: Outline, issued: date, words: dict[str, str]) -> None:
    if outline.draft_units:
        docx_xml.boxed(line(doc, words["draft"], 13, bold=True), 32, TEXT_MM)
    table = doc.add_table(rows=2, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [LEFT_MM, RIGHT_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    issuer = cfg.report.issuer
    for n, text in enumerate(issuer):
        last = n == len(issuer) - 1
        line(left, text.upper(), 13, bold=last)
    docx_xml.short_rule(left, TABLE_STYLE, 24, LEFT_MM)
    line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    docx_xml.short_rule(right, TABLE_STYLE, 66, RIGHT_MM)
    line(table.cell(1, 0), f"Số: {doc_number(outline.texts.number, cfg.report.symbol)}", 13, before=6)
    line(table.cell(1, 1), f"{cfg.report.place}, {header_date(issued)}", 14, italic=True, before=6)
    docx_xml.drop_empty_first((left, right, table.cell(1, 0), table.cell(1, 1)))
    line(doc, "", 6)
    line(doc, words["doc_type"], 14, bold=True, before=12)
    line(doc, outline.subject, 14, bold=True)
    docx_xml.short_rule(doc, TABLE_STYLE, 35, TEXT_MM)


def _body(doc: DocumentType, outline: Outline) -> None:
    for block in outline.blocks:
        par = docx_xml.styled_paragraph(doc, BLOCK_STYLES[block.kind])
        par.add_run(xml_safe(block.text))
    par.paragraph_format.keep_with_next = True  # the closing sentence stays with the signature


def _signature(doc: DocumentType, cfg: Config, words: dict[str, str]) -> None:
    table = doc.add_table(rows=1, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [62, 103])
    left, right = table.cell(0, 0), table.cell(0, 1)
    line(left, words["recipients_label"], 12, bold=True, italic=True, align="left", before=12)
    for r in cfg.report.recipients:
        line(left, f"- {r}", 11, align="left")
    line(left, f"- {cfg.report.archive}", 11, align="left")
    signer = cfg.report.signer
    line(right, signer.authority.upper(), 13, bold=True, before=12)
    for text in (signer.title, signer.subtitle):
        if text:
            line(right, text.upper(), 13, bold=True)
    for _ in range(4):
        line(right, "", 13)
    line(right, signer.name, 14, bold=True)
    docx_xml.drop_empty_first((left, right))
    docx_xml.keep_rows_together(table)


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
    write_annex(doc, totals, cfg, words, doc_number(outline.texts.number, cfg.report.symbol), issued)
    status = words["draft"] if outline.draft_units else ""
    docx_xml.set_properties(doc, outline.subject, words["doc_type"], cfg.cluster.name, status, "thidua")
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
    return outline
