"""Text hygiene shared by every stage: Unicode NFC, cell values as text, XML-safe output."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# XML 1.0 forbids these control characters; a pasted one would make Excel or Word refuse the whole file.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def nfc(text: str) -> str:
    """NFC-normalised and stripped: Vietnamese typed on a Mac or pasted from the web is often NFD."""
    return unicodedata.normalize("NFC", text).strip()


def clean_text(value: Any) -> str:
    """A cell value as the text a clerk sees: None → '', 12.0 → '12', NFC, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def xml_safe(value: Any) -> str:
    """Text with the characters XML cannot carry removed."""
    return _XML_ILLEGAL.sub("", str(value))


def and_joined(names: list[str]) -> str:
    """['A', 'B', 'C'] → 'A, B và C': names in a Vietnamese sentence."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"
