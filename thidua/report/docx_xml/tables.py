"""Tables: layout tables without borders, widths Word and LibreOffice both read, fast rows."""

from __future__ import annotations

import copy

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docx.table import Table

# Word rejects a file whose elements are out of schema order, so each insertion names what must follow it.
_AFTER_TBLCELLMAR = (
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
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
    keep_rows_together(table)  # an annex row is read whole: never half on one page, half on the next
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
            par = tc.find(qn("w:p"))
            for old in par.findall(qn("w:r")):
                par.remove(old)
            ppr = par.get_or_add_pPr()
            jc = ppr.find(qn("w:jc"))
            if jc is None:
                jc = OxmlElement("w:jc")
                ppr.append(jc)
            jc.set(qn("w:val"), align)
            run = OxmlElement("w:r")
            if is_bold:
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:b"))
                run.append(rpr)
            text = OxmlElement("w:t")
            text.set(qn("xml:space"), "preserve")
            text.text = value
            run.append(text)
            par.append(run)
        table._tbl.append(tr)
    table._tbl.remove(proto)


def drop_empty_first(cells) -> None:
    """A new table cell starts with an empty paragraph; our lines were added after it. A cell nothing was
    added to keeps it: Word reports a cell without a paragraph as damaged content."""
    for cell in cells:
        paragraphs = cell.paragraphs
        if len(paragraphs) > 1 and not paragraphs[0].text:
            paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


def set_cell(tc, paragraphs_xml: str) -> None:
    """A table cell's paragraphs (its own empty one included) replaced by these, given as XML text."""
    for old in tc.findall(qn("w:p")):
        tc.remove(old)
    for paragraph in parse_xml(f"<w:tc {nsdecls('w')}>{paragraphs_xml}</w:tc>"):
        tc.append(paragraph)


def cant_split(table: Table) -> None:
    """No row split across two pages."""
    for tr in table._tbl.tr_lst:
        tr.get_or_add_trPr().insert_element_before(
            OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"
        )


def keep_rows_together(table: Table) -> None:
    """Rows never split across pages, nor part from the rows after them: a signature block stays whole on
    one page (keep-with-next on every paragraph but the last row's is how Word keeps a table together)."""
    cant_split(table)
    for n, row in enumerate(table.rows):
        if n < len(table.rows) - 1:
            for cell in row.cells:
                for par in cell.paragraphs:
                    par.paragraph_format.keep_with_next = True


def header_row(table: Table, texts: list[str], style: str) -> None:
    """The first row's cells: bold, centred, in `style`; the row below (the prototype append_rows clones)
    gets the style too. One pass over the cells: table.cell() re-walks the whole table on every call."""
    from thidua.report.docx_xml.styles import style_id

    sid = style_id(table.part, style)
    for cell, text in zip(table.rows[0].cells, texts, strict=True):
        par = cell.paragraphs[0]
        par._p.style = sid
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.add_run(text).bold = True
    for cell in table.rows[1].cells:
        cell.paragraphs[0]._p.style = sid
