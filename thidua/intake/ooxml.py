"""The few facts calamine does not give, parsed from a workbook's XML parts: where each sheet lives, which
cells hold formulas, when the clerk last saved. Real XML parsing by local name, so any attribute order or
namespace prefix (Excel, LibreOffice, WPS, Google) reads the same; lxml parses them configured for untrusted
input: no entity expansion, no DTD, no network, no huge trees."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from lxml import etree

from thidua.layout import col_letter
from thidua.periods import VN_TZ

ROOT_RELS = "_rels/.rels"
DEFAULT_WORKBOOK = "xl/workbook.xml"
OFFICE_DOCUMENT = "/officeDocument"  # the end of the root relationship's type that names the workbook part
# Cheap pre-test: almost no returned template has a formula, so most sheets are never parsed in full.
_MAYBE_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_W3CDTF = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def local(tag: str) -> str:
    """'{namespace}name' or 'name' → 'name'."""
    return tag.rsplit("}", 1)[-1]


def _attr(element: object, name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix (r:id, x:id, id)."""
    attrib: dict[str, str] = getattr(element, "attrib", {})
    return next((v for k, v in attrib.items() if local(k) == name), None)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
ParseError = etree.XMLSyntaxError


def _elements(xml: bytes, name: str) -> Iterable[Any]:
    root = etree.fromstring(xml, _PARSER)
    return (el for el in root.iter() if isinstance(el.tag, str) and local(el.tag) == name)


def _relationships(xml: bytes) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of every relationship in a .rels part."""
    return [(el.get("Id", ""), el.get("Type", ""), el.get("Target", "")) for el in _elements(xml, "Relationship")]


def _resolve(source_part: str, target: str) -> str:
    """A relationship target → the part name inside the zip (targets are relative to the source's folder)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def rels_part(part: str) -> str:
    """'xl/workbook.xml' → 'xl/_rels/workbook.xml.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def workbook_part(root_rels: bytes | None) -> str:
    """The workbook part named by the package's root relationships (nearly always xl/workbook.xml)."""
    for _, rel_type, target in _relationships(root_rels) if root_rels else []:
        if rel_type.endswith(OFFICE_DOCUMENT):
            return _resolve("", target)
    return DEFAULT_WORKBOOK


def sheet_parts(workbook: str, workbook_xml: bytes, workbook_rels: bytes) -> dict[str, str]:
    """Sheet name → its XML part."""
    targets = {rid: _resolve(workbook, target) for rid, _, target in _relationships(workbook_rels)}
    out = {}
    for sheet in _elements(workbook_xml, "sheet"):
        name, rid = _attr(sheet, "name"), _attr(sheet, "id")
        if name is not None and rid in targets:
            out[name] = targets[rid]
    return out


def saved_at(core_xml: bytes | None) -> datetime | None:
    """When the file was last saved (docProps/core.xml, dcterms:modified), in Vietnam time; None if absent
    or unreadable. Excel writes UTC with 'Z'; a time without a zone is taken as UTC, as W3CDTF means."""
    if not core_xml:
        return None
    try:
        element = next(iter(_elements(core_xml, "modified")), None)
    except ParseError:
        return None
    match = _W3CDTF.fullmatch((getattr(element, "text", None) or "").strip())
    if not match:
        return None
    day, clock, _fraction, zone = match.groups()  # fractions beyond microseconds (LibreOffice) are dropped
    zone = "+00:00" if zone in (None, "Z") else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    try:
        moment = datetime.fromisoformat(f"{day}T{clock}{zone}")
    except ValueError:
        return None
    return moment.astimezone(UTC).astimezone(VN_TZ)


def cell_index(ref: str) -> tuple[int, int] | None:
    """'E8' → (7, 4), 0-based; None when it is not an A1 reference."""
    match = _REF.fullmatch(ref)
    if not match:
        return None
    col = 0
    for ch in match[1]:
        col = col * 26 + ord(ch) - 64
    return int(match[2]) - 1, col - 1


def maybe_formulas(xml_head: bytes) -> bool:
    return _MAYBE_FORMULA.search(xml_head) is not None


def _positions(stream: IO[bytes]) -> Iterator[tuple[str, int, int]]:
    """('c', row, col) for each cell and ('f', row, col) for each formula, 0-based, streamed element by
    element. Cells or rows without an 'r' attribute (allowed by the standard) follow the previous one."""
    row, col = -1, -1
    parse = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False)
    for event, el in parse:
        name = local(el.tag) if isinstance(el.tag, str) else ""
        if event == "end":
            if name == "row":
                el.clear()  # keeps memory flat on a huge sheet
            continue
        if name == "row":
            ref = el.get("r")
            row, col = (int(ref) - 1 if ref and ref.isdigit() else row + 1), -1
        elif name == "c":
            position = cell_index(el.get("r") or "")
            row, col = position if position else (row, col + 1)
            yield "c", row, col
        elif name == "f":
            yield "f", row, col


def formula_cells(stream: IO[bytes]) -> set[tuple[int, int]]:
    """0-based (row, col) of every cell with a formula (<f>)."""
    return {(row, col) for kind, row, col in _positions(stream) if kind == "f"}


def extent(stream: IO[bytes]) -> tuple[int, int]:
    """(rows, columns) the sheet's cells span from A1."""
    rows = cols = 0
    for _, row, col in _positions(stream):
        rows, cols = max(rows, row + 1), max(cols, col + 1)
    return rows, cols


def column_letters(number: int) -> str:
    """1 → 'A', 16384 → 'XFD'."""
    return col_letter(number - 1)
