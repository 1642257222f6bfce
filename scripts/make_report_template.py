"""Build thidua/assets/mau-bao-cao.docx: the Word file whose named styles the report uses.

The chair may open that file (or a copy named in config.yaml, report.template) in Word and change
the styles (Normal, Heading 1-4, "Tiêu đề phần", "Ghi chú dự thảo", "Bảng"); the report keeps them.
Run: .venv/bin/python scripts/make_report_template.py
"""

import sys
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from thidua.report import docx_xml  # noqa: E402
from thidua.report.frame import DEFAULT_TEMPLATE  # noqa: E402

doc = Document()
docx_xml.ensure_styles(doc, force=True)
docx_xml.page_setup(doc.sections[0])
doc.add_paragraph("Mẫu định dạng báo cáo thidua: sửa các kiểu (style) trong tệp này để đổi định dạng báo cáo.")
doc.core_properties.title = "Mẫu định dạng báo cáo thidua"
doc.core_properties.author = "thidua"
doc.save(str(DEFAULT_TEMPLATE))
print(f"Đã ghi {DEFAULT_TEMPLATE}")
