"""The one module that touches Word's XML: fonts in all four slots, borders, fields, sections, fast rows."""

from __future__ import annotations

import copy

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
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
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_GRIDSPAN = (
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)


def set_fonts(element: BaseStyle | Run, name: str = FONT) -> None:
    """Set ascii, hAnsi, eastAsia and cs fonts: Word falls back per script when a slot is empty."""
    fonts = element.element.get_or_add_rPr().get_or_add_rFonts()  # placed in schema order
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


# name → (base, size pt, bold, italic, alignment, first-line indent cm, space before pt, keep with next)
STYLES: dict[str, tuple[str | None, float, bool, bool, str, float, float, bool]] = {
    "Normal": (None, 14, False, False, "justify", 1.0, 6, False),
    "Heading 1": ("Normal", 14, True, False, "center", 0, 12, True),
    "Tiêu đề phần": ("Normal", 14, True, False, "center", 0, 0, True),
    "Heading 2": ("Normal", 14, True, False, "justify", 1.0, 6, True),
    "Heading 3": ("Normal", 14, True, False, "justify", 1.0, 6, True),
    "Heading 4": ("Normal", 14, False, True, "justify", 1.0, 6, True),
    "Ghi chú dự thảo": ("Normal", 13, False, True, "justify", 1.0, 6, False),
    "Bảng": ("Normal", 12, False, False, "left", 0, 0, False),
}
ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def ensure_styles(doc: Document, force: bool = False) -> list[str]:
    """Create the report's named styles the template lacks; a chair-edited style is kept as is
    unless `force` (used when building the shipped template). Returns the names created."""
    created = []
    names = {s.name for s in doc.styles}
    for name, (base, size, bold, italic, align, indent, before, keep) in STYLES.items():
        if name in names and not force:
            continue
        style = doc.styles[name] if name in names else doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name not in names:
            created.append(name)
        if base:
            style.base_style = doc.styles[base]
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.all_caps = False
        set_fonts(style)
        pf = style.paragraph_format
        pf.alignment, pf.first_line_indent = ALIGN[align], Cm(indent) if indent else Cm(0)
        pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(0), 1.15
        pf.keep_with_next = keep
    return created


def page_setup(section, landscape: bool = False) -> None:
    """A4 with the decree's margins: top/bottom 20 mm, left 30 mm, right 15 mm (portrait)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(25),
            Mm(20),
            Mm(20),
            Mm(20),
        )
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(20),
            Mm(20),
            Mm(30),
            Mm(15),
        )
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


def no_borders(table: Table) -> None:
    """A layout table (header, signature): no borders and no side padding, so text uses the full width."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", *_AFTER_TBLCELLMAR)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.insert_element_before(margins, *_AFTER_TBLCELLMAR)


def column_widths(table: Table, widths_mm: list[float]) -> None:
    """Widths on both the grid and every cell: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def repeat_header(table: Table) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.insert_element_before(el, "w:tblCellSpacing", "w:jc", "w:hidden")


def _span(tr, n_cols: int) -> None:
    """Merge every cell after the first into one (a group row's title across the table)."""
    cells = tr.findall(qn("w:tc"))
    for tc in cells[2:]:
        tr.remove(tc)
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(n_cols - 1))
    cells[1].get_or_add_tcPr().insert_element_before(span, *_AFTER_GRIDSPAN)


def append_rows(table: Table, rows: list[list[str]], bold: list[bool], aligns: list[str]) -> None:
    """Add many rows fast: clone one styled template row's XML instead of cell.text per cell
    (python-docx re-walks the table on every cell access, which is quadratic on large tables).
    A bold row whose cells after the second are all empty becomes a group row spanning the table."""
    proto = table.rows[-1]._tr
    n_cols = len(aligns)
    for values, is_bold in zip(rows, bold, strict=True):
        tr = copy.deepcopy(proto)
        group = is_bold and not any(values[2:])
        if group:
            _span(tr, n_cols)
            values, row_aligns = values[:2], ["center", "left"]
        else:
            row_aligns = aligns
        for tc, value, align in zip(tr.findall(qn("w:tc")), values, row_aligns, strict=True):
            p = tc.find(qn("w:p"))
            for r in p.findall(qn("w:r")):
                p.remove(r)
            ppr = p.get_or_add_pPr()
            jc = ppr.find(qn("w:jc"))
            if jc is None:
                jc = OxmlElement("w:jc")
                ppr.append(jc)
            jc.set(qn("w:val"), align)
            r = OxmlElement("w:r")
            if is_bold:
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:b"))
                r.append(rpr)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = value
            r.append(t)
            p.append(r)
        table._tbl.append(tr)
    table._tbl.remove(proto)


def clear_body(doc: Document) -> None:
    """Remove the style template's sample content, keeping its final section properties."""
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)


def drop_empty_first(cells) -> None:  # type: ignore[no-untyped-def]
    """A new table cell starts with an empty paragraph; our lines were added after it."""
    for cell in cells:
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)


def keep_rows_together(table: Table) -> None:
    """Rows never split across pages (the signature block stays whole)."""
    for row in table.rows:
        row._tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"
        )
