"""Sections: A4 page setup with the decree's margins, page-number fields, the body cleared."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from thidua.report.docx_xml.styles import set_fonts

# Word rejects a file whose elements are out of schema order, so each insertion names what must follow it.
_AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def page_setup(section, landscape: bool = False) -> None:
    """A4 with the decree's margins: top/bottom 20 mm, left 30 mm, right 15 mm (portrait)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    top, bottom, left, right = (25, 20, 20, 20) if landscape else (20, 20, 30, 15)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)


def add_section(doc: Document, landscape: bool) -> object:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape)
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    return section


def page_numbers(section, size: float = 13, restart: bool = False) -> None:
    """Centred PAGE field in the top margin; not shown on the section's first page."""
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run()
    for tag, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run.font.size = Pt(size)
    set_fonts(run)
    if restart:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:start"), "1")
        section._sectPr.insert_element_before(pg, *_AFTER_PGNUMTYPE)


def clear_body(doc: Document) -> None:
    """Remove the style template's sample content, keeping its final section properties."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
