"""The frame every document of the cluster shares (Nghị định 30/2020/NĐ-CP): a new document from the style
template, the header (issuing body and number left, national title and place-date right, document type and
subject centred), the body's styled blocks, tables, the signature blocks, and an atomic save."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType

from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.numbers import header_date
from thidua.report import docx_xml
from thidua.report.lines import TABLE_STYLE, line
from thidua.report.prose import Block
from thidua.strings import xml_safe

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


@dataclass
class Heading:
    number: str  # "05/BC-CTĐ" or "       /BC-CTĐ" (filled by hand)
    issued: date | None  # None: left blank, the document is a draft
    doc_type: str  # "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH"
    subject: str
    draft: str = ""  # the boxed "DỰ THẢO" line, when the document cannot be signed yet
    numbered: bool = True  # a pact carries no number


def template_path(cfg: Config) -> Path:
    return Path(cfg.report.template) if cfg.report.template else DEFAULT_TEMPLATE


def new_document(cfg: Config | None) -> DocumentType:
    """A blank document with the styles of the cluster's template (`cfg` None: the package's own)."""
    doc = Document(str(template_path(cfg) if cfg else DEFAULT_TEMPLATE))
    docx_xml.clear_body(doc)
    docx_xml.ensure_styles(doc)
    docx_xml.set_language(doc)
    docx_xml.page_setup(doc.sections[0])
    docx_xml.page_numbers(doc.sections[0])
    return doc


def header(
    doc: DocumentType, cfg: Config | None, head: Heading, place: str | None = None, issuer: list[str] | None = None
) -> None:
    """`issuer` replaces the cluster's letterhead for a document a member unit issues (báo cáo thành tích) or
    the province's board issues (then `cfg` is None and `place` is given)."""
    if head.draft:
        docx_xml.boxed(line(doc, head.draft, 13, bold=True), 32, TEXT_MM)
    table = doc.add_table(rows=2, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [LEFT_MM, RIGHT_MM])
    left, right = table.cell(0, 0), table.cell(0, 1)
    issuer = issuer or (cfg.report.issuer if cfg else [])
    for n, text in enumerate(issuer):
        line(left, text.upper(), 13, bold=n == len(issuer) - 1)
    docx_xml.short_rule(left, TABLE_STYLE, 24, LEFT_MM)
    line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    line(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    docx_xml.short_rule(right, TABLE_STYLE, 66, RIGHT_MM)
    line(table.cell(1, 0), f"Số: {head.number}" if head.numbered else "", 13, before=6)
    where = place or (cfg.report.place if cfg else "")
    line(table.cell(1, 1), f"{where}, {header_date(head.issued)}", 14, italic=True, before=6)
    docx_xml.drop_empty_first((left, right, table.cell(1, 0), table.cell(1, 1)))
    line(doc, "", 6)
    line(doc, head.doc_type, 14, bold=True, before=12)
    line(doc, head.subject, 14, bold=True)
    docx_xml.short_rule(doc, TABLE_STYLE, 35, TEXT_MM)


def body(doc: DocumentType, blocks: list[Block]) -> None:
    par = None
    for block in blocks:
        par = docx_xml.styled_paragraph(doc, BLOCK_STYLES[block.kind])
        par.add_run(xml_safe(block.text))
    if par is not None:
        par.paragraph_format.keep_with_next = True  # the closing sentence stays with the signature


def signature(
    doc: DocumentType, label: str, recipients: list[str], signer: list[str], name: str, archive: str = ""
) -> None:
    """ "Nơi nhận" left (12 pt bold italic label, 11 pt lines), the signer right: authority and title lines
    bold, room for signature and seal, the name."""
    table = doc.add_table(rows=1, cols=2)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [62, 103])
    left, right = table.cell(0, 0), table.cell(0, 1)
    if recipients:
        line(left, label, 12, bold=True, italic=True, align="left", before=12)
        for r in recipients:
            line(left, f"- {r}", 11, align="left")
        if archive:
            line(left, f"- {archive}", 11, align="left")
    for n, text in enumerate(t for t in signer if t):
        line(right, text.upper(), 13, bold=True, before=12 if n == 0 else 0)
    for _ in range(4):
        line(right, "", 13)
    line(right, name, 14, bold=True)
    docx_xml.drop_empty_first((left, right))
    docx_xml.keep_rows_together(table)


def signature_grid(doc: DocumentType, blocks: list[tuple[list[str], str]], per_row: int = 3) -> None:
    """Several signers side by side (a pact, minutes), `per_row` to a row, in one table kept on one page:
    each block's title lines bold with room to sign and seal below, then the names in a table row of
    their own, so they stand on one line however many lines each title wraps to. A row that is not full
    keeps an empty paragraph in each cell it leaves blank (Word refuses a cell with none). The lines are
    written as XML (docx_xml.line_xml): a pact has hundreds of them."""
    cols = min(per_row, len(blocks))
    groups = [blocks[start : start + cols] for start in range(0, len(blocks), cols)]
    table = doc.add_table(rows=2 * len(groups), cols=cols)
    docx_xml.no_borders(table)
    docx_xml.column_widths(table, [TEXT_MM / cols] * cols)
    style = docx_xml.style_id(doc.part, TABLE_STYLE)
    rows = table._tbl.tr_lst
    for n, group in enumerate(groups):
        last = n == len(groups) - 1  # keep-with-next on every line but the last row's holds the table together
        cells = zip(rows[2 * n].tc_lst, rows[2 * n + 1].tc_lst, group, strict=False)  # the last row may be short
        for title_cell, name_cell, (title_lines, name) in cells:
            shown = [part for t in title_lines if t for part in t.split("\n")]
            titles = [
                docx_xml.line_xml(style, text.upper(), 12, bold=True, before=12 if k == 0 else 0, keep_next=True)
                for k, text in enumerate(shown)
            ]
            room = docx_xml.line_xml(style, "", 13, keep_next=True) * 4  # to sign and seal
            docx_xml.set_cell(title_cell, "".join(titles) + room)
            docx_xml.set_cell(name_cell, docx_xml.line_xml(style, name, 13, bold=True, keep_next=not last))
        for blank in rows[2 * n].tc_lst[len(group) :]:  # a short last row: its blank cells hold to the names too
            docx_xml.set_cell(blank, "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>")
    docx_xml.cant_split(table)


def grid(
    doc: DocumentType, headers: list[str], widths: list[float], rows: list[list[str]], aligns: list[str], bold=None
) -> None:
    """A bordered table with a repeated header row, filled fast (see docx_xml.append_rows)."""
    table = doc.add_table(rows=2, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    docx_xml.column_widths(table, widths)
    docx_xml.header_row(table, headers, TABLE_STYLE)
    docx_xml.repeat_header(table)
    docx_xml.append_rows(table, rows, bold or [False] * len(rows), aligns)


def document_title(head: Heading, issuer: str) -> str:
    """The file's title (a PDF reader's window, the Sở's e-office index): 'Báo cáo thành tích đề nghị tặng Cờ
    thi đua của Ủy ban nhân dân tỉnh năm 2023 - Tỉnh đoàn Lạng Sơn', what it is and whose, never the subject
    alone, which is the same for every cluster."""
    kind = head.doc_type.lower().capitalize()
    subject = head.subject[:1].lower() + head.subject[1:]
    return f"{kind} {subject} - {issuer}" if issuer else f"{kind} {subject}"


def save(doc: DocumentType, cfg: Config | None, target: Path, head: Heading, author: str = "") -> None:
    """`author`: the issuing body named in the file's properties (default: the cluster)."""
    issuer = author or (cfg.cluster.name if cfg else "")
    docx_xml.set_properties(doc, document_title(head, issuer), head.doc_type, issuer, head.draft, "thidua")
    with atomic_path(target) as tmp:
        doc.save(str(tmp))
