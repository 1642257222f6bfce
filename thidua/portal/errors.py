"""Every refusal and error in Vietnamese: one page per status, for Flask's own refusals, ours, and the ones
the server (waitress) answers before the application sees the request (portal/server.py)."""

from __future__ import annotations

from flask import render_template

# status → (title, what the person can do); {limit} is the upload limit in MB.
PAGES = {
    400: ("Yêu cầu không hợp lệ", "Trình duyệt gửi một yêu cầu không đọc được. Hãy tải lại trang rồi làm lại."),
    403: ("Không có quyền", "Hãy mở lại đường liên kết riêng của đơn vị, hoặc đăng nhập Văn phòng."),
    404: ("Không tìm thấy", "Trang hoặc tệp này không có, hoặc bạn không có quyền xem."),
    405: ("Không thực hiện được", "Hãy quay lại trang trước."),
    413: ("Tệp quá lớn", "Tệp gửi lên vượt quá {limit} MB; biểu mẫu đã điền thường dưới 1 MB."),
    429: ("Quá nhiều lần thử", "Hãy chờ 15 phút rồi thử lại."),
    500: (
        "Cổng thông tin gặp lỗi",
        "Yêu cầu chưa thực hiện được do một lỗi của Cổng thông tin; việc này đã được ghi lại. Hãy thử lại sau "
        "ít phút; nếu vẫn lỗi, báo Văn phòng.",
    ),
    503: ("Cổng thông tin đang bận", "Hãy thử lại sau ít phút."),
}
VARIANTS = {"csrf": ("Phiên làm việc đã hết hạn", "Hãy tải lại trang rồi làm lại.")}


def page(code: int, limit: int, variant: str = "") -> tuple[str, int]:
    title, text = VARIANTS.get(variant) or PAGES.get(code) or PAGES[400 if code < 500 else 500]
    return render_template("error.html", title=title, text=text.format(limit=limit)), code
