"""What a file in inputs/ is, told by its content (never its extension), and what to tell the unit when it
is not a workbook thidua can read: every file gets an answer, none is skipped silently."""

from __future__ import annotations

from dataclasses import dataclass

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE container: legacy .xls or .doc, or an encrypted .xlsx
# Password-protected .xlsx files are OLE containers with "EncryptionInfo"/"EncryptedPackage" streams,
# whose names are stored in UTF-16; an old Word file has a "WordDocument" stream.
ENCRYPTED_STREAM = "Encrypt".encode("utf-16-le")
WORD_STREAM = "WordDocument".encode("utf-16-le")
OS_FILES = {"thumbs.db", "desktop.ini", ".ds_store"}  # written by Windows and macOS into any folder
OPEN_BY_EXCEL = "Tệp khóa tạm do Excel tạo khi đang mở một tệp; không phải báo cáo, đã bỏ qua."
SEND_THE_TEMPLATE = "gửi lại chính tệp Excel (.xlsx) của biểu mẫu đã điền"
NOT_WORKBOOK = {
    "ods": "Tệp OpenDocument (.ods) của LibreOffice: hãy mở tệp, chọn Tệp > Lưu thành, chọn kiểu "
    "“Excel 2007-365 (.xlsx)” rồi gửi lại tệp .xlsx.",
    "csv": "Tệp văn bản (CSV, TXT) không phải biểu mẫu: khi lưu thành CSV, tệp mất các sheet và thông tin nhận "
    f"dạng biểu mẫu; hãy {SEND_THE_TEMPLATE}.",
    "pdf": f"Tệp PDF không phải biểu mẫu Excel, số liệu trong đó không đọc được; hãy {SEND_THE_TEMPLATE} (bản "
    "PDF có chữ ký gửi kèm riêng nếu cần).",
    "word": "Tệp Word không phải biểu mẫu Excel; hãy chép số liệu vào biểu mẫu Excel đã được gửi và "
    f"{SEND_THE_TEMPLATE}.",
    "image": f"Tệp ảnh (ảnh chụp, ảnh quét) không đọc được số liệu; hãy {SEND_THE_TEMPLATE}.",
    "zip": f"Tệp nén hoặc tệp không rõ loại; hãy giải nén (nếu là tệp nén) và {SEND_THE_TEMPLATE}.",
}


@dataclass(frozen=True)
class Kind:
    """'workbook' (an .xlsx-family zip to read) or the finding that answers for the file."""

    name: str
    code: str = ""
    message: str = ""


WORKBOOK = Kind("workbook")


def _zip_kind(names: set[str], mimetype: bytes) -> Kind:
    if "xl/workbook.xml" in names or any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return WORKBOOK
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return Kind("ods", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["ods"])
    if "word/document.xml" in names:
        return Kind("word", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["word"])
    return Kind("zip", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["zip"])


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(head) - 3  # a multi-byte letter cut at the end of the sample
    return b"\0" not in head


def sniff_name(name: str) -> Kind | None:
    """A verdict from the name alone, for files that are never reports whatever they contain."""
    lower = name.rsplit("/", 1)[-1].lower()
    if lower.startswith("~$"):
        return Kind("lock", "FILE_LOCK", OPEN_BY_EXCEL)
    if lower in OS_FILES or lower.startswith("._"):
        return Kind("system", "FILE_IGNORED", "Tệp hệ thống do Windows hoặc macOS tạo, không phải báo cáo; đã bỏ qua.")
    return None


def sniff_content(head: bytes, zip_names: set[str] | None, mimetype: bytes = b"") -> Kind:
    """The kind of file from its first bytes (and, for a zip, its member names)."""
    if zip_names is not None:
        return _zip_kind(zip_names, mimetype)
    if head.startswith(CFB_MAGIC):
        if ENCRYPTED_STREAM in head:
            return Kind(
                "encrypted",
                "FILE_ENCRYPTED",
                "Tệp có đặt mật khẩu; hãy bỏ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại.",
            )
        if WORD_STREAM in head:
            return Kind("word", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["word"])
        return Kind(
            "xls",
            "FILE_XLS",
            "Tệp ở định dạng Excel 97-2003 (.xls); hãy mở bằng Excel, chọn Lưu thành "
            "“Sổ làm việc Excel (*.xlsx)” và gửi lại.",
        )
    if head.startswith(b"%PDF"):
        return Kind("pdf", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["pdf"])
    if head[:4] in (b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff":
        return Kind("image", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["image"])
    if head and _looks_like_text(head):
        return Kind("csv", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["csv"])
    return Kind("zip", "FILE_NOT_WORKBOOK", NOT_WORKBOOK["zip"])
