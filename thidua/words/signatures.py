"""A signed file's check (signing/verify.py) in words: what the board's page, `thidua verify` and the
dossier's index say of each file."""

from __future__ import annotations

from thidua.signing.facts import (
    BROKEN,
    CHANGED,
    OUT_OF_WINDOW,
    UNTRUSTED,
    WRONG_SIGNER,
    FileCheck,
    SignatureCheck,
)
from thidua.signing.identity import same_name

REASONS = {
    BROKEN: "nội dung đã ký bị thay đổi (chữ ký không còn nguyên vẹn)",
    CHANGED: "tệp bị sửa sau khi ký",
    UNTRUSTED: "chứng thư do “{issuer}” cấp, không thuộc các tổ chức được tin cậy",
    WRONG_SIGNER: "người ký “{signer}” không phải người văn bản ghi là người ký",
    OUT_OF_WINDOW: "thời điểm ký ({at}) trước năm thi đua hoặc sau ngày hôm nay",
}
SIGNED_MARK = "Chữ ký số"  # the index's section on who has signed each PDF, replaced whenever it is written
OFFLINE = "chưa kiểm tra tình trạng thu hồi chứng thư (máy không tra cứu trực tuyến)"


def _when(check: SignatureCheck) -> str:
    if check.signed_at is None:
        return "không rõ thời điểm"
    from thidua.periods import VN_TZ

    at = check.signed_at.astimezone(VN_TZ)
    return f"lúc {at:%H:%M} ngày {at:%d/%m/%Y}"


def signature_text(check: SignatureCheck) -> str:
    """'Đã ký số bởi Nông Lương Chấn, Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn, lúc 14:05 ngày 22/01/2024; tệp không
    bị sửa sau khi ký' or why it is refused."""
    who = check.signer
    if who is None:
        return "Chữ ký số không đọc được: " + REASONS[BROKEN] + "."
    named = who.organisation and not same_name(who.organisation, who.name)
    by = f"{who.name}, {who.organisation}" if named else who.name
    if check.ok:
        return f"Đã ký số bởi {by}, {_when(check)}; tệp không bị sửa sau khi ký; {OFFLINE}."
    values = {"issuer": who.issuer, "signer": who.name, "at": _when(check)}
    reasons = "; ".join(REASONS[code].format(**values) for code in check.problems)
    return f"Không nhận chữ ký số của {by} ({_when(check)}): {reasons}."


def file_text(check: FileCheck) -> list[str]:
    """One line per signature, or why there is none."""
    if check.unreadable:
        return ["Không đọc được tệp PDF để kiểm tra chữ ký số."]
    if not check.signed:
        return ["Chưa ký số (bản giấy đã ký, đóng dấu rồi quét vẫn được nhận, nhưng không kiểm tra được chữ ký)."]
    lacking = [f"Còn thiếu chữ ký số của {', '.join(check.missing)}."] if check.missing else []
    return [signature_text(s) for s in check.signatures] + lacking


def index_with_signatures(text: str, lines: list[str]) -> str:
    """The dossier's index (CRLF: read in Windows Notepad) with its signature section replaced by `lines`, or
    dropped when there are none."""
    body = text.split("\r\n" + SIGNED_MARK)[0].rstrip("\r\n")
    return body + "\r\n" + ("\r\n" + "\r\n".join([f"{SIGNED_MARK}:", *lines]) + "\r\n" if lines else "")


def index_lines(pdf: str, check: FileCheck) -> list[str]:
    """A signed PDF's lines in the index's signature section (none for an unsigned one)."""
    return [f"  + {pdf}: {text}" for text in file_text(check)] if check.signed else []
