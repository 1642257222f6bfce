"""Signing one PDF as one signer (PAdES, through pyHanko): behind the `Signer` interface, a PKCS#11 token
(a USB token of VGCA, VNPT-CA, Viettel-CA…; SoftHSM2 in the tests). A remote service (SmartCA, MySign)
would be one more class with the same two methods; VGCA's desktop service signs on the office's computer
and hands the file back through the portal (portal/signing_views.py), where it is verified like any other."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Protocol

from pyhanko import stamp
from pyhanko.pdf_utils import images
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from thidua.periods import VN_TZ
from thidua.signing.appearance import Picture
from thidua.signing.identity import Identity, identity_of
from thidua.signing.place import Placement


class SigningFailed(Exception):
    """The token or the file refused; the message is for the office, in Vietnamese."""


class Signer(Protocol):
    def identity(self) -> Identity: ...

    def pdf_signer(self) -> signers.Signer: ...


class TokenSigner:
    """A PKCS#11 token: its library (the vendor's .dll or .so), the token's label, the key's label (the
    token's only key when not given) and the PIN, asked each time and never stored."""

    def __init__(self, library: str, token: str, key: str, pin: str) -> None:
        from pkcs11 import PKCS11Error
        from pyhanko.sign import pkcs11

        try:
            criteria = pkcs11.TokenCriteria(label=token) if token else None
            self._session = pkcs11.open_pkcs11_session(library, token_criteria=criteria, user_pin=pin)
            self._signer = pkcs11.PKCS11Signer(self._session, key_label=key or None, cert_label=key or None)
            self._identity = identity_of(self._signer.signing_cert)
        except (PKCS11Error, OSError, RuntimeError, ValueError) as err:
            raise SigningFailed(_token_problem(err)) from err

    def identity(self) -> Identity:
        return self._identity

    def pdf_signer(self) -> signers.Signer:
        return self._signer

    def close(self) -> None:
        self._session.close()


def _token_problem(err: Exception) -> str:
    name = type(err).__name__
    if "PinIncorrect" in name:
        return "Mã PIN không đúng (token có thể bị khóa sau vài lần nhập sai)."
    if "PinLocked" in name:
        return "Token đã bị khóa do nhập sai mã PIN nhiều lần; liên hệ đơn vị cấp chứng thư để mở khóa."
    if isinstance(err, OSError):
        return "Không mở được thư viện PKCS#11 của token (kiểm tra đường dẫn --pkcs11-lib và phần mềm của token)."
    return f"Không dùng được token: {err or name}."


def sign_pdf(data: bytes, signer: Signer, field: str, placement: Placement, picture: Picture | None = None) -> bytes:
    """`data` with one more signature, in a new field at `placement`, showing `picture` (or nothing)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    spec = fields.SigFieldSpec(field, box=placement.box, on_page=placement.page)
    fields.append_signature_field(writer, spec)
    if picture is not None:
        background = images.PdfImage(picture.image)
        style = stamp.StaticStampStyle(background=background, background_opacity=1, border_width=0)
    else:
        style = stamp.StaticStampStyle(border_width=0)
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    try:
        out = signers.PdfSigner(meta, signer.pdf_signer(), stamp_style=style).sign_pdf(writer)
    except Exception as err:  # pkcs11 and pyHanko errors alike: this file is not signed, the others may be
        raise SigningFailed(f"Không ký được: {err}") from err
    return out.getvalue()


def vietnam_now() -> datetime:
    return datetime.now(VN_TZ)
