"""Paragraph decorations the decree asks for: the short rule under a heading, a framed mark; and lines written
as XML text where there are hundreds of them."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from thidua.strings import xml_safe


def short_rule(container, style: str, width_mm: float, space_mm: float) -> Paragraph:
    """The decree's short solid line under a heading: an empty 4 pt paragraph whose border is
    narrowed by equal indents to `width_mm` inside a space `space_mm` wide."""
    par = container.add_paragraph(style=style)
    fmt = par.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.left_indent = fmt.right_indent = Mm(max((space_mm - width_mm) / 2, 0))
    ppr = par._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    # A bottom border on a tiny empty paragraph sits clear of the text above in Word and LibreOffice alike.
    edge = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(k), v)
    bdr.append(edge)
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets the empty line's height
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "8")
    mark.append(size)
    ppr.append(mark)
    return par


def boxed(paragraph: Paragraph, width_mm: float, space_mm: float) -> None:
    """A framed label at the right edge (the "DỰ THẢO" mark): borders on all four sides, narrowed by
    a left indent so the box is `width_mm` wide."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            el.set(qn(k), v)
        bdr.append(el)
    ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr")
    paragraph.paragraph_format.left_indent = Mm(space_mm - width_mm)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def line_xml(
    style_id: str, text: str, size: float, bold: bool = False, before: float = 0, keep_next: bool = False
) -> str:
    """A centred line as lines.line writes it through python-docx (style, keep with next, space before,
    each "\\n" a line break, the run's bold, italic off, size), as XML text: a pact's signature grid has
    hundreds, and python-docx's property setters re-walk each paragraph's children on every call (84 signers:
    0,19 s, against a few milliseconds). tests/test_report.py compares the two element by element."""
    keep = "<w:keepNext/>" if keep_next else ""
    head = f"<w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/>{keep}"
    head += f'<w:spacing w:before="{Pt(before).twips}"/><w:jc w:val="center"/></w:pPr>'
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    properties = f'<w:rPr>{weight}<w:i w:val="0"/><w:sz w:val="{round(size * 2)}"/></w:rPr>'
    runs = []
    for n, piece in enumerate(xml_safe(text).split("\n")):
        space = ' xml:space="preserve"' if piece != piece.strip() else ""
        runs.append(f"<w:r>{properties}{'<w:br/>' if n else ''}<w:t{space}>{escape(piece)}</w:t></w:r>")
    return head + "".join(runs) + "</w:p>"
