"""The office's receipt book, pre-filled: outputs/so-nhan-bao-cao.xlsx lists every return that did not come
through the portal, with what is known of when it came. The secretary types the day each one reached the
office (the e-mail's date) and saves the book as inputs/so-nhan-bao-cao.xlsx, where intake/receipts.py reads
it; the dates already recorded there are carried over, so the book is never typed twice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.intake.check import Checked
from thidua.intake.receipts import as_typed
from thidua.workbooks.cells import Formats, print_setup

HEADER_ROW = 3  # 0-based: the title, one line of instructions, a blank line, then the header
WIDTHS = [6, 60, 26, 24, 20, 14, 30]


def write_receipt_book(checked: Checked, cfg: Config, target: Path) -> None:
    with atomic_path(target) as tmp:
        import xlsxwriter

        from thidua.workbooks.bulk import BulkSheet

        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True})
        formats = Formats(wb)
        day = wb.add_format({"font_name": "Times New Roman", "font_size": 11, "border": 1, "num_format": "dd/mm/yyyy"})
        stamp = wb.add_format(
            {"font_name": "Times New Roman", "font_size": 11, "border": 1, "num_format": "dd/mm/yyyy hh:mm"}
        )
        typed = wb.add_format(
            {"font_name": "Times New Roman", "font_size": 11, "border": 1, "num_format": "dd/mm/yyyy"}
            | {"bg_color": "#FFF2CC", "locked": False}
        )
        ws = wb.add_worksheet(layout.SHEET_RECEIPTS, worksheet_class=BulkSheet)
        ws.write_string(0, 0, "SỔ NHẬN BÁO CÁO GỬI QUA THƯ ĐIỆN TỬ HOẶC BẢN GIẤY", formats.title)
        guide = wb.add_format({"font_name": "Times New Roman", "font_size": 11, "italic": True, "text_wrap": True})
        ws.set_row(1, 32)
        ws.merge_range(
            1,
            0,
            1,
            len(WIDTHS) - 1,
            "Ghi ngày Văn phòng nhận được từng tệp (ngày của thư điện tử) vào cột “Ngày nhận”, dạng 25/07/2023; lưu "
            f"tệp này vào thư mục báo cáo (inputs) với tên {layout.RECEIPT_BOOK}. Tệp nộp qua Cổng thông tin "
            "không cần ghi: Cổng đã ghi giờ nhận.",
            guide,
        )
        for c, (label, width) in enumerate(zip(layout.RECEIPT_HEADERS, WIDTHS, strict=True)):
            ws.write_string(HEADER_ROW, c, label, formats.header)
            ws.set_column(c, c, width)
        names = {u.code: u.short_name for u in cfg.units} | {"": f"Văn phòng {cfg.cluster.word}"}
        rows = []
        for n, row in enumerate(checked.received_rows, 1):
            when = row["saved"]
            saved = ("không ghi", formats.center) if when is None else (when.replace(tzinfo=None), stamp)
            received = (None, typed) if row["received"] is None else (as_typed(row["received"]), day)
            unit = names.get(row["unit"], row["unit"])
            texts = [(row["file"], formats.text), (unit, formats.text), (row["period"], formats.text)]
            rows.append([(n, formats.center), *texts, saved, received, (None, formats.text)])
        ws.write_rows(HEADER_ROW + 1, rows)
        last = HEADER_ROW + max(len(checked.received_rows), 1)
        ws.data_validation(
            HEADER_ROW + 1,
            5,
            last,
            5,
            {
                "validate": "date",
                "criteria": ">",
                "value": datetime(2000, 1, 1),
                "input_title": "Ngày nhận",
                "input_message": "Ngày Văn phòng nhận được tệp, dạng 25/07/2023",
                "error_message": "Hãy nhập một ngày, dạng 25/07/2023.",
            },
        )
        ws.freeze_panes(HEADER_ROW + 1, 0)
        print_setup(ws, HEADER_ROW)
        wb.close()
