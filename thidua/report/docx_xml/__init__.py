"""The one layer that touches Word's XML (python-docx's oxml): styles, sections, paragraphs, tables.
The report modules above it read like the report's outline."""

from thidua.report.docx_xml.paragraphs import boxed, short_rule
from thidua.report.docx_xml.properties import set_properties
from thidua.report.docx_xml.sections import add_section, clear_body, page_numbers, page_setup
from thidua.report.docx_xml.styles import ALIGN, FONT, STYLES, ensure_styles, set_fonts, set_language, styled_paragraph
from thidua.report.docx_xml.tables import (
    append_rows,
    column_widths,
    drop_empty_first,
    header_row,
    keep_rows_together,
    no_borders,
    repeat_header,
)

__all__ = [
    "ALIGN",
    "FONT",
    "STYLES",
    "add_section",
    "append_rows",
    "boxed",
    "clear_body",
    "column_widths",
    "drop_empty_first",
    "ensure_styles",
    "header_row",
    "keep_rows_together",
    "no_borders",
    "page_numbers",
    "page_setup",
    "repeat_header",
    "set_fonts",
    "set_language",
    "set_properties",
    "short_rule",
    "styled_paragraph",
]
