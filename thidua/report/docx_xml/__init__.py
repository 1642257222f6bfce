"""The one layer that touches Word's XML (python-docx's oxml): styles, sections, paragraphs, tables.
The report modules above it read like the report's outline."""

from thidua.report.docx_xml.paragraphs import boxed, line_xml, short_rule
from thidua.report.docx_xml.properties import set_properties
from thidua.report.docx_xml.sections import add_section, clear_body, page_numbers, page_setup
from thidua.report.docx_xml.styles import (
    ALIGN,
    FONT,
    STYLES,
    ensure_styles,
    set_fonts,
    set_language,
    style_id,
    styled_paragraph,
)
from thidua.report.docx_xml.tables import (
    append_rows,
    cant_split,
    column_widths,
    drop_empty_first,
    header_row,
    keep_rows_together,
    no_borders,
    repeat_header,
    set_cell,
)

__all__ = [
    "ALIGN",
    "FONT",
    "STYLES",
    "add_section",
    "append_rows",
    "boxed",
    "cant_split",
    "clear_body",
    "column_widths",
    "drop_empty_first",
    "ensure_styles",
    "header_row",
    "keep_rows_together",
    "line_xml",
    "no_borders",
    "page_numbers",
    "page_setup",
    "repeat_header",
    "set_cell",
    "set_fonts",
    "set_language",
    "set_properties",
    "short_rule",
    "style_id",
    "styled_paragraph",
]
