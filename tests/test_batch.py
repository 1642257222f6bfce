"""The batch's rules for what a person (or a signature) added to an output, each tried on real files: what
thidua wrote is replaced; what was changed since is kept under a new name; a signed PDF is never
overwritten or removed, even one `thidua sign` wrote itself, unless the new file holds all of it; one thidua
no longer writes is set aside under a name that says it was signed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from thidua.atomic import atomic_path, remove_later
from thidua.batch import EDITED, RETIRED, SIGNED, Kept, batch

MOMENT = datetime(2026, 12, 8, 9, 30)
UNSIGNED = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
SIGNATURE = b"2 0 obj << /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >> endobj\n%%EOF\n"


def write(root: Path, target: Path, data: bytes) -> list[Kept]:
    """One command writing `data` to `target`: staged, then committed."""
    with batch(root, MOMENT) as current:
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        return current.commit()


def remove(root: Path, target: Path) -> list[Kept]:
    with batch(root, MOMENT) as current:
        remove_later(target)
        return current.commit()


def test_thiduas_own_file_is_replaced_and_a_changed_one_kept(tmp_path) -> None:
    report = tmp_path / "bao-cao.pdf"
    assert write(tmp_path, report, UNSIGNED) == []
    assert write(tmp_path, report, UNSIGNED + b"% made again\n") == []  # thidua's own: replaced, nothing said
    report.write_bytes(b"%PDF-1.7\n% the office's own scan\n")
    (kept,) = write(tmp_path, report, UNSIGNED)
    assert kept.reason == EDITED and kept.kept.read_bytes().endswith(b"own scan\n")


def test_the_same_bytes_again_keep_nothing_aside(tmp_path) -> None:
    """A file changed outside thidua (the portal put a signed copy in place) and written again as it is now,
    byte for byte: nothing is lost, so no copy and no message."""
    report = tmp_path / "bien-ban.pdf"
    write(tmp_path, report, UNSIGNED)
    report.write_bytes(UNSIGNED + b"% added\n")
    assert write(tmp_path, report, UNSIGNED + b"% added\n") == []
    assert [p.name for p in tmp_path.glob("bien-ban.*")] == ["bien-ban.pdf"]


def test_a_signed_pdf_that_thidua_signed_is_kept_when_replaced(tmp_path) -> None:
    """`thidua sign` writes in a batch, so the record holds the signed file: it was overwritten as thidua's own."""
    proposal = tmp_path / "01-to-trinh.pdf"
    write(tmp_path, proposal, UNSIGNED)
    assert write(tmp_path, proposal, UNSIGNED + SIGNATURE) == []  # signed: the same file with more after it
    assert write(tmp_path, proposal, UNSIGNED + SIGNATURE + SIGNATURE) == []  # a second signer
    (kept,) = write(tmp_path, proposal, UNSIGNED + b"% the document changed\n")
    assert kept.reason == SIGNED and kept.kept.name == "01-to-trinh.da-ky-20261208-093000.pdf"
    assert kept.kept.read_bytes() == UNSIGNED + SIGNATURE + SIGNATURE
    assert proposal.read_bytes().endswith(b"changed\n")


def test_a_signed_pdf_no_longer_in_the_dossier_is_set_aside_never_removed(tmp_path) -> None:
    """A unit no longer proposed: its report, signed, must not stay under its dossier name (it would sit beside
    the new 05-… as if still part of the dossier), nor be lost; a signing tool's own copy stays as it is."""
    report = tmp_path / "05-bao-cao-thanh-tich.pdf"
    write(tmp_path, report, UNSIGNED)
    write(tmp_path, report, UNSIGNED + SIGNATURE)
    (kept,) = remove(tmp_path, report)
    assert kept.reason == RETIRED and kept.kept.name == "05-bao-cao-thanh-tich.da-ky-20261208-093000.pdf"
    assert kept.kept.read_bytes() == UNSIGNED + SIGNATURE and not report.exists()
    by_tool = tmp_path / "06-bao-cao-thanh-tich.pdf"  # thidua's file, signed in place by another program
    write(tmp_path, by_tool, UNSIGNED)
    by_tool.write_bytes(UNSIGNED + SIGNATURE)
    assert [k.kept.name for k in remove(tmp_path, by_tool)] == ["06-bao-cao-thanh-tich.da-ky-20261208-093000.pdf"]
    own = tmp_path / "06-bao-cao-thanh-tich_signed.pdf"  # the tool's copy, a name thidua never wrote
    own.write_bytes(UNSIGNED + SIGNATURE)
    assert remove(tmp_path, own) == [] and own.read_bytes() == UNSIGNED + SIGNATURE
    draft = tmp_path / "07-bao-cao-thanh-tich.pdf"
    write(tmp_path, draft, UNSIGNED)
    assert remove(tmp_path, draft) == [] and not draft.exists()  # unsigned, as thidua wrote it: removed


def test_what_a_backup_keeps_of_the_outputs(tmp_path) -> None:
    """irreplaceable(): nothing thidua wrote and nobody changed, whichever folder below the outputs a command
    wrote into; every file changed since, put there by a person, or signed."""
    from thidua.written import irreplaceable

    outputs = tmp_path / "outputs"
    work = outputs / "lam-viec"  # a command run with --outputs outputs/lam-viec keeps its record there
    report, book = work / "nam-2023-12" / "bao-cao.docx", outputs / "tong-hop.xlsx"
    write(work, report, b"PK the report as thidua wrote it")
    write(outputs, book, b"PK the summary as thidua wrote it")
    assert irreplaceable(outputs) == []
    report.write_bytes(b"PK the report as the chair edited it")
    (outputs / "ghi-chu.txt").write_text("Ghi chú của Văn phòng", encoding="utf-8")
    signed = work / "nam-2023-12" / "01-to-trinh.pdf"
    write(work, signed, UNSIGNED)
    write(work, signed, UNSIGNED + SIGNATURE)  # `thidua sign`: recorded as thidua's own, and still kept
    assert irreplaceable(outputs) == [outputs / "ghi-chu.txt", signed, report]
