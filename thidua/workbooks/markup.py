"""A unit's workbook, marked up without loading it: its zip is copied part by part, and only the parts a
mark needs are edited (styles for the fills, the marked sheets, their comments and VML drawings, a new
summary sheet in front). Fast (milliseconds, whatever the sheet's size) and faithful: everything else in
the unit's file is kept byte for byte, including what openpyxl would drop (extended validations, images).

Raises xlsx_parts.Fallback when the file is shaped in a way this does not handle (comments already on a marked
sheet, cells without references, Strict OOXML); the caller then uses openpyxl.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from thidua.intake import ooxml
from thidua.workbooks.xlsx_parts import (
    FILLS,
    MAIN,
    REL_NS,
    Fallback,
    Styles,
    add_rel,
    add_summary_sheet,
    content_type,
    parse,
    q,
    serialise,
)

COMMENTS_TYPE = f"{REL_NS}/comments"
VML_TYPE = f"{REL_NS}/vmlDrawing"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
# CT_Worksheet: legacyDrawing must come before these (and after everything else).
AFTER_LEGACY_DRAWING = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems"]
AFTER_LEGACY_DRAWING += ["tableParts", "extLst"]


@dataclass(frozen=True)
class Mark:
    cell: str
    severity: str  # "lỗi" or "cảnh báo" (fills); "thông tin" gets a comment only
    text: str


def _merged_anchor(sheet: etree._Element, ref: str) -> str:
    """A cell inside a merged range is marked on the range's top-left cell."""
    position = ooxml.cell_index(ref)
    for merge in sheet.iter(q("mergeCell")):
        first, _, last = merge.get("ref", "").partition(":")
        top, bottom = ooxml.cell_index(first), ooxml.cell_index(last or first)
        if position and top and bottom and top[0] <= position[0] <= bottom[0] and top[1] <= position[1] <= bottom[1]:
            return first
    return ref


def _cell(sheet_data: etree._Element, ref: str) -> etree._Element:
    """The <c> element of `ref`, created in row and column order when the cell was never written."""
    row_number, column = ooxml.cell_index(ref) or (0, 0)
    row = None
    for candidate in sheet_data:
        number = candidate.get("r")
        if number is None:
            raise Fallback("implied rows")
        if int(number) - 1 == row_number:
            row = candidate
            break
        if int(number) - 1 > row_number:
            row = etree.Element(q("row"), r=str(row_number + 1))
            candidate.addprevious(row)
            break
    if row is None:
        row = etree.SubElement(sheet_data, q("row"), r=str(row_number + 1))
    for cell in row:
        position = ooxml.cell_index(cell.get("r") or "")
        if position is None:
            raise Fallback("implied cells")
        if position[1] == column:
            return cell
        if position[1] > column:
            new = etree.Element(q("c"), r=ref)
            cell.addprevious(new)
            return new
    return etree.SubElement(row, q("c"), r=ref)


def _vml(marks: list[Mark], block: int) -> bytes:
    shapes = []
    for n, mark in enumerate(marks):
        row, col = ooxml.cell_index(mark.cell) or (0, 0)
        anchor = f"{col + 1}, 15, {max(row - 1, 0)}, 10, {col + 4}, 15, {row + 5}, 4"
        shapes.append(
            f'<v:shape id="_x0000_s{block * 1024 + n + 1}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:{60 * (col + 1)}pt;margin-top:{15 * max(row - 1, 0)}pt;width:220pt;height:90pt;"
            f'z-index:{n + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{anchor}</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row>"
            f"<x:Column>{col}</x:Column></x:ClientData></v:shape>"
        )
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit">'
        f'<o:idmap v:ext="edit" data="{block}"/></o:shapelayout><v:shapetype id="_x0000_t202" '
        'coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
        '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' + "".join(shapes) + "</xml>"
    ).encode("utf-8")


def _comments(marks: list[Mark], author: str) -> bytes:
    root = etree.Element(q("comments"), nsmap={None: MAIN})
    etree.SubElement(etree.SubElement(root, q("authors")), q("author")).text = author
    listed = etree.SubElement(root, q("commentList"))
    for mark in marks:
        comment = etree.SubElement(listed, q("comment"), ref=mark.cell, authorId="0")
        run = etree.SubElement(etree.SubElement(comment, q("text")), q("r"))
        properties = etree.SubElement(run, q("rPr"))
        etree.SubElement(properties, q("sz"), val="9")
        etree.SubElement(properties, q("rFont"), val="Times New Roman")
        text = etree.SubElement(run, q("t"))
        text.text = mark.text
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return serialise(root)


def _next_number(names: set[str], pattern: str) -> int:
    numbers = [int(m[1]) for n in names if (m := re.fullmatch(pattern, n))]
    return max(numbers, default=0) + 1


def _mark_sheet(parts: dict[str, bytes], part: str, marks: list[Mark], styles: Styles, author: str) -> None:
    sheet = parse(parts[part])
    if sheet.tag != q("worksheet") or sheet.find(q("legacyDrawing")) is not None:
        raise Fallback("sheet")
    sheet_data = sheet.find(q("sheetData"))
    if sheet_data is None:
        raise Fallback("no sheetData")
    by_cell: dict[str, list[Mark]] = {}
    for mark in marks:
        by_cell.setdefault(_merged_anchor(sheet, mark.cell), []).append(mark)
    notes = []
    for ref, items in by_cell.items():
        cell = _cell(sheet_data, ref)
        worst = "lỗi" if any(m.severity == "lỗi" for m in items) else items[0].severity
        if worst in FILLS:
            cell.set("s", str(styles.filled(int(cell.get("s", "0")), worst)))
        notes.append(Mark(ref, worst, "\n".join(f"[{m.severity.upper()}] {m.text}" for m in items)))
    n_comments = _next_number(set(parts), r"xl/comments(\d+)\.xml")
    n_vml = _next_number(set(parts), r"xl/drawings/vmlDrawing(\d+)\.vml")
    parts[f"xl/comments{n_comments}.xml"] = _comments(notes, author)
    parts[f"xl/drawings/vmlDrawing{n_vml}.vml"] = _vml(notes, n_vml)
    rels_name = ooxml.rels_part(part)
    folder = posixpath.dirname(part)
    add_rel(parts, rels_name, COMMENTS_TYPE, posixpath.relpath(f"xl/comments{n_comments}.xml", folder))
    vml_id = add_rel(parts, rels_name, VML_TYPE, posixpath.relpath(f"xl/drawings/vmlDrawing{n_vml}.vml", folder))
    legacy = etree.Element(q("legacyDrawing"))
    legacy.set(f"{{{REL_NS}}}id", vml_id)
    later = next((el for el in sheet if etree.QName(el).localname in AFTER_LEGACY_DRAWING), None)
    later.addprevious(legacy) if later is not None else sheet.append(legacy)
    parts[part] = serialise(sheet)
    content_type(parts, f"/xl/comments{n_comments}.xml", COMMENTS_CT)
    content_type(parts, None, VML_CT, extension="vml")


def mark_up(source: bytes, marks: dict[str, list[Mark]], summary: list[list[str]], author: str) -> bytes:
    """The source workbook with `marks` (sheet → marks) and a first sheet listing `summary` rows."""
    with zipfile.ZipFile(io.BytesIO(source)) as zf:
        infos = zf.infolist()
        parts = {i.filename: zf.read(i.filename) for i in infos}
    if any(MAIN not in parts.get(name, b"").decode("utf-8", "replace")[:2000] for name in ("xl/workbook.xml",)):
        raise Fallback("not transitional OOXML")
    workbook = ooxml.workbook_part(parts.get(ooxml.ROOT_RELS))
    sheet_parts = ooxml.sheet_parts(workbook, parts[workbook], parts[ooxml.rels_part(workbook)])
    styles_part = posixpath.join(posixpath.dirname(workbook), "styles.xml")
    if styles_part not in parts:
        raise Fallback("no styles")
    styles = Styles(parts[styles_part])
    for sheet, items in marks.items():
        if sheet in sheet_parts and items:
            _mark_sheet(parts, sheet_parts[sheet], items, styles, author)
    add_summary_sheet(parts, workbook, sheet_parts, styles, summary)
    parts[styles_part] = serialise(styles.root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:  # speed over a few kB
        known = {i.filename for i in infos}
        for info in infos:  # a member written with its own ZipInfo takes the level only when it is given
            zf.writestr(info, parts[info.filename], compresslevel=1)
        for name in parts.keys() - known:
            zf.writestr(name, parts[name])
    return out.getvalue()
