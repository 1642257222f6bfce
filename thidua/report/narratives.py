"""Units' own narrative lines (leadership, highlights, models, shortcomings, proposals), attributed."""

from __future__ import annotations

import pandas as pd

from thidua.config import Config
from thidua.report.prose import sentence


def attributed(cfg: Config, narratives: pd.DataFrame, sections: set[str]) -> list[str]:
    """Units' own narrative lines for some report sections: one line per unit with its distinct
    sentences in period order; units that wrote the same are named together."""
    codes = {n.code for n in cfg.narratives if n.section in sections}
    rows = narratives[narratives["section"].isin(codes)].sort_values("period", kind="stable")
    texts: dict[str, list[str]] = {}
    for unit, text in zip(rows["unit"], rows["text"], strict=True):
        texts.setdefault(unit, []).append(text)
    by_text: dict[str, list[str]] = {}
    for unit in (u.code for u in cfg.units):
        distinct = list(dict.fromkeys(s for s in (sentence(t) for t in texts.get(unit, [])) if s))
        if distinct:
            text = "; ".join(s.rstrip(".") for s in distinct)
            by_text.setdefault(text, []).append(unit)
    return [f"{', '.join(cfg.unit(u).short_name for u in units)}: {text}" for text, units in by_text.items()]
