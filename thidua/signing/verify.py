"""A signed PDF checked where it arrives, offline: each signature intact, nothing changed after it but
later signatures, its certificate chaining to a trusted root, its signer one of those the document names
(or the organisation), signed within the year's window. Revocation (CRL, OCSP) is not fetched: the
result says so instead of calling a signature valid or invalid on that ground."""

from __future__ import annotations

import io
from pathlib import Path

from asn1crypto import x509

from thidua.signing.facts import (
    BROKEN,
    CHANGED,
    OUT_OF_WINDOW,
    UNTRUSTED,
    WRONG_SIGNER,
    Expected,
    FileCheck,
    SignatureCheck,
)
from thidua.signing.identity import identity_of, is_one_of, is_organisation


def load_roots(paths: list[str]) -> list[x509.Certificate]:
    """The trusted roots, PEM or DER; a file that is not a certificate is said by the caller."""
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(path) for path in paths if Path(path).is_file()]


def check_pdf(data: bytes, name: str, roots: list[x509.Certificate], expected: Expected) -> FileCheck:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
        checks = tuple(_check(signature, roots, expected) for signature in embedded)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return FileCheck(name, (), unreadable=True)
    return FileCheck(name, checks, missing=_missing(checks, expected))


def _missing(checks: tuple[SignatureCheck, ...], expected: Expected) -> tuple[str, ...]:
    """Who the document names (its signers, then the organisation) without a valid signature of theirs."""
    valid = [c.signer for c in checks if c.ok and c.signer is not None]
    people = [name for name in expected.names if not any(is_one_of(who, (name,)) for who in valid)]
    signed_by_organisation = any(is_organisation(who, expected.organisation) for who in valid)
    return (*people, *([expected.organisation] if expected.organisation and not signed_by_organisation else []))


def _check(signature: object, roots: list[x509.Certificate], expected: Expected) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    field = str(getattr(signature, "field_name", ""))
    try:
        status = validate_pdf_signature(signature, context)  # type: ignore[arg-type]
    except (SignatureValidationError, ValueError):
        return SignatureCheck(field, None, None, (BROKEN,))
    who = identity_of(status.signing_cert)
    problems = []
    if not status.intact or not status.valid:
        problems.append(BROKEN)
    if not _unchanged(status):
        problems.append(CHANGED)
    if not status.trusted:
        problems.append(UNTRUSTED)
    named = expected.names or expected.organisation
    if named and not is_one_of(who, expected.names) and not is_organisation(who, expected.organisation):
        problems.append(WRONG_SIGNER)
    at = status.signer_reported_dt
    if expected.window and (at is None or not expected.window[0] <= at.date() <= expected.window[1]):
        problems.append(OUT_OF_WINDOW)
    return SignatureCheck(field, who, at, tuple(problems))


def _unchanged(status: object) -> bool:
    """Covering the whole file, or changed after it only by what signing adds (later signatures, their
    fields and appearances): any other change to the file after signing refuses the signature."""
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

    coverage = getattr(status, "coverage", None)
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    level = getattr(status, "modification_level", None)
    return (
        coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and level is not None
        and level <= ModificationLevel.FORM_FILLING
    )
