"""The figures' sentences, movement by movement: what each unit achieved, then the cluster's totals.

Every figure read here is true as written: a unit that lacks a period says so after its name; a total
that lacks some unit's periods says which; a comparison covering fewer units or months than the total
says its base ("tính trên 2/3 đơn vị có số liệu cả hai năm"); a comparison with no fair base is left out.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from thidua.config import Config
from thidua.config.wording import placeholders
from thidua.numbers import fmt_count
from thidua.periods import periods_phrase
from thidua.report.prose import Block, figure, listed, lower_first, sentence
from thidua.report.scopes import comparison, said
from thidua.totals.merge import Totals

MAX_NAMED = 3  # beyond this many units with gaps, a total points to the annex instead of naming them


Row = dict[str, Any]  # one (unit, indicator) of Totals.by_unit, as a plain dict: fast to read many times


def _gaps(rows: list[Row]) -> list[str]:
    """Period keys missing from shown flows; a shown stock has its final period, so nothing it lacks matters."""
    flows = [r for r in rows if r["rollup"] != "last" and not math.isnan(r["value"])]
    return sorted({key for r in flows for key in r["missing"]})


def unit_sentence(cfg: Config, unit: str, rows: list[Row], words: dict[str, str], freq: str) -> str:
    """'Ủy ban MTTQ tỉnh đã vận động được 184 hộ dân hiến trên 7.800 m2 đất, ...' from phrase templates;
    zeros and missing values are not told."""
    values = {r["code"]: r["value"] for r in rows}
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
    phrases += [i.phrase.replace("{v}", shown[i.code]) for i in cfg.indicators if i.code in shown.keys() - used]
    name = cfg.unit(unit).short_name
    if gaps := _gaps([r for r in rows if r["code"] in shown]):
        name += " " + words["unit_gaps"].format(periods=periods_phrase(gaps, freq))
    return f"{name} {', '.join(phrases)}"


def across_note(row: pd.Series, cfg: Config, words: dict[str, str]) -> str:
    """How a cluster figure that is not a sum was taken: 'bình quân 4 đơn vị', or '' for a sum."""
    indicator = next(i for i in cfg.indicators if i.code == row["code"])
    if indicator.across not in ("mean", "weighted_mean"):
        return ""
    weight = next((i.label for i in cfg.indicators if i.code == indicator.weight), "")
    return words[f"across_{indicator.across}"].format(n=fmt_count(row["units"]), weight=weight)


def coverage_note(rows: list[Row], cfg: Config, words: dict[str, str], freq: str, absent: set[tuple[str, str]]) -> str:
    """'chưa gồm số liệu tháng 6 năm 2023 của Hội Cựu chiến binh tỉnh' for the units a total lacks; a month
    whose report came in with this cell left blank says so, so no reader thinks the report is missing.
    `absent` holds the (unit, period) reports not received or not counted."""
    items = []
    for r in rows:
        name = cfg.unit(r["unit"]).short_name
        unweighted = r["across"] == "weighted_mean" and math.isnan(r["weight_value"])  # left out of the mean
        if math.isnan(r["value"]) or unweighted:
            items.append(words["cov_unit"].format(unit=name))
        elif not r["complete"]:
            lost = [k for k in r["missing"] if (r["unit"], k) in absent]
            blank = [k for k in r["missing"] if (r["unit"], k) not in absent]
            if lost:
                items.append(words["cov_periods"].format(periods=periods_phrase(lost, freq), unit=name))
            if blank:
                items.append(words["cov_blank"].format(periods=periods_phrase(blank, freq), unit=name))
    if len(items) > MAX_NAMED:
        return words["cov_many"].format(n=fmt_count(len(items)))
    return words["cov_missing"].format(what=", ".join(items)) if items else ""


def _total_item(
    row: pd.Series, rows: list[Row], totals: Totals, cfg: Config, words: dict[str, str], absent: set[tuple[str, str]]
) -> str:
    """'vận động 368 hộ dân hiến đất, bằng 122,7% kế hoạch năm': the indicator's own phrase (or its
    total_label, when config gives one), what the total lacks, then the comparisons on their bases."""
    window_is_ytd, freq = totals.periods[0].months[0] == 1, totals.period.freq
    compared = comparison(row, totals.period.year, words, (window_is_ytd, freq))
    if row["units"] < 2 and not compared:
        return ""
    value = figure(row["value"], row["measure"], cfg)
    indicator = next(i for i in cfg.indicators if i.code == row["code"])
    if indicator.total_label:
        text = words["total_item"].format(label=lower_first(indicator.total_label), value=value)
    else:
        text = indicator.phrase.replace("{v}", value)
    notes = [note for note in (across_note(row, cfg, words), coverage_note(rows, cfg, words, freq, absent)) if note]
    if notes:
        text += f" ({'; '.join(notes)})"
    return text + said(compared, row["units"], cfg, words)


def _total_blocks(items: list[str], words: dict[str, str]) -> list[Block]:
    """One indicator per line once there are several, so no total is buried in a paragraph-long sentence."""
    if len(items) == 1:
        return [Block("para", sentence(f"{words['cluster_total']}: {items[0]}"))]
    return [Block("para", f"{words['cluster_total']}:"), *listed(items)]


def movement_blocks(totals: Totals, cfg: Config, movement: str, words: dict[str, str]) -> list[Block]:
    by_unit = totals.by_unit[totals.by_unit["movement"] == movement]
    freq = totals.period.freq
    units: dict[str, list[Row]] = {}
    codes: dict[str, list[Row]] = {}
    for record in by_unit.to_dict("records"):  # one pass into plain dicts, not a pandas filter per unit
        units.setdefault(record["unit"], []).append(record)
        codes.setdefault(record["code"], []).append(record)
    sentences = [
        s
        for unit in (u.code for u in cfg.units if u.code in units)
        if (s := unit_sentence(cfg, unit, units[unit], words, freq))
    ]
    blocks = [Block("para", sentence("; ".join(sentences)))] if sentences else []
    items = []
    absent = set(zip(totals.missing["unit"], totals.missing["period"], strict=True))  # reports not counted
    for _, row in totals.cluster[totals.cluster["movement"] == movement].iterrows():
        if pd.isna(row["value"]) or row["value"] == 0:
            continue
        if item := _total_item(row, codes[row["code"]], totals, cfg, words, absent):
            items.append(item)
    return blocks + (_total_blocks(items, words) if items else [])
