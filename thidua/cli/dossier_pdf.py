"""The dossier's PDFs: each document converted by LibreOffice to PDF/A-2b (the copy that is signed), and
what each PDF is made of, so that a run that writes the same documents again keeps last run's PDFs, and a
PDF signed since stays as it is while its document is unchanged."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from thidua.atomic import sha256_of, written_file
from thidua.workbooks.uptodate import Manifest, key
from thidua.written import signed_pdf

# LibreOffice's PDF export filter: SelectPdfVersion 2 = PDF/A-2b (fonts embedded, sRGB output intent).
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
LIBREOFFICE_SECONDS = 600  # a dossier converts in seconds; beyond this LibreOffice is stuck, not slow


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


def document_digest(docx: Path) -> str:
    """What a document says: its parts, but the save time python-docx stamps in its properties."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(docx) as parts:
        for info in sorted(parts.infolist(), key=lambda i: i.filename):
            data = parts.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _STAMPS.sub(b"", data)
            digest.update(info.filename.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def pdf_key(docx: Path, digest: str = "") -> str:
    """What a document's PDF is made of: the document (`document_digest`), the export filter and this
    module, the LibreOffice that converts it and the fonts it finds. An annual run that writes the same
    documents again keeps last run's PDFs instead of converting them (LibreOffice: 1,6 s of a 2,7 s run)."""
    return key("pdf", digest or document_digest(docx), PDF_FILTER, _converter(), _HOW)


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


@dataclass(frozen=True)
class Origin:
    """A PDF as thidua made it, noted beside its key: the document it was made from, its size and SHA-256.
    Signing appends to a PDF and changes none of its bytes, so a file that begins with exactly these bytes
    is that PDF, signed (or otherwise added to) since."""

    document: str
    size: int
    sha256: str

    def __str__(self) -> str:
        return f"{self.document}:{self.size}:{self.sha256}"

    @classmethod
    def parse(cls, text: str) -> Origin | None:
        parts = text.split(":")
        return cls(parts[0], int(parts[1]), parts[2]) if len(parts) == 3 and parts[1].isdigit() else None

    @classmethod
    def of(cls, document: str, pdf: Path) -> Origin:
        return cls(document, pdf.stat().st_size, sha256_of(pdf))

    def continued_in(self, path: Path) -> bool:
        """`path` begins with this PDF (and holds what was added to it since)."""
        with path.open("rb") as stream:
            head = stream.read(self.size)
            return len(head) == self.size and hashlib.sha256(head).hexdigest() == self.sha256


KEPT, SIGNED = "kept", "signed"  # how a PDF already there was used: as thidua made it, or signed since
# Why a signed PDF there could not be kept, so that a new one is made (the signed one is kept aside: batch.py)
CHANGED, REPLACED, UNKNOWN = "changed", "replaced", "unknown"


def reused(copy: Path, folder: Path, made: Path, facts: tuple[str, str], earlier: Manifest) -> tuple[str, str]:
    """Last run's PDF of this very document put beside the copy: when it is there as thidua made it (KEPT), or
    signed since while the document is the same (SIGNED, whatever thidua's release, LibreOffice or fonts,
    which made it); '' when there is none. With it, why a signed PDF there is not kept (`_why_not_kept`),
    else ''."""
    document, made_of = facts
    target = folder / copy.with_suffix(".pdf").name
    if earlier.fresh(target, made_of):
        how = KEPT
    elif signed_pdf(written_file(target)):
        if why := _why_not_kept(copy, folder, document, earlier):
            return "", why
        how = SIGNED
    else:
        return "", ""
    shutil.copyfile(written_file(target), made / target.name)
    return how, ""


def _why_not_kept(copy: Path, folder: Path, document: str, earlier: Manifest) -> str:
    """Why the signed PDF there is not the PDF of this document ('' when it is): its document CHANGED since,
    it was REPLACED by a file that is not what thidua made of it, or its document is UNKNOWN (made by a
    release that noted no origin, and the document beside it is gone)."""
    target = folder / copy.with_suffix(".pdf").name
    origin = Origin.parse(earlier.origin(target))
    if origin is not None:
        if origin.document != document:
            return CHANGED
        return "" if origin.continued_in(written_file(target)) else REPLACED
    # No origin noted: the document the last run wrote beside the PDF, which it was made of.
    beside = written_file(folder / copy.name)
    if not beside.is_file():
        return UNKNOWN
    try:
        return "" if document_digest(beside) == document else CHANGED
    except (OSError, zipfile.BadZipFile):
        return UNKNOWN


def note_pdfs(folder: Path, earlier: Manifest, facts: dict[Path, tuple[str, str, str]]) -> None:
    """Each PDF's key and origin, from (document, key, how `reused` used it) by copy: a PDF kept from the last
    run keeps its origin; one just made takes the new file's (the staged file, before anyone signs it)."""
    pdfs = set()
    for copy, (document, made_of, how) in facts.items():
        target = folder / copy.with_suffix(".pdf").name
        origin = Origin.parse(earlier.origin(target)) if how else None
        if origin is None or origin.document != document:
            origin = Origin.of(document, written_file(target))
        earlier.note(target, made_of, str(origin))
        pdfs.add(target)
    earlier.save(keep=pdfs)
