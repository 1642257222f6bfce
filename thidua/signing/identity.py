"""Who a certificate names, and whether that is who a document says signs it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from asn1crypto import x509


@dataclass(frozen=True)
class Identity:
    name: str  # the subject's common name: a person, or an organisation's name on its own certificate
    organisation: str  # the subject's organisation, "" when the certificate names none
    issuer: str  # who issued the certificate, as its common name says


def identity_of(certificate: x509.Certificate) -> Identity:
    subject, issuer = certificate.subject.native, certificate.issuer.native
    return Identity(
        str(subject.get("common_name", "")),
        str(subject.get("organization_name", "")),
        str(issuer.get("common_name", issuer.get("organization_name", ""))),
    )


def same_name(a: str, b: str) -> bool:
    """Names as people type them: composed or not, any case, single spaces ("Nông  Lương Chấn")."""

    def plain(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return bool(a.strip()) and plain(a) == plain(b)


def is_one_of(identity: Identity, names: list[str] | tuple[str, ...]) -> bool:
    return any(same_name(identity.name, name) for name in names)


def is_organisation(identity: Identity, organisation: str) -> bool:
    """The organisation's own certificate: its name as the common name (or the only organisation named)."""
    return bool(organisation) and (
        same_name(identity.name, organisation) or (not identity.name and same_name(identity.organisation, organisation))
    )
