"""What the operating system refused, in Vietnamese words (shared by the command line and the portal's mail):
never the English text of an error inside a Vietnamese sentence."""

from __future__ import annotations

import errno

REASONS = {
    errno.EACCES: "không có quyền (tệp chỉ cho đọc, thư mục không cho ghi, hoặc tệp đang mở trong Word, Excel)",
    errno.EPERM: "không có quyền (tệp chỉ cho đọc, thư mục không cho ghi, hoặc tệp đang mở trong Word, Excel)",
    errno.ENOSPC: "ổ đĩa đã đầy",
    getattr(errno, "EDQUOT", -1): "đã hết dung lượng được phép trên ổ đĩa",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
    errno.EISDIR: "đường dẫn là một thư mục, không phải tệp",
    errno.EEXIST: "đã có tệp cùng tên",
    errno.EBUSY: "tệp đang được một chương trình khác dùng",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EMFILE: "quá nhiều tệp đang mở cùng lúc",
    errno.EIO: "lỗi đọc, ghi của ổ đĩa",
    errno.EINVAL: "tên tệp có ký tự không được phép",
}
WINDOWS_REASONS = {32: "tệp đang mở trong một chương trình khác (Word, Excel)", 33: REASONS[errno.EBUSY]}


def reason(err: OSError) -> str:
    """The operating system's reason in Vietnamese (its number when it is one thidua has no words for)."""
    windows = getattr(err, "winerror", None)
    if windows in WINDOWS_REASONS:
        return WINDOWS_REASONS[windows]
    return REASONS.get(err.errno or 0) or f"hệ điều hành từ chối (mã lỗi {err.errno})"
