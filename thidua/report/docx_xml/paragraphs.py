"""Paragraph decorations the decree asks for: the short rule under a heading, a framed mark."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph


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
