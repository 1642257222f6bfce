"""The "Căn cứ" lines of a document: the texts of year_end.legal_basis that apply on its date, in config
order, then the document's own bases (a plan, the meeting's result)."""

from __future__ import annotations

from datetime import date

from thidua.config import Config
from thidua.report.prose import Block


def basis_lines(cfg: Config, day: date, own: list[str], **values: str) -> list[Block]:
    """`day` is the document's date, or the day it will be signed at the earliest when it has none yet."""
    texts = cfg.year_end.legal_basis if cfg.year_end else []
    cited = [f"Căn cứ {t.text.rstrip(';. ')};" for t in texts if t.applies_on(day)]
    return [Block("para", line) for line in cited + [b.format(**values) for b in own]]
