"""The dossier as a package of files: signed PDFs put in place of the unsigned ones with the index's signature
section and the zip made again (after `thidua sign`, or a signed file posted back through the portal), and a
package received (a zip, or one PDF) checked file by file against its index for programs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from thidua.atomic import TEMPORARY, atomic_path
from thidua.config.signing import Signing
from thidua.signing.dossier import INDEX, Document, documents, expected
from thidua.signing.facts import Expected, FileCheck
from thidua.signing.verify import check_pdf, load_roots
from thidua.words.signatures import index_lines, index_with_signatures

MAX_MEMBER = 50 * 1024 * 1024  # one PDF of a dossier read from a zip: never more than this into memory


def put_signed(folder: Path, signed: dict[str, bytes], lines: list[str]) -> Path:
    """Signed files in place of the unsigned ones, the index's signature section rewritten (`lines`), and the
    zip made again of the dossier's own files as the folder will hold them (a copy kept under another name
    beside them is not part of it); returns the zip."""
    index = next(iter(sorted(folder.glob("00-danh-muc-ho-so-*.txt"))), None)
    own = _own_files(folder)
    contents = {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}
    contents = {n: b for n, b in contents.items() if not n.startswith(TEMPORARY) and (own is None or n in own)}
    contents |= signed
    if index is not None:
        text = index_with_signatures(contents[index.name].decode("utf-8-sig"), lines)
        contents[index.name] = text.encode("utf-8-sig")
    for name in [*signed, *([index.name] if index else [])]:
        with atomic_path(folder / name) as tmp:
            tmp.write_bytes(contents[name])
    archive = folder.parent / f"{folder.name}.zip"
    with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in sorted(contents.items()):
            bundle.writestr(f"{folder.name}/{name}", data)
    return archive


def _own_files(folder: Path) -> set[str] | None:
    """The dossier's files by its index for programs, and the two indexes; None when there is no such index."""
    try:
        _, docs = documents(folder)
    except ValueError:
        return None
    listed = {path.name for d in docs for path in (d.pdf, d.docx) if path is not None}
    indexes = sorted(folder.glob(INDEX))[-1:]  # the one documents() read
    return listed | {name for index in indexes for name in (index.name, index.with_suffix(".txt").name)}


def signature_lines(
    documents: list[Document], year: int, settings: Signing, fresh: dict[str, FileCheck] | None = None
) -> list[str]:
    """The index's signature section: each signed PDF among `documents` and who has signed it (`fresh`: the
    checks already made, by file name)."""
    roots, out = load_roots(settings.trusted_roots), []
    for document in documents:
        if document.pdf is None or not document.pdf.is_file():
            continue
        check = (fresh or {}).get(document.pdf.name) or check_pdf(
            document.pdf.read_bytes(), document.pdf.name, roots, expected(document, year)
        )
        out += index_lines(document.pdf.name, check)
    return out


def _expectations(manifest: dict[str, Any], year_default: int) -> dict[str, tuple[Document, int]]:
    year = int(manifest.get("year", year_default))
    out = {}
    for entry in manifest.get("documents", []):
        document = Document(
            entry.get("title", ""),
            None,
            tuple(entry.get("signers", [])),
            entry.get("organisation", ""),
            bool(entry.get("attachment")),
        )
        for name in entry.get("files", []):
            if str(name).endswith(".pdf"):
                out[str(name)] = (document, year)
    return out


def check_package(data: bytes, name: str, settings: Signing, year: int) -> list[FileCheck]:
    """Every PDF a package holds, checked: a zip's against its index for programs (who must sign each), a
    lone PDF against no name (the trusted roots and the window still apply)."""
    roots = load_roots(settings.trusted_roots)
    if data.startswith(b"%PDF"):
        return [check_pdf(data, name, roots, Expected())]
    try:
        bundle = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return []
    with bundle:
        members = [m for m in bundle.infolist() if not m.is_dir() and m.file_size <= MAX_MEMBER]
        manifest: dict[str, Any] = {}
        for member in members:
            if member.filename.endswith(".json") and "00-danh-muc-ho-so" in member.filename:
                manifest = json.loads(bundle.read(member).decode("utf-8"))
        known = _expectations(manifest, year)
        checks = []
        for member in members:
            if not member.filename.lower().endswith(".pdf"):
                continue
            short = member.filename.rsplit("/", 1)[-1]
            document, its_year = known.get(short, (None, year))
            wanted = expected(document, its_year) if document else Expected()
            checks.append(check_pdf(bundle.read(member), short, roots, wanted))
    return checks
