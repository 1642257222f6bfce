"""What a dossier file is, judged by its content, never by the name the browser gave it: a zip that opens
(its central directory read, at least one member), a PDF that parses and ends with its end-of-file mark,
or a Word document. A file that only starts like one of them (`PK\\x03\\x04<html>`, `%PDF-<html>`) is none."""

from __future__ import annotations

import io
import zipfile

WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def dossier_kind(data: bytes) -> str | None:
    """'zip', 'docx' or 'pdf', or None when the bytes are none of them."""
    if data.startswith(b"%PDF-"):
        return "pdf" if _is_pdf(data) else None
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if not names:
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx" if WORD_MAIN in archive.read("[Content_Types].xml") and _is_word(data) else None
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError):
        return None


def _is_word(data: bytes) -> bool:
    from docx import Document

    try:
        Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a broken package; any of them means "not Word"
        return False
    return True


def _is_pdf(data: bytes) -> bool:
    if not data.rstrip().endswith(b"%%EOF"):  # a file cut short in transit has no end mark
        return False
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data), strict=True).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return False
