"""What a signed PDF's check found, as facts (signing/verify.py finds them, words/signatures.py says them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from thidua.signing.identity import Identity

# Why a signature is refused: a code each (the README's table of them is checked against this list).
BROKEN, CHANGED, UNTRUSTED, WRONG_SIGNER, OUT_OF_WINDOW = (
    "SIGNATURE_BROKEN",
    "SIGNATURE_CHANGED_AFTER",
    "SIGNATURE_UNTRUSTED",
    "SIGNATURE_WRONG_SIGNER",
    "SIGNATURE_OUT_OF_WINDOW",
)
REFUSALS = {
    BROKEN: "Chữ ký số không còn nguyên vẹn: nội dung đã ký bị thay đổi.",
    CHANGED: "Tệp bị sửa sau khi ký số (không chỉ thêm chữ ký khác).",
    UNTRUSTED: "Chứng thư ký số không do tổ chức được tin cậy cấp (signing.trusted_roots).",
    WRONG_SIGNER: "Người ký số không phải người văn bản ghi là người ký (hoặc cơ quan ký thay mặt Cụm).",
    OUT_OF_WINDOW: "Thời điểm ký số trước năm thi đua, hoặc sau ngày hôm nay theo đồng hồ của máy kiểm tra.",
}


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: Identity | None
    signed_at: datetime | None  # as the signer's computer reported it (no timestamp authority offline)
    problems: tuple[str, ...]  # the codes above; empty: the signature stands

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class FileCheck:
    name: str
    signatures: tuple[SignatureCheck, ...]
    unreadable: bool = False  # not a PDF pyHanko can read: said as such
    missing: tuple[str, ...] = ()  # who the document names (people, then the organisation) that has not signed

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def ok(self) -> bool:
        return not self.unreadable and all(s.ok for s in self.signatures)

    @property
    def signers(self) -> list[Identity]:
        return [s.signer for s in self.signatures if s.signer is not None and s.ok]


@dataclass(frozen=True)
class Expected:
    """Whose signatures a document must carry, and when it may have been signed."""

    names: tuple[str, ...] = ()  # empty: anyone the trusted roots vouch for
    organisation: str = ""
    window: tuple[date, date] | None = None
