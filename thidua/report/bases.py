"""The "Căn cứ" lines of a document: the texts of year_end.legal_basis that apply on its date, in config
order, then the document's own bases (a plan, the meeting's result)."""

from __future__ import annotations

import re
from datetime import date

from thidua.config import Config
from thidua.report.prose import Block


def basis_lines(cfg: Config, day: date, own: list[str], **values: str) -> list[Block]:
    """`day` is the document's date, or the day it will be signed at the earliest when it has none yet."""
    texts = cfg.year_end.legal_basis if cfg.year_end else []
    cited = [f"Căn cứ {t.text.rstrip(';. ')};" for t in texts if t.applies_on(day)]
    return [Block("para", line) for line in cited + [b.format(**values) for b in own]]


def out_of_force(cfg: Config, day: date, own: list[str]) -> list[str]:
    """The texts of year_end.legal_basis that a document's own bases name (by their number, "98/2023/NĐ-CP")
    but that do not apply on its date: a tờ trình of 2026 citing NĐ 98/2023, replaced in July 2025."""
    texts = cfg.year_end.legal_basis if cfg.year_end else []
    out = []
    for text in texts:
        number = _NUMBER.search(text.text)
        if number and not text.applies_on(day) and any(number[0] in basis for basis in own):
            out.append(text.text)
    return out


_NUMBER = re.compile(r"\d+/\d{4}/[A-ZĐ0-9-]+")
