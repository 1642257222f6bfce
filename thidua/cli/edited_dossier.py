"""The chair's Word edits carried into the dossier before it is signed. A chair reads the tờ trình in Word
(to-trinh.docx, or its copy in the dossier folder), corrects a sentence, saves, and signs: the PDF in the
dossier was made before the edit, so signing it would sign the text as it was. `thidua sign` first makes
that document's copy and PDF again from the edited text. The next `thidua run` writes the documents from
the figures again (the chair's file kept as `sua-tay`), and the signed PDF, of a text that is no longer the
document's, is kept aside (cli/dossier_pdf.py, batch.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from thidua.atomic import atomic_path, written_file
from thidua.cli.dossier_pdf import Origin, document_digest, pdf_key, to_pdf
from thidua.signing.dossier import documents
from thidua.workbooks.uptodate import Manifest
from thidua.written import as_written


def refresh_edited(folder: Path, words: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Each document whose Word file was edited since thidua wrote it, and whose PDF was not yet made from
    that edit: its copy and PDF made again from it. Returns what to tell the signer, and the PDFs that could
    not be made again (by name, with why), which are then not to be signed."""
    told: list[str] = []
    held: dict[str, str] = {}
    manifest = Manifest(folder.parent)
    for paper in documents(folder)[1]:
        if paper.docx is None or paper.pdf is None:
            continue
        edited = _edited(paper.docx, paper.source)
        if edited is None:
            continue
        document = document_digest(edited)
        origin = Origin.parse(manifest.origin(paper.pdf))
        if origin is not None and origin.document == document:
            continue  # made from this very edit already (by an earlier signer's pass)
        pdf = paper.pdf.name
        if why := _make_again(edited, paper.docx, paper.pdf, document, manifest, words):
            held[pdf] = words["dossier_edited_not_made"].format(file=edited.name, pdf=pdf, why=why)
        else:
            told.append(words["dossier_edited_made"].format(file=edited.name, pdf=pdf))
    if told:
        manifest.save()
    return told, held


def _edited(copy: Path, source: Path | None) -> Path | None:
    """The edited text, if any: the copy in the dossier when it was edited (the file to be sent), else the
    document it was copied from."""
    if as_written(copy) is False:
        return copy
    if source is not None and as_written(source) is False:
        return source
    return None


def _make_again(edited: Path, copy: Path, pdf: Path, document: str, manifest: Manifest, words: dict[str, str]) -> str:
    """The copy and the PDF written from `edited` (staged in the command's batch), noted as made of it; ''
    or why the PDF could not be made."""
    with tempfile.TemporaryDirectory(prefix="ho-so-sua-") as work:
        text = Path(work) / copy.name
        shutil.copyfile(written_file(edited), text)
        if why := to_pdf([text], Path(work), words):
            return why
        made = text.with_suffix(".pdf")
        if edited != copy:
            with atomic_path(copy) as tmp:
                shutil.copyfile(text, tmp)
        with atomic_path(pdf) as tmp:
            shutil.copyfile(made, tmp)
        manifest.note(pdf, pdf_key(text, document), str(Origin.of(document, made)))
    return ""
