"""Findings as data: a closed list of codes, each with a severity and a Vietnamese meaning."""

from __future__ import annotations

from dataclasses import dataclass, fields

ERROR, WARNING, INFO = "lỗi", "cảnh báo", "thông tin"

# code → (severity, what it means; the README's table is generated from this list).
CODES: dict[str, tuple[str, str]] = {
    "FILE_CORRUPT": (ERROR, "Tệp không phải bảng tính Excel hoặc bị hỏng, không mở được."),
    "FILE_XLS": (ERROR, "Tệp lưu ở định dạng Excel 97-2003 (.xls); cần lưu lại dạng .xlsx."),
    "FILE_NOT_WORKBOOK": (ERROR, "Tệp không phải biểu mẫu Excel (CSV, PDF, Word, ảnh, .ods...); cần gửi tệp .xlsx."),
    "FILE_IGNORED": (INFO, "Tệp hệ thống của Windows hoặc macOS (Thumbs.db, .DS_Store...); đã bỏ qua."),
    "FILE_LOCK": (INFO, "Tệp khóa tạm của Excel (~$...), không phải báo cáo; đã bỏ qua."),
    "FILE_ENCRYPTED": (ERROR, "Tệp đặt mật khẩu nên không đọc được."),
    "FILE_TOO_LARGE": (ERROR, "Dung lượng giải nén bất thường (nghi tệp độc hại); không đọc."),
    "FILE_NOT_TEMPLATE": (ERROR, "Tệp không phải biểu mẫu thidua (không có thông tin nhận dạng biểu mẫu)."),
    "FILE_OTHER_CLUSTER": (ERROR, "Biểu mẫu của cụm, khối thi đua khác."),
    "FILE_OUTDATED": (WARNING, "Biểu mẫu theo danh mục chỉ tiêu cũ; đã đọc theo mã chỉ tiêu."),
    "FILE_UNKNOWN_UNIT": (ERROR, "Mã đơn vị trong biểu mẫu không có trong cấu hình."),
    "FILE_PERIOD_OUT_OF_YEAR": (ERROR, "Kỳ báo cáo không thuộc năm thi đua đang theo dõi (hoặc năm trước)."),
    "FILE_FUTURE_PERIOD": (ERROR, "Kỳ báo cáo chưa kết thúc."),
    "FILE_NOT_MEMBER": (ERROR, "Đơn vị chưa là (hoặc đã thôi là) thành viên trong kỳ báo cáo; không tổng hợp."),
    "FILE_DUPLICATE": (INFO, "Tệp giống hệt một tệp khác đã nhận; chỉ tính một lần."),
    "FILE_SUPERSEDED": (INFO, "Đơn vị đã gửi bản khác cho cùng kỳ; bản này không được dùng."),
    "SHEET_TOO_LARGE": (ERROR, "Sheet có nội dung hoặc định dạng ở ô quá xa vùng biểu mẫu; không đọc."),
    "SHEET_MISSING": (ERROR, "Thiếu sheet của biểu mẫu (bị đổi tên hoặc xóa)."),
    "HEADER_MISSING": (ERROR, "Không tìm thấy dòng tiêu đề có cột “Mã chỉ tiêu” và “Kết quả thực hiện”."),
    "ROW_MOVED": (WARNING, "Dòng chỉ tiêu bị chèn, xóa hoặc di chuyển; đã đọc theo mã chỉ tiêu."),
    "ROW_MISSING": (ERROR, "Dòng của một chỉ tiêu bắt buộc bị xóa."),
    "ROW_UNKNOWN": (WARNING, "Dòng có mã chỉ tiêu không có trong danh mục; đã bỏ qua."),
    "CELL_MERGED": (ERROR, "Ô nhập liệu bị gộp (merge) với ô khác."),
    "CELL_FORMULA": (ERROR, "Ô nhập liệu chứa công thức; cần nhập số."),
    "CELL_NOT_NUMBER": (ERROR, "Ô cần số nhưng nội dung không đọc được thành số."),
    "CELL_TEXT_NUMBER": (WARNING, "Số được gõ dạng chữ (ví dụ “1.300”); đã đọc thành số và ghi rõ cách hiểu."),
    "CELL_NEGATIVE": (ERROR, "Số âm."),
    "CELL_NOT_INTEGER": (ERROR, "Chỉ tiêu tính bằng số nguyên nhưng nhập số lẻ."),
    "CELL_OUT_OF_RANGE": (
        ERROR,
        "Ngoài khoảng giá trị cho phép của chỉ tiêu (dưới mức tối thiểu hoặc vượt mức tối đa).",
    ),
    "CELL_REQUIRED": (ERROR, "Chỉ tiêu bắt buộc bị bỏ trống (không có kết quả thì nhập 0)."),
    "CELL_NOT_IN_CHOICES": (ERROR, "Giá trị không có trong danh sách thả xuống."),
    "TEXT_TOO_LONG": (WARNING, "Nội dung dài quá giới hạn của ô."),
    "TEXT_LEGACY_ENCODING": (WARNING, "Chữ gõ bằng bảng mã cũ (TCVN3/VNI); đã chuyển sang Unicode khi chắc chắn."),
    "RULE_VIOLATED": (ERROR, "Vi phạm quy tắc kiểm tra chéo giữa các chỉ tiêu."),
    "VALUE_IMPLAUSIBLE": (WARNING, "Số liệu cao bất thường so với các kỳ trước; cần ghi chú giải thích."),
    "SUBMISSION_LATE": (WARNING, "Nộp sau hạn."),
    "SUBMISSION_UNDATED": (
        WARNING,
        "Không rõ thời điểm nộp (tệp gửi ngoài Cổng, không ghi thời điểm lưu, chưa có trong sổ nhận báo cáo).",
    ),
    "SAVE_TIME_IMPLAUSIBLE": (
        WARNING,
        "Thời điểm lưu ghi trong tệp không thể đúng (sau hôm nay, sau lúc nhận hoặc trước kỳ báo cáo); không dùng.",
    ),
    "RECEIPT_BOOK_UNREADABLE": (WARNING, "Không đọc được sổ nhận báo cáo (so-nhan-bao-cao.xlsx); ngày nhận chưa dùng."),
    "RECEIPT_FILE_UNKNOWN": (WARNING, "Sổ nhận báo cáo ghi một tệp không có (hoặc trùng tên) trong thư mục báo cáo."),
    "RECEIPT_DATE_INVALID": (
        WARNING,
        "Ngày nhận trong sổ nhận báo cáo không đọc được hoặc là ngày tương lai; chưa dùng.",
    ),
    "SUBMISSION_MISSING": (WARNING, "Đơn vị chưa nộp báo cáo của kỳ đã quá hạn."),
    "UNIT_EXCLUDED": (WARNING, "Báo cáo của đơn vị có lỗi nên chưa được đưa vào tổng hợp của kỳ."),
    # The year: registration, self-scoring, the cluster's scoring and vote.
    "AWARD_YEAR_INVALID": (
        WARNING,
        "Hồ sơ đơn vị: năm của một dòng khen thưởng không hợp lệ; dòng đó chưa được đưa vào báo cáo thành tích.",
    ),
    "AWARD_ROW_INCOMPLETE": (
        WARNING,
        "Hồ sơ đơn vị: dòng khen thưởng thiếu hình thức hoặc số, ngày quyết định; chưa đưa vào báo cáo thành tích.",
    ),
    "REGISTRATION_MISSING": (WARNING, "Đơn vị chưa gửi bản đăng ký thi đua (và config.yaml không ghi kế hoạch năm)."),
    "TARGET_OVERRIDDEN": (INFO, "Kế hoạch năm trong config.yaml thay cho số đơn vị đăng ký."),
    "SCORE_OVER_MAX": (ERROR, "Điểm lớn hơn điểm tối đa của tiêu chí; chưa được tính."),
    "SCORE_NO_EVIDENCE": (WARNING, "Tiêu chí cần minh chứng nhưng chưa ghi số, ngày văn bản."),
    "SCORE_COMPUTED_CHANGED": (WARNING, "Đơn vị sửa điểm thidua tính từ báo cáo; Cụm dùng điểm tính từ báo cáo."),
    "SCORE_NOT_COMPUTED": (WARNING, "Chưa tính được điểm tiêu chí từ báo cáo (thiếu số liệu hoặc kế hoạch năm)."),
    "SELF_SCORE_MISSING": (WARNING, "Đơn vị chưa gửi bảng tự chấm điểm, hoặc chưa tự chấm một số tiêu chí."),
    "ADJUSTMENT_NO_REASON": (ERROR, "Điểm điều chỉnh không ghi lý do; chưa được áp dụng."),
    "SCORE_INCOMPLETE": (WARNING, "Tổng điểm của đơn vị chưa đủ (còn tiêu chí chưa có điểm); chưa xếp hạng."),
    "AWARD_TIE": (WARNING, "Các đơn vị đồng điểm ở ngưỡng số lượng khen thưởng; Cụm bỏ phiếu để chọn."),
    "VOTE_INVALID": (ERROR, "Số phiếu hoặc số thành viên không hợp lệ; chưa được tính."),
    "MEETING_TIME_UNREADABLE": (
        ERROR,
        "Thời gian họp bình xét đã ghi nhưng không đọc được; kết quả bỏ phiếu chưa được ghi nhận.",
    ),
    "VOTES_PENDING": (INFO, "Chưa có kết quả bỏ phiếu; biên bản và tờ trình là dự thảo."),
    "AWARD_OVER_QUOTA": (ERROR, "Số đơn vị đạt tỷ lệ phiếu nhiều hơn số lượng khen thưởng."),
    "RESULT_CHANGED_AFTER_VOTE": (
        WARNING,
        "Báo cáo nhận sau cuộc họp bình xét làm khác điểm đã biểu quyết; văn bản giữ kết quả đã biểu quyết.",
    ),
    "SCORING_REOPENED": (WARNING, "Văn phòng đã mở lại việc chấm điểm; điểm tính lại, văn bản là dự thảo."),
}

COLUMNS = ["code", "severity", "unit", "period", "file", "sheet", "cell", "value", "message"]
COLUMN_LABELS = ["Mã", "Mức độ", "Đơn vị", "Kỳ", "Tệp", "Sheet", "Ô", "Giá trị", "Nội dung"]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    unit: str = ""
    period: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    value: str = ""

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def as_row(self) -> dict[str, str]:
        # Not dataclasses.asdict: it deep-copies each field, and kiem-tra.xlsx asks for thousands of rows.
        return {name: getattr(self, name) for name in FINDING_FIELDS} | {"severity": self.severity}


FINDING_FIELDS = tuple(f.name for f in fields(Finding))
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


def ordered(findings: list[Finding]) -> list[Finding]:
    """A stable reading order: errors first, then by unit, period, file, sheet and cell."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.unit, f.period, f.file, f.sheet, f.cell))


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
