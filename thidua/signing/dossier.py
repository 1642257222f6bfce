"""One signer's pass over the award dossier: from its index for programs (00-danh-muc-ho-so-….json), the
PDFs this signer must sign (a person named under the document's signature block; the organisation), each
signed where it belongs and checked again; the caller puts the signed files in place of the unsigned
ones. Files the signer has already signed are left alone; nothing is signed that this signer is not
named for."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.config.signing import Signing
from thidua.signing.appearance import POINTS_PER_MM, font_file, picture, text_picture
from thidua.signing.facts import Expected, FileCheck
from thidua.signing.identity import Identity, is_one_of, is_organisation, same_name
from thidua.signing.place import Placement, above_name, top_right
from thidua.signing.verify import check_pdf, load_roots

if TYPE_CHECKING:  # pyHanko's signing half takes a third of a second to import: only a signing pass needs it
    from thidua.signing.sign import Signer

INDEX = "00-danh-muc-ho-so-*.json"
CORNER = (235.0, 34.0)  # the attachment's text, top right of page 1: two lines of Times 10


@dataclass(frozen=True)
class Document:
    title: str
    pdf: Path | None  # None: the dossier was made without PDFs
    signers: tuple[str, ...]  # the people named under its signature block
    organisation: str  # the organisation that signs for the cluster, "" when none is configured
    attachment: bool  # a separate attachment of the tờ trình (signed by the organisation at its top right)
    docx: Path | None = None  # its Word copy in the dossier
    source: Path | None = None  # the document beside the dossier's folder the copy was made from (to-trinh.docx)


@dataclass(frozen=True)
class Outcome:
    document: Document
    signed: bool  # signed in this pass
    check: FileCheck | None  # the file as it stands after this pass
    note: str = ""  # why this signer did not sign it, for the office
    data: bytes = b""  # the signed file, to put in place of the unsigned one


def documents(folder: Path) -> tuple[int, list[Document]]:
    """The dossier's year and documents, from its index for programs; ValueError when there is none."""
    found = sorted(folder.glob(INDEX))
    if not found:
        raise ValueError(f"Không thấy danh mục hồ sơ ({INDEX}) trong “{folder}”: hãy lập lại hồ sơ bằng thidua run.")
    data = json.loads(found[-1].read_text(encoding="utf-8"))
    out = []
    for entry in data["documents"]:
        pdf = next((folder / f for f in entry["files"] if f.endswith(".pdf")), None)
        docx = next((folder / f for f in entry["files"] if f.endswith(".docx")), None)
        source = entry.get("source")  # indexes made before it was written have none
        signers, organisation = tuple(entry["signers"]), entry.get("organisation", "")
        made_from = folder.parent / source if isinstance(source, str) and source else None
        out.append(Document(entry["title"], pdf, signers, organisation, entry["attachment"], docx, made_from))
    return int(data["year"]), out


def expected(document: Document, year: int) -> Expected:
    """Its named signers (and the organisation), signed not before 1 January of the competition year (a file
    signed earlier belongs to another year's dossier) and not after tomorrow by this computer's clock (a
    signer's clock set ahead)."""
    return Expected(document.signers, document.organisation, (date(year, 1, 1), date.today() + timedelta(days=1)))


def check_file(path: Path, document: Document, year: int, settings: Signing) -> FileCheck:
    return check_pdf(path.read_bytes(), path.name, load_roots(settings.trusted_roots), expected(document, year))


def _signed_by(check: FileCheck, who: Identity) -> bool:
    return any(s.signer is not None and same_name(s.signer.name, who.name) for s in check.signatures)


def _as_person(data: bytes, signer: Signer, document: Document, settings: Signing) -> tuple[bytes, str]:
    from thidua.signing.sign import sign_pdf, vietnam_now

    who = signer.identity()
    name = next(n for n in document.signers if same_name(n, who.name))
    image = settings.image_of(name)
    shown = picture(image, "", settings.signature_mm, settings.seal_mm) if image else None
    if shown is None:  # no image of the signature configured: the name and time, as text
        shown = text_picture([f"Đã ký số: {name}", f"{vietnam_now():%H:%M ngày %d/%m/%Y}"], font_file())
    size = shown.size if shown else (settings.signature_mm * POINTS_PER_MM, 40.0)
    placement = above_name(data, name, size)
    if placement is None:
        return b"", f"không tìm thấy họ tên “{name}” dưới khối chữ ký của văn bản"
    return sign_pdf(data, signer, _field(who), placement, shown), ""


def _as_organisation(
    data: bytes, signer: Signer, document: Document, settings: Signing, number: str
) -> tuple[bytes, str]:
    """The tờ trình: the seal over the left third of its signer's signature; an attachment: the number of the
    document it is attached to and the signing time, at the top right of its page 1, no image."""
    from thidua.signing.sign import sign_pdf, vietnam_now

    organisation = settings.organisation
    assert organisation is not None
    if document.attachment:
        if not any(c.isdigit() for c in number.split("/")[0]):
            return b"", "tờ trình chưa có số: ghi year_end.proposal.number trước khi ký số của cơ quan"
        shown = text_picture([f"Số: {number}", vietnam_now().isoformat(timespec="seconds")], font_file())
        size = shown.size if shown else CORNER
        return sign_pdf(data, signer, "ToChuc", top_right(data, size), shown), ""
    seal = picture("", organisation.seal, settings.signature_mm, settings.seal_mm) if organisation.seal else None
    if seal is None or not document.signers:
        return sign_pdf(data, signer, "ToChuc", top_right(data, CORNER)), ""
    signature_width = settings.signature_mm * POINTS_PER_MM
    under = above_name(data, document.signers[0], (signature_width, seal.size[1]))
    if under is None:
        return b"", f"không tìm thấy họ tên “{document.signers[0]}” để đóng dấu lên chữ ký"
    x1, y1 = under.box[:2]
    right = x1 + signature_width / 3  # the seal covers the signature's left third
    box = (round(right - seal.size[0]), y1, round(right), y1 + round(seal.size[1]))
    return sign_pdf(data, signer, "ToChuc", Placement(under.page, box), seal), ""


def _field(who: Identity) -> str:
    """A field name per signer (PDF names are ASCII): 'ChuKy-3f2a…', stable for the same person."""
    import hashlib

    return "ChuKy-" + hashlib.sha256(who.name.encode()).hexdigest()[:8]


def sign_dossier(
    folder: Path, signer: Signer, settings: Signing, number: str, held: dict[str, str] | None = None
) -> list[Outcome]:
    """Sign every PDF of the dossier in `folder` this signer is named for; `number` is the tờ trình's
    number and notation ("Số: 12/TTr-CTĐ"), which an attachment's organisation signature carries; `held`:
    PDFs (by name) not to be signed now, and why."""
    year, docs = documents(folder)
    return [_one(document, signer, settings, number, year, (held or {}).get(_name(document))) for document in docs]


def _name(document: Document) -> str:
    return document.pdf.name if document.pdf is not None else ""


def _one(document: Document, signer: Signer, settings: Signing, number: str, year: int, held: str | None) -> Outcome:
    who = signer.identity()
    if document.pdf is None or not document.pdf.is_file():
        return Outcome(document, False, None, "hồ sơ chưa có bản PDF (lập lại hồ sơ khi máy có LibreOffice)")
    before = check_file(document.pdf, document, year, settings)
    person = is_one_of(who, document.signers)
    organisation = settings.organisation is not None and is_organisation(who, document.organisation)
    if not person and not organisation:
        return Outcome(document, False, before, "")
    if held:
        return Outcome(document, False, before, held)
    if _signed_by(before, who):
        return Outcome(document, False, before, "đã ký từ trước")
    if not before.ok:
        return Outcome(document, False, before, "tệp đang có chữ ký không hợp lệ: lập lại hồ sơ rồi ký lại")
    data = document.pdf.read_bytes()
    if person:
        signed, why = _as_person(data, signer, document, settings)
    else:
        signed, why = _as_organisation(data, signer, document, settings, number)
    if not signed:
        return Outcome(document, False, before, why)
    after = check_pdf(signed, document.pdf.name, load_roots(settings.trusted_roots), expected(document, year))
    if not after.ok:  # never put in place a file that its own receiver would refuse
        return Outcome(document, False, after, "chữ ký vừa tạo không đạt kiểm tra")
    return Outcome(document, True, after, data=signed)


def signed_at(outcome: Outcome) -> datetime | None:
    checks = outcome.check.signatures if outcome.check else ()
    return max((s.signed_at for s in checks if s.signed_at), default=None)
