"""Editing a workbook's XML parts in place (a dict of part name → bytes): safe parsing that keeps
namespace prefixes (mc:Ignorable depends on them), relationships, content types, appended styles, and a
new first sheet. Used by markup.py for feedback copies."""

from __future__ import annotations

import copy
import math
import posixpath
import re
from xml.sax.saxutils import escape

from lxml import etree

from thidua.strings import xml_safe

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET_TYPE = f"{REL_NS}/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SUMMARY_SHEET = "Kết quả kiểm tra"
# Untrusted XML: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
FILLS = {"lỗi": "FFFFC7CE", "cảnh báo": "FFFFEB9C"}
WIDTHS = (11, 14, 8, 80, 22)  # the summary's columns: severity, sheet, cell, message, code


class Fallback(Exception):
    """This file needs the slower openpyxl path."""


def parse(xml: bytes) -> etree._Element:
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as err:
        raise Fallback("xml") from err


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def add_rel(parts: dict[str, bytes], rels_name: str, rel_type: str, target: str) -> str:
    """Add a relationship to a .rels part (created if missing); returns its new Id."""
    root = (
        parse(parts[rels_name]) if rels_name in parts else etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS})
    )
    taken = {el.get("Id") for el in root}
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rid, Type=rel_type, Target=target)
    parts[rels_name] = serialise(root)
    return rid


def content_type(parts: dict[str, bytes], part: str | None, ctype: str, extension: str = "") -> None:
    """Declare a part's content type (an Override), or an extension's (a Default) if not declared yet."""
    root = parse(parts["[Content_Types].xml"])
    if extension:
        if not any(el.get("Extension", "").lower() == extension for el in root.iter(f"{{{TYPES}}}Default")):
            root.insert(0, etree.Element(f"{{{TYPES}}}Default", Extension=extension, ContentType=ctype))
    else:
        etree.SubElement(root, f"{{{TYPES}}}Override", PartName=part, ContentType=ctype)
    parts["[Content_Types].xml"] = serialise(root)


class Styles:
    """Fonts, fills and cell formats appended to styles.xml; existing indexes never move."""

    def __init__(self, xml: bytes):
        self.root = parse(xml)
        self.fonts, self.fills, self.xfs = (self.root.find(q(t)) for t in ("fonts", "fills", "cellXfs"))
        if self.fonts is None or self.fills is None or self.xfs is None:
            raise Fallback("styles")
        self.fill_ids = {severity: self._fill(colour) for severity, colour in FILLS.items()}
        self.cache: dict[tuple[int, str], int] = {}

    def _append(self, parent: etree._Element, element: etree._Element) -> int:
        parent.append(element)
        parent.set("count", str(len(parent)))
        return len(parent) - 1

    def _fill(self, colour: str) -> int:
        fill = etree.Element(q("fill"))
        pattern = etree.SubElement(fill, q("patternFill"), patternType="solid")
        etree.SubElement(pattern, q("fgColor"), rgb=colour)
        etree.SubElement(pattern, q("bgColor"), indexed="64")
        return self._append(self.fills, fill)

    def filled(self, style: int, severity: str) -> int:
        """A format like `style`, filled for `severity`."""
        if (style, severity) not in self.cache:
            xfs = list(self.xfs)
            xf = copy.deepcopy(xfs[style] if style < len(xfs) else xfs[0])
            xf.set("fillId", str(self.fill_ids[severity]))
            xf.set("applyFill", "1")
            self.cache[(style, severity)] = self._append(self.xfs, xf)
        return self.cache[(style, severity)]

    def text_format(self, size: int = 11, bold: bool = False, fill: str = "", wrap: bool = True) -> int:
        """A top-aligned Times New Roman format for the summary sheet, wrapped unless told not to."""
        font = etree.Element(q("font"))
        if bold:
            etree.SubElement(font, q("b"))
        etree.SubElement(font, q("sz"), val=str(size))
        etree.SubElement(font, q("name"), val="Times New Roman")
        font_id = self._append(self.fonts, font)
        fill_id = str(self.fill_ids[fill]) if fill else "0"
        attributes = {"numFmtId": "0", "fontId": str(font_id), "fillId": fill_id, "borderId": "0", "xfId": "0"}
        xf = etree.Element(q("xf"), **attributes, applyFont="1", applyFill="1", applyAlignment="1")
        etree.SubElement(xf, q("alignment"), wrapText="1" if wrap else "0", vertical="top")
        return self._append(self.xfs, xf)


def _summary_xml(rows: list[list[str]], styles: Styles) -> bytes:
    title, header, body = styles.text_format(13, True, wrap=False), styles.text_format(11, True), styles.text_format()
    by_severity = {severity: styles.text_format(fill=severity) for severity in FILLS}
    xml_rows = []
    for n, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            style = title if n == 1 else header if n == 3 else by_severity.get(value, body) if c == 0 else body
            ref = f"{'ABCDE'[c]}{n}"
            text = escape(xml_safe(value))
            cells.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        lines = max((math.ceil(len(v) * 1.1 / (w - 1)) for v, w in zip(row, WIDTHS, strict=False)), default=1)
        height = f' ht="{15 * max(lines, 1)}" customHeight="1"' if n > 3 else ""  # Excel does not grow rows itself
        xml_rows.append(f'<row r="{n}"{height}>{"".join(cells)}</row>')
    widths = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, 1))
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL_NS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView tabSelected="1" workbookViewId="0"/>'
        f'</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>{"".join(xml_rows)}'
        '</sheetData><pageMargins left="0.6" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>'
    ).encode()


def add_summary_sheet(
    parts: dict[str, bytes], workbook: str, sheet_parts: dict[str, str], styles: Styles, rows: list[list[str]]
) -> None:
    """A new first sheet holding `rows`, selected and shown when the copy opens."""
    folder = posixpath.dirname(workbook)
    number = (
        max((int(m[1]) for n in parts if (m := re.fullmatch(rf"{folder}/worksheets/sheet(\d+)\.xml", n))), default=0)
        + 1
    )
    part = f"{folder}/worksheets/sheet{number}.xml"
    parts[part] = _summary_xml(rows, styles)
    rid = add_rel(
        parts,
        posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels"),
        WORKSHEET_TYPE,
        posixpath.relpath(part, folder),
    )
    content_type(parts, f"/{part}", WORKSHEET_CT)
    book = parse(parts[workbook])
    sheets = book.find(q("sheets"))
    if sheets is None:
        raise Fallback("no sheets")
    names = {el.get("name") for el in sheets}
    name = next(n for n in (SUMMARY_SHEET, *(f"{SUMMARY_SHEET} ({k})" for k in range(2, 100))) if n not in names)
    ids = [int(el.get("sheetId", "0")) for el in sheets]
    sheet = etree.Element(q("sheet"), name=name, sheetId=str(max(ids, default=0) + 1))
    sheet.set(f"{{{REL_NS}}}id", rid)
    sheets.insert(0, sheet)
    for defined in book.iter(q("definedName")):  # sheet-scoped names count sheets by position
        if (local := defined.get("localSheetId")) is not None:
            defined.set("localSheetId", str(int(local) + 1))
    for view in book.iter(q("workbookView")):
        view.set("activeTab", "0")
        view.attrib.pop("firstSheet", None)
    parts[workbook] = serialise(book)
    for other in sheet_parts.values():  # only one tab may be selected, or Excel groups the sheets
        if other in parts and b'tabSelected="1"' in parts[other]:
            parts[other] = parts[other].replace(b'tabSelected="1"', b'tabSelected="0"')
