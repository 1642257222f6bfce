"""Units' own narrative lines (leadership, highlights, models, shortcomings, proposals), attributed."""

from __future__ import annotations

import pandas as pd

from thidua.config import Config
from thidua.report.prose import sentence


def joined_case(text: str) -> str:
    """A unit's sentence continued after a semicolon starts in lower case ('…; vận động các doanh nghiệp'),
    unless it opens with a name: an acronym ('MTTQ') or a capitalised phrase ('Hội Nông dân tỉnh')."""
    words = text.split(maxsplit=2)
    if not words or not words[0][:1].isupper() or words[0][1:2].isupper():
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def attributed(cfg: Config, narratives: pd.DataFrame, sections: set[str], only_period: str = "") -> list[str]:
    """Units' own narrative lines for some report sections: one line per unit with its distinct
    sentences in period order; units that wrote the same are named together. `only_period` keeps the
    lines of one period's returns (proposals: what units ask for now, not what they asked in June)."""
    codes = {n.code for n in cfg.narratives if n.section in sections}
    rows = narratives[narratives["section"].isin(codes)].sort_values("period", kind="stable")
    if only_period:
        rows = rows[rows["period"] == only_period]
    texts: dict[str, list[str]] = {}
    for unit, text in zip(rows["unit"], rows["text"], strict=True):
        texts.setdefault(unit, []).append(text)
    by_text: dict[str, list[str]] = {}
    for unit in (u.code for u in cfg.units):
        distinct = list(dict.fromkeys(s for s in (sentence(t) for t in texts.get(unit, [])) if s))
        if distinct:
            text = "; ".join(s.rstrip(".") if n == 0 else joined_case(s.rstrip(".")) for n, s in enumerate(distinct))
            by_text.setdefault(text, []).append(unit)
    return [f"{', '.join(cfg.unit(u).short_name for u in units)}: {text}" for text, units in by_text.items()]
