"""Totals → the report's outline: headings and paragraphs of formal Vietnamese, no Word formatting.

The outline is a list of Blocks; render_docx gives each kind its named Word style.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from thidua.config import Config
from thidua.config.wording import placeholders
from thidua.numbers import approximate, fmt_count, fmt_number, fmt_percent
from thidua.periods import Period, window_title
from thidua.totals.merge import Totals

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


@dataclass(frozen=True)
class Block:
    kind: str  # part | part_title | h1 | h2 | h3 | para | note
    text: str


def sentence(text: str) -> str:
    """Sentence case, single spaces, exactly one final full stop."""
    text = re.sub(r"\s+", " ", text).strip().rstrip(" .;,:")
    return text[:1].upper() + text[1:] + "." if text else ""


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def next_window(period: Period, kind: str) -> str:
    if kind == "6thang":
        return f"6 tháng cuối năm {period.year}" if period.month == 6 else f"năm {period.year + 1}"
    if kind == "nam":
        return f"năm {period.year + 1}"
    nxt = Period(period.year + (period.month == 12), period.month % 12 + (3 if kind == "quy" else 1), period.freq)
    return window_title(nxt, kind)


def figure(value: float, measure: str, cfg: Config) -> str:
    """A figure as prose writes it: approximated when large (by config), padded when small."""
    if not float(value).is_integer():
        number = fmt_number(value)
    elif cfg.report.approximate:
        number = approximate(value, cfg.report.approximate_from)
    else:
        number = fmt_count(value)
    return f"{number} {measure}"


def unit_sentence(cfg: Config, unit: str, values: dict[str, float]) -> str:
    """'Ủy ban MTTQ tỉnh đã vận động được 184 hộ dân hiến trên 7.800 m2 đất, ...' from phrase templates."""
    measures = {i.code: i.measure for i in cfg.indicators}
    shown = {c: figure(v, measures[c], cfg) for c, v in values.items() if v and not math.isnan(v)}
    if not shown:
        return ""
    movement = next(i.movement for i in cfg.indicators if i.code in shown)
    phrases: list[str] = []
    used: set[str] = set()
    templates = next(m.phrases for m in cfg.movements if m.code == movement)
    # Phrases combining the most indicators first; check-template has already validated their braces.
    parsed = sorted(((placeholders(t) or set(), t) for t in templates), key=lambda p: -len(p[0]))
    for codes, tpl in parsed:
        if codes and codes <= shown.keys() - used:
            phrases.append(tpl.format(**shown))
            used |= codes
    order = [i for i in cfg.indicators if i.code in shown.keys() - used]
    phrases += [i.phrase.replace("{v}", shown[i.code]) for i in order]
    return f"{cfg.unit(unit).short_name} {', '.join(phrases)}"


def comparison(row: pd.Series, year: int, words: dict[str, str], window_is_ytd: bool) -> str:
    """'bằng 61,3% kế hoạch năm, tăng 21,9% so với cùng kỳ năm 2022' where each is known. The target is
    yearly, so a window shorter than the year so far compares the year-to-date figure instead."""
    parts = []
    if not math.isnan(row["pct_target"]):
        key = "cmp_target" if window_is_ytd else "cmp_target_ytd"
        parts.append(words[key].format(pct=fmt_percent(row["pct_target"])))
    if not math.isnan(row["change_pct"]):
        change = round(row["change_pct"], 1)
        key = "cmp_same" if change == 0 else ("cmp_up" if change > 0 else "cmp_down")
        parts.append(words[key].format(pct=fmt_percent(abs(row["change_pct"])), prev_year=year - 1))
    return ", ".join(parts)


def movement_blocks(totals: Totals, cfg: Config, movement: str, words: dict[str, str]) -> list[Block]:
    by_unit = totals.by_unit[totals.by_unit["movement"] == movement]
    sentences = []
    for unit in (u.code for u in cfg.units):
        rows = by_unit[by_unit["unit"] == unit]
        if s := unit_sentence(cfg, unit, dict(zip(rows["code"], rows["value"], strict=True))):
            sentences.append(s)
    blocks = [Block("para", sentence("; ".join(sentences)))] if sentences else []
    totals_parts = []
    for _, row in totals.cluster[totals.cluster["movement"] == movement].iterrows():
        if pd.isna(row["value"]) or row["value"] == 0:
            continue
        extra = comparison(row, totals.period.year, words, totals.periods[0].months[0] == 1)
        if row["units"] >= 2 or extra:
            text = words["total_item"].format(
                label=lower_first(row["label"]), value=figure(row["value"], row["measure"], cfg)
            )
            totals_parts.append(f"{text} ({extra})" if extra else text)
    if totals_parts:
        blocks.append(Block("para", sentence(f"{words['cluster_total']}: {'; '.join(totals_parts)}")))
    return blocks


def attributed(cfg: Config, narratives: pd.DataFrame, sections: set[str]) -> list[str]:
    """Units' own narrative lines for some report sections: one line per unit with its distinct
    sentences in period order; units that wrote the same are named together."""
    codes = {n.code for n in cfg.narratives if n.section in sections}
    rows = narratives[narratives["section"].isin(codes)].sort_values("period")
    by_text: dict[str, list[str]] = {}
    for unit in (u.code for u in cfg.units):
        distinct = list(dict.fromkeys(s for s in (sentence(t) for t in rows[rows["unit"] == unit]["text"]) if s))
        if distinct:
            text = "; ".join(s.rstrip(".") for s in distinct)
            by_text.setdefault(text, []).append(unit)
    return [f"{', '.join(cfg.unit(u).short_name for u in units)}: {text}" for text, units in by_text.items()]
