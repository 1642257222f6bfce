"""Single styled lines, the bricks of the header, signature block and annex titles."""

from __future__ import annotations

from docx.shared import Pt
from docx.text.paragraph import Paragraph

from thidua.config import Unit
from thidua.report import docx_xml
from thidua.strings import xml_safe

TABLE_STYLE = "Bảng"  # the plain 12 pt style of the shipped Word template, used for every line outside the body


def line(
    container,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    before: float = 0,
) -> Paragraph:
    """One paragraph in a document or table cell; "\\n" in the text (from config) is a line break."""
    par = docx_xml.styled_paragraph(container, TABLE_STYLE)
    par.alignment = docx_xml.ALIGN[align]
    par.paragraph_format.space_before = Pt(before)
    for n, piece in enumerate(xml_safe(text).split("\n")):
        run = par.add_run()
        if n:
            run.add_break()
        run.add_text(piece)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return par


def doc_number(number: int | None, symbol: str) -> str:
    """'05/BC-CTĐ', or a blank to fill in by hand: numbers below 10 get a leading zero."""
    return f"{number:02d}/{symbol}" if number else f"       /{symbol}"


def unit_signer(unit: Unit, named: bool = False) -> list[str]:
    """The title lines a member unit signs under: its name when several units sign side by side (`named`),
    its authority ('TM. BAN THƯỜNG VỤ'; default 'TM. <short name>'), its head's title."""
    if unit.authority is None:
        return [f"TM. {unit.short_name}", unit.head or "THỦ TRƯỞNG ĐƠN VỊ"]
    lines = [unit.short_name] if named else []
    return [*lines, *(t for t in (unit.authority, unit.head or "THỦ TRƯỞNG ĐƠN VỊ") if t)]
