"""The template's layout: sheet names, header labels and metadata keys shared by writer and reader.

This is the contract other tools rely on (see README, "Hợp đồng biểu mẫu"): the figures sheet has a
header row with a column headed "Mã chỉ tiêu" and a column headed "Kết quả thực hiện" on the same row.
"""

TEMPLATE_ID = "thidua-bieu-mau"
TEMPLATE_VERSION = 1

SHEET_GUIDE = "Hướng dẫn"
SHEET_FIGURES = "Số liệu"
SHEET_NARRATIVES = "Thuyết minh"
SHEET_COMMENDATIONS = "Khen thưởng"
SHEET_LISTS = "Danh mục"
SHEET_META = "thidua_meta"  # very hidden: a clerk never sees it, so the name need not be Vietnamese

# Figures sheet: 0-based column indexes and header labels.
FIG_HEADERS = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện", "Ghi chú"]
FIG_CODE_HEADER = "Mã chỉ tiêu"
FIG_VALUE_HEADER = "Kết quả thực hiện"
FIG_NOTE_HEADER = "Ghi chú"
HEADER_ROW = 5  # 0-based: row 6 in Excel, on every data sheet

NAR_HEADERS = ["Mã mục", "Mục", "Nội dung thuyết minh"]
NAR_CODE_COL, NAR_TEXT_COL = 0, 2
NARRATIVE_MAX_CHARS = 4000

COM_HEADERS = [
    "STT",
    "Hình thức khen thưởng",
    "Cấp khen",
    "Số tập thể",
    "Số cá nhân",
    "Ghi chú (tên tập thể, cá nhân; số quyết định)",
]
COM_FORM, COM_LEVEL, COM_COLLECTIVES, COM_INDIVIDUALS, COM_NOTE = 1, 2, 3, 4, 5
COM_COLUMNS = (COM_FORM, COM_LEVEL, COM_COLLECTIVES, COM_INDIVIDUALS, COM_NOTE)
COM_ROWS = 30
NOTE_MAX_CHARS = 500

# Metadata sheet: key in column A, value in column B; "row:<CODE>" keys hold each indicator's row.
META_KEYS = ("template_id", "template_version", "cluster", "unit", "period", "catalogue_hash")


def col_letter(col: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def a1(row: int, col: int) -> str:
    """0-based (row, col) → 'E7'."""
    return f"{col_letter(col)}{row + 1}"


# The year's workbooks carry the same very hidden identity sheet, with their own template_id and the year
# as period: the registration (a unit's targets and titles), the self-scoring (a unit's own scores), and
# the cluster's scoring workbook (the chair's adjustments and the meeting's votes).
REGISTRATION_ID = "thidua-dang-ky"
SELF_SCORE_ID = "thidua-tu-cham"
SCORING_ID = "thidua-cham-diem"
PROFILE_ID = "thidua-ho-so"  # a unit's profile and its earlier awards: sections I and III of a báo cáo thành tích
YEAR_KINDS = {  # template_id → what a user calls it
    REGISTRATION_ID: "bản đăng ký thi đua",
    SELF_SCORE_ID: "bảng tự chấm điểm",
    SCORING_ID: "bảng chấm điểm (cham-diem.xlsx)",
    PROFILE_ID: "hồ sơ đơn vị",
}
SHEET_REGISTRATION = "Đăng ký"
SHEET_SELF_SCORE = "Tự chấm điểm"
SHEET_SCORING = "Chấm điểm"
SHEET_VOTES = "Bình xét"
SHEET_SCORE_SUMMARY = "Tổng hợp điểm"
SHEET_PROFILE = "Thông tin đơn vị"
SHEET_AWARDS = "Khen thưởng đã nhận"
YEAR_SHEETS = (SHEET_REGISTRATION, SHEET_SELF_SCORE, SHEET_SCORING, SHEET_VOTES, SHEET_PROFILE, SHEET_AWARDS)
# The profile workbook: one row per item of section I (by code), one per earlier award (section III).
PROFILE_ITEMS = {
    "address": "Địa chỉ trụ sở",
    "phone": "Điện thoại",
    "email": "E-mail",
    "head_name": "Họ và tên người đứng đầu đơn vị (ký báo cáo thành tích)",
    "history": "Quá trình hình thành và phát triển (mỗi ý một dòng)",
    "organisation": "Tổ chức bộ máy: cán bộ, đảng viên, lãnh đạo; tổ chức đảng, đoàn thể (mỗi ý một dòng)",
    "functions": "Chức năng, nhiệm vụ (mỗi ý một dòng)",
    "measures": "Các biện pháp, nguyên nhân đạt được thành tích (mục II.2; mỗi ý một dòng)",
    "party": "Công tác xây dựng Đảng, đoàn thể trong đơn vị (mục II.3; mỗi ý một dòng)",
}
PROFILE_LISTS = ("history", "organisation", "functions", "measures", "party")  # read as one item per line
PROFILE_ONE_LINE = ("address", "phone", "email", "head_name")  # a short row in the workbook
PROFILE_HEADERS = ["Mã mục", "Mục", "Nội dung"]
AWARD_HEADERS = ["STT", "Năm", "Danh hiệu, hình thức khen thưởng", "Số, ngày quyết định; cơ quan ban hành"]
AWARD_ROWS = 25
PROFILE_HASH = "ho-so-2"  # the profile workbook's layout version (its catalogue_hash): change it with the layout

REG_HEADERS = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Ghi chú"]
REG_PLAN_HEADER = "Kế hoạch năm"
TITLE_HEADERS = ["STT", "Danh hiệu, hình thức khen thưởng đăng ký", "Ghi chú"]
TITLE_ROWS = 5

# Self-scoring and scoring sheets: one row per criterion (per unit and criterion in the scoring workbook).
SELF_HEADERS = ["Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Cách chấm", "Căn cứ (thidua tính từ báo cáo)"]
SELF_HEADERS += ["Số lần", "Điểm tự chấm", "Minh chứng (số, ngày văn bản)", "Ghi chú"]
SCORING_HEADERS = ["Mã đơn vị", "Đơn vị", "Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Căn cứ", "Tự chấm"]
SCORING_HEADERS += ["Minh chứng", "{group} chấm", "Điểm điều chỉnh", "Lý do điều chỉnh", "Điểm thống nhất"]
# Written after a line's basis when the chair typed an adjustment without its reason; cut off when the
# workbook is read back, so that it never becomes part of the recorded basis.
UNREASONED_NOTE = " [Điểm điều chỉnh {score} chưa được áp dụng vì chưa ghi lý do điều chỉnh.]"
UNREASONED_MARK = " [Điểm điều chỉnh "
# How a cluster figure that is not a sum is labelled in tables (indicators' `across`); a sum is unlabelled.
ACROSS_LABELS = {"mean": "bình quân", "weighted_mean": "bình quân gia quyền", "none": "không tính chung"}
GROUP_WORDS = ("Cụm", "Khối")  # what "{group}" in a label becomes: the cluster's own word (cluster.kind)


def grouped(label: str, word: str) -> str:
    """'{group} chấm' → 'Khối chấm' in a Khối."""
    return label.replace("{group}", word)


def readable_labels(label: str) -> set[str]:
    """Every spelling of a label a workbook may carry back: one per group word."""
    return {grouped(label, word) for word in GROUP_WORDS}


CRITERION_HEADER = "Mã tiêu chí"
SELF_SCORE_HEADER = "Điểm tự chấm"
ADJUSTED_HEADER = "Điểm điều chỉnh"
VOTE_HEADERS = ["STT", "Mã đơn vị", "Đơn vị", "Mã khen thưởng", "Hình thức đề nghị", "Điểm", "Xếp hạng"]
VOTE_HEADERS += ["Số phiếu đồng ý", "Tỷ lệ (trên tổng số thành viên)", "Kết quả"]
VOTES_HEADER = "Số phiếu đồng ý"
# The meeting's facts on the votes sheet: label from column A, the chair's entry in column D.
MEETING_VALUE_COL = 3
MEETING_FIELDS = {
    "held": "Thời gian họp (ngày/tháng/năm giờ:phút)",
    "ended": "Thời gian kết thúc (giờ:phút)",
    "place": "Địa điểm",
    "chair": "Chủ trì (họ tên, chức vụ)",
    "secretary": "Thư ký (họ tên, chức vụ)",
    "attendees": "Đại biểu dự họp (họ tên, chức vụ, đơn vị; mỗi người cách nhau dấu ;)",
    "guests": "Khách mời (nếu có; cách nhau dấu ;)",
    "method": "Hình thức biểu quyết (bỏ phiếu kín hoặc giơ tay)",
    "counters": "Ban kiểm phiếu (khi bỏ phiếu kín; họ tên, Trưởng ban trước, cách nhau dấu ;)",
    "voting": "Số thành viên tham gia bỏ phiếu (có mặt và vắng có phiếu gửi)",
    "not_voting": "Thành viên không bỏ phiếu, lý do (khi bỏ phiếu kín; cách nhau dấu ;)",
    "ballots_issued": "Số phiếu phát ra",
    "ballots_returned": "Số phiếu thu về",
    "ballots_valid": "Số phiếu hợp lệ",
    "ballots_invalid": "Số phiếu không hợp lệ",
    "discussion": "Ý kiến thảo luận (tóm tắt; cách nhau dấu ;)",
    "members": "Tổng số thành viên của {group}",
    "present": "Số thành viên có mặt",
    "absent_written": "Thành viên vắng có ý kiến bằng văn bản",
}
# Labels earlier versions wrote, still read: a scoring workbook made last year is filled in this year.
MEETING_FIELDS_FORMERLY = {"counters": ["Ban kiểm phiếu (khi bỏ phiếu kín; họ tên, cách nhau dấu ;)"]}

# Where a return came from. The portal stores each upload under inputs/cong-thong-tin/<period>/ with its
# receipt time first in the name; the office keeps the dates it received e-mailed returns in a receipt
# book at the top of inputs/ (read by intake/receipts.py, never taken for a return).
PORTAL_FOLDER = "cong-thong-tin"
DECLARED_MARK = "nhan-"  # …/<receipt time>_nhan-<YYYYMMDD>_…: the day the office says an e-mail brought the file
RECEIPT_BOOK = "so-nhan-bao-cao.xlsx"
SHEET_RECEIPTS = "Sổ nhận"
RECEIPT_HEADERS = ["STT", "Tệp", "Đơn vị", "Kỳ báo cáo", "Thời điểm lưu ghi trong tệp", "Ngày nhận", "Ghi chú"]
RECEIPT_FILE_HEADER = "Tệp"
RECEIPT_DATE_HEADER = "Ngày nhận"
