"""The award dossier the cluster sends the Sở Nội vụ, as an officer files it: one folder per year, each
document numbered in the order the tờ trình lists it and named with the cluster's code and the year
(01-to-trinh-cum-mttq-2023.docx), its PDF/A beside it when LibreOffice is there (the copy that is signed), an
index that lists every file, says what each still lacks and which PDFs are to be replaced by their signed
copies; and the same as one zip to attach. Its PDFs: cli/dossier_pdf.py."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from thidua.atomic import TEMPORARY, atomic_path, remove_later, written_file
from thidua.cli.dossier_pdf import SIGNED, document_digest, note_pdfs, pdf_key, reused, to_pdf
from thidua.report.pending import Pending
from thidua.workbooks.uptodate import Manifest

if TYPE_CHECKING:
    from thidua.config.signing import Signing


@dataclass(frozen=True)
class Paper:
    """One document of the dossier: what it is, how its file is named, who signs it, what it still lacks."""

    label: str  # "Tờ trình đề nghị khen thưởng"
    role: str  # "to-trinh": the file's name after its number
    source: Path  # the .docx the command wrote
    signers: str  # "Cụm trưởng ký": who signs its PDF, for the index
    pending: list[Pending]
    names: tuple[str, ...] = ()  # the people whose digital signature it must carry, as their certificates say
    attachment: bool = True  # a separate attachment of the tờ trình: the organisation signs its page 1


def checklist(
    year: int, cluster: str, entries: list[tuple[Paper, list[str]]], pdf_note: str, words: dict[str, str]
) -> str:
    """The index: every file with its state, then how the PDFs are signed and sent."""
    lines = [words["dossier_index_title"].format(year=year), cluster, ""]
    for n, (paper, files) in enumerate(entries, 1):
        why = "; ".join(dict.fromkeys(p.what for p in paper.pending))
        state = words["dossier_draft"].format(why=why) if why else words["dossier_ready"]
        lines.append(f"{n}. {paper.label}: {', '.join(files)} ({state}).")
    signed = [(paper, f) for paper, files in entries for f in files if f.endswith(".pdf")]
    lines += ["", words["dossier_how_to_send"] + ":"]
    if signed:
        lines.append("- " + words["dossier_replace_with_signed"])
        lines += [f"  + {name}: {paper.signers}." for paper, name in signed]
    else:
        lines.append(f"- {pdf_note or words['dossier_pdf_not_asked']}")
    lines.append("- " + words["dossier_word_copies"])
    lines.append("- " + words["dossier_headings"].format(headings=words["achievement_headings"]))
    return "\r\n".join(lines) + "\r\n"  # CRLF: opened in Windows Notepad


MANIFEST_VERSION = 1


def manifest(year: int, cluster: str, entries: list[tuple[Paper, list[str]]], organisation: str) -> str:
    """The index for programs (the board's check of the signatures, an e-office's import): every file, whose
    signatures it must carry, and what it still lacks."""
    documents = [
        {
            "title": paper.label,
            "files": files,
            "source": paper.source.name,  # the document beside the dossier's folder its copy was made from
            "signers": list(paper.names),
            "organisation": organisation,
            "attachment": paper.attachment,
            "draft": [p.what for p in paper.pending],
        }
        for paper, files in entries
    ]
    data = {"version": MANIFEST_VERSION, "cluster": cluster, "year": year, "documents": documents}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Dossier(NamedTuple):
    archive: Path  # the zip beside the folder
    pdf_note: str  # why there are no PDFs ('' when made or not asked)
    kept_signed: list[str]  # PDFs signed since the last run, of documents unchanged since: kept as they are
    remade_signed: list[tuple[str, str]]  # signed PDFs made again, and why (dossier_pdf.reused)


def write_dossier(
    year: int,
    code: str,
    cluster: str,
    folder: Path,
    papers: list[Paper],
    pdf: bool,
    words: dict[str, str],
    signing: Signing,
) -> Dossier:
    """The documents as this command wrote them, renamed in order into `folder`, with PDFs when asked, the
    index and the zip beside the folder. Made whole in a private folder first: the zip holds exactly the
    files written. A PDF signed since the last run stays, signed, while its document says the same; the
    index then says again who signed it (checked against `signing`'s trusted roots)."""
    organisation = signing.organisation.name if signing.organisation else ""  # signs for the cluster, if any
    with tempfile.TemporaryDirectory(prefix="ho-so-") as work:
        made = Path(work) / folder.name
        made.mkdir()
        copies = []
        for n, paper in enumerate(papers, 1):
            copy = made / f"{n:02d}-{paper.role}-{code}-{year}.docx"
            shutil.copyfile(written_file(paper.source), copy)
            copies.append(copy)
        earlier = Manifest(folder.parent)  # what each PDF there was made of
        documents = {copy: document_digest(copy) for copy in copies} if pdf else {}
        made_of = {copy: pdf_key(copy, documents[copy]) for copy in documents}
        used = {copy: reused(copy, folder, made, (documents[copy], made_of[copy]), earlier) for copy in documents}
        how = {copy: how for copy, (how, _) in used.items()}
        convert = [copy for copy in documents if not how[copy]]
        pdf_note = to_pdf(convert, made, words) if convert else ""
        remade = [  # a signed PDF made again: said only of one LibreOffice did make
            (copy.with_suffix(".pdf").name, why)
            for copy, (_, why) in used.items()
            if why and (made / copy.with_suffix(".pdf").name).is_file()
        ]
        entries = [
            (paper, [c.name] + ([c.with_suffix(".pdf").name] if c.with_suffix(".pdf").exists() else []))
            for paper, c in zip(papers, copies, strict=True)
        ]
        pairs = zip(papers, copies, strict=True)
        signed = [(paper, c.with_suffix(".pdf")) for paper, c in pairs if how.get(c) == SIGNED]
        index = made / f"00-danh-muc-ho-so-{code}-{year}.txt"
        text = checklist(year, cluster, entries, pdf_note, words)
        if signed:
            text = _with_signatures(text, signed, year, organisation, signing)
        index.write_text(text, encoding="utf-8-sig")
        index.with_suffix(".json").write_text(manifest(year, cluster, entries, organisation), encoding="utf-8")
        for path in sorted(made.iterdir()):
            with atomic_path(folder / path.name) as tmp:
                shutil.copyfile(path, tmp)
        pdfs = [c for c in copies if c.with_suffix(".pdf").exists()]
        note_pdfs(folder, earlier, {c: (documents[c], made_of[c], how[c]) for c in pdfs})
        current = {path.name for path in made.iterdir()}
        for stale in sorted(folder.iterdir()) if folder.is_dir() else []:  # a unit no longer proposed, a draft
            if stale.is_file() and stale.name not in current and not stale.name.startswith(TEMPORARY):
                remove_later(stale)
        archive = folder.parent / f"{folder.name}.zip"
        with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(made.iterdir()):
                bundle.write(path, f"{folder.name}/{path.name}")
    return Dossier(archive, pdf_note, [pdf.name for _, pdf in signed], remade)


def _with_signatures(
    text: str, signed: list[tuple[Paper, Path]], year: int, organisation: str, signing: Signing
) -> str:
    """The index with its section on the signed PDFs kept, each checked again as `thidua sign` checks it."""
    from thidua.signing.dossier import Document
    from thidua.signing.package import signature_lines
    from thidua.words.signatures import index_with_signatures

    documents = [Document(p.label, pdf, p.names, organisation, p.attachment) for p, pdf in signed]
    return index_with_signatures(text, signature_lines(documents, year, signing))
