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
