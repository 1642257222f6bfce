"""Named paragraph styles and fonts: Times New Roman in all four font slots."""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.run import Run

FONT = "Times New Roman"


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


LANGUAGE = "vi-VN"
# w:rPr's children that must come after w:lang (the schema fixes their order): a new w:lang goes before them.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_language(doc: Document, tag: str = LANGUAGE) -> None:
    """The text's language, in the document's defaults: Word checks spelling by it, and LibreOffice writes
    it as the PDF's /Lang, so a screen reader reads the dossier in Vietnamese (the template said en-US)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = next((rpr.find(qn(name)) for name in _AFTER_LANG if rpr.find(qn(name)) is not None), None)
        later.addprevious(lang) if later is not None else rpr.append(lang)
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), tag)


def styled_paragraph(container, name: str):
    """A new paragraph in a document or table cell with the named style. The style id is resolved once
    per document: python-docx's style setter scans every style on each call (to detect the default
    style), which dominated rendering a long report."""
    par = container.add_paragraph()
    par._p.style = style_id(container.part, name)
    return par


def style_id(part, name: str) -> str:
    """A paragraph style's id, resolved once per document part."""
    ids = part.__dict__.setdefault("_thidua_style_ids", {})
    if name not in ids:
        ids[name] = part.styles[name].style_id
    return ids[name]
