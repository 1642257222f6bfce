"""The award dossier the cluster sends the Sở Nội vụ, as an officer files it: one folder per year, each
document numbered in the order the tờ trình lists it and named with the cluster's code and the year
(01-to-trinh-cum-mttq-2023.docx), its PDF/A beside it when LibreOffice is there (the copy that is signed), an
index that lists every file, says what each still lacks and which PDFs are to be replaced by their signed
copies; and the same as one zip to attach."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from thidua.atomic import TEMPORARY, atomic_path, remove_later, sha256_of, written_file
from thidua.report.pending import Pending
from thidua.workbooks.uptodate import Manifest, key

# LibreOffice's PDF export filter: SelectPdfVersion 2 = PDF/A-2b (fonts embedded, sRGB output intent).
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
LIBREOFFICE_SECONDS = 600  # a dossier converts in seconds; beyond this LibreOffice is stuck, not slow


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


def to_pdf(documents: list[Path], folder: Path, words: dict[str, str]) -> str:
    """Convert .docx files to PDF/A-2b beside them; returns '' or why it could not."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return words["dossier_no_pdf"]
    # ignore_cleanup_errors: a LibreOffice stopped by Ctrl-C may still be closing files in its profile, and
    # the clerk must read "Đã dừng", not a complaint about a temporary folder
    with (
        tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile,
        tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as out,
    ):
        args = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", PDF_FILTER]
        returncode = _convert([*args, "--outdir", out, *map(str, documents)])
        if returncode is None:
            return words["dossier_pdf_timeout"].format(minutes=LIBREOFFICE_SECONDS // 60)
        made = list(Path(out).glob("*.pdf"))
        if returncode != 0 or len(made) != len(documents):
            return words["dossier_pdf_failed"].format(code=returncode)
        for pdf in made:
            shutil.copyfile(pdf, folder / pdf.name)
    return ""


def _convert(args: list[str]) -> int | None:
    """LibreOffice's exit code, or None when it ran past LIBREOFFICE_SECONDS. It runs in a process group of
    its own and, if thidua is stopped (Ctrl-C) or it takes too long, the whole group is ended: soffice is a
    launcher whose soffice.bin would otherwise run on, writing into a folder being removed."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return process.wait(timeout=LIBREOFFICE_SECONDS)
    except subprocess.TimeoutExpired:
        _end(process)
        return None  # the index says why the PDFs are missing; the .docx copies stand
    except BaseException:
        _end(process)
        raise


def _end(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


_HOW = sha256_of(Path(__file__))  # this module: how the PDFs are made
# python-docx stamps a document's creation and modification time on every save: what it holds is the rest.
_STAMPS = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
# Where a machine's fonts and their caches live: a font installed since (Times New Roman on a server that
# lacked it) changes how LibreOffice sets the same document, so its PDFs are made again.
_FONT_PLACES = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/var/cache/fontconfig",
    "~/.fonts",
    "~/.local/share/fonts",
    "~/.cache/fontconfig",
    "~/Library/Fonts",
    "/Library/Fonts",
    "%WINDIR%/Fonts",
    "%LOCALAPPDATA%/Microsoft/Windows/Fonts",
)


def pdf_key(docx: Path) -> str:
    """What a document's PDF is made of: the document's parts (but the save time in its properties), the
    export filter and this module, the LibreOffice that converts it and the fonts it finds. An annual run
    that writes the same documents again keeps last run's PDFs instead of converting them (LibreOffice:
    1,6 s of a 2,7 s run)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(docx) as parts:
        for info in sorted(parts.infolist(), key=lambda i: i.filename):
            data = parts.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(b"", data)
            digest.update(info.filename.encode() + b"\0" + hashlib.sha256(data).digest())
    return key("pdf", digest.hexdigest(), PDF_FILTER, _converter(), _HOW)


@functools.cache
def _converter() -> list[str]:
    """The LibreOffice found and the state of the font folders, as size and time stamps."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    places = [Path(os.path.expandvars(os.path.expanduser(p))) for p in _FONT_PLACES]
    seen = [Path(os.path.realpath(soffice))] if soffice else []
    stamps = []
    for place in seen + places:
        with contextlib.suppress(OSError):
            info = place.stat()
            stamps.append(f"{place}:{info.st_size}:{info.st_mtime_ns}")
    return stamps


def _reused(copy: Path, folder: Path, made: Path, made_of: str, earlier: Manifest) -> bool:
    """Last run's PDF of this very document put beside the copy, when it is there as thidua made it."""
    target = folder / copy.with_suffix(".pdf").name
    if not earlier.fresh(target, made_of):
        return False
    shutil.copyfile(written_file(target), made / target.name)
    return True


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
            "signers": list(paper.names),
            "organisation": organisation,
            "attachment": paper.attachment,
            "draft": [p.what for p in paper.pending],
        }
        for paper, files in entries
    ]
    data = {"version": MANIFEST_VERSION, "cluster": cluster, "year": year, "documents": documents}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_dossier(
    year: int,
    code: str,
    cluster: str,
    folder: Path,
    papers: list[Paper],
    pdf: bool,
    words: dict[str, str],
    organisation: str = "",
) -> tuple[Path, str]:
    """The documents as this command wrote them, renamed in order into `folder`, with PDFs when asked, the
    index and the zip beside the folder; returns the zip and the note about PDFs ('' when made or not
    asked). Made whole in a private folder first: the zip holds exactly the files written."""
    with tempfile.TemporaryDirectory(prefix="ho-so-") as work:
        made = Path(work) / folder.name
        made.mkdir()
        copies = []
        for n, paper in enumerate(papers, 1):
            copy = made / f"{n:02d}-{paper.role}-{code}-{year}.docx"
            shutil.copyfile(written_file(paper.source), copy)
            copies.append(copy)
        made_of = {copy: pdf_key(copy) for copy in copies} if pdf else {}
        earlier = Manifest(folder.parent)  # what each PDF there was made of
        convert = [copy for copy in copies if not (pdf and _reused(copy, folder, made, made_of[copy], earlier))]
        pdf_note = to_pdf(convert, made, words) if pdf and convert else ""
        entries = [
            (paper, [c.name] + ([c.with_suffix(".pdf").name] if c.with_suffix(".pdf").exists() else []))
            for paper, c in zip(papers, copies, strict=True)
        ]
        index = made / f"00-danh-muc-ho-so-{code}-{year}.txt"
        index.write_text(checklist(year, cluster, entries, pdf_note, words), encoding="utf-8-sig")
        index.with_suffix(".json").write_text(manifest(year, cluster, entries, organisation), encoding="utf-8")
        for path in sorted(made.iterdir()):
            with atomic_path(folder / path.name) as tmp:
                shutil.copyfile(path, tmp)
        pdfs = {folder / c.with_suffix(".pdf").name: made_of[c] for c in copies if c.with_suffix(".pdf").exists()}
        for target, made_from in pdfs.items():
            earlier.note(target, made_from)
        earlier.save(keep=set(pdfs))
        current = {path.name for path in made.iterdir()}
        for stale in sorted(folder.iterdir()) if folder.is_dir() else []:  # a unit no longer proposed, a draft
            if stale.is_file() and stale.name not in current and not stale.name.startswith(TEMPORARY):
                remove_later(stale)
        archive = folder.parent / f"{folder.name}.zip"
        with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(made.iterdir()):
                bundle.write(path, f"{folder.name}/{path.name}")
    return archive, pdf_note
