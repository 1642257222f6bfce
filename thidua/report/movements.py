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
from thidua.numbers import fmt_count, fmt_percent
from thidua.report.prose import Block, figure, lower_first, periods_phrase, sentence
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


def _target_part(row: pd.Series, words: dict[str, str], window_is_ytd: bool) -> tuple[str, bool]:
    """(text, whether it names a narrower base)."""
    if math.isnan(row["pct_target"]):
        return "", False
    text = words["cmp_target" if window_is_ytd else "cmp_target_ytd"].format(pct=fmt_percent(row["pct_target"]))
    if row["target_units"] < row["units"]:
        key = "base_target" if row["target_units"] == row["registered"] else "base_target_complete"
        return f"{text}, {words[key].format(n=fmt_count(row['target_units']), m=row['units'])}", True
    return text, False


def _last_year_part(row: pd.Series, year: int, words: dict[str, str]) -> tuple[str, bool]:
    """(text, whether it names a narrower base)."""
    if math.isnan(row["change_pct"]):
        return "", False
    change = round(row["change_pct"], 1)
    key = "cmp_same" if change == 0 else ("cmp_up" if change > 0 else "cmp_down")
    text = words[key].format(pct=fmt_percent(abs(row["change_pct"])), prev_year=year - 1)
    fewer = row["ly_units"] < row["units"]
    if not fewer and not row["ly_partial"]:
        return text, False
    base = "base_ly_both" if fewer and row["ly_partial"] else "base_ly_units" if fewer else "base_ly_months"
    return f"{text}, {words[base].format(n=fmt_count(row['ly_units']), m=row['units'])}", True


def comparison(row: pd.Series, year: int, words: dict[str, str], window_is_ytd: bool) -> str:
    """'bằng 61,3% kế hoạch năm, tăng 21,9% so với cùng kỳ năm 2022', each part with its base when the
    base is narrower than the total. The target is yearly, so a window shorter than the year so far
    compares the year-to-date figure instead."""
    parts = [p for p in (_target_part(row, words, window_is_ytd), _last_year_part(row, year, words)) if p[0]]
    return ("; " if any(based for _, based in parts) else ", ").join(text for text, _ in parts)


def coverage_note(rows: list[Row], cfg: Config, words: dict[str, str], freq: str) -> str:
    """'chưa gồm số liệu tháng 6 năm 2023 của Hội Cựu chiến binh tỉnh' for the units a total lacks."""
    items = []
    for r in rows:
        name = cfg.unit(r["unit"]).short_name
        if math.isnan(r["value"]):
            items.append(words["cov_unit"].format(unit=name))
        elif not r["complete"]:
            items.append(words["cov_periods"].format(periods=periods_phrase(r["missing"], freq), unit=name))
    if len(items) > MAX_NAMED:
        return words["cov_many"].format(n=fmt_count(len(items)))
    return words["cov_missing"].format(what=", ".join(items)) if items else ""


def _total_item(row: pd.Series, rows: list[Row], totals: Totals, cfg: Config, words: dict[str, str]) -> str:
    window_is_ytd = totals.periods[0].months[0] == 1
    compared = comparison(row, totals.period.year, words, window_is_ytd)
    if row["units"] < 2 and not compared:
        return ""
    value = figure(row["value"], row["measure"], cfg)
    label = next((i.total_label for i in cfg.indicators if i.code == row["code"] and i.total_label), row["label"])
    text = words["total_item"].format(label=lower_first(label), value=value)
    notes = [coverage_note(rows, cfg, words, totals.period.freq), compared]
    inside = "; ".join(n for n in notes if n)
    return f"{text} ({inside})" if inside else text


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
    parts = []
    for _, row in totals.cluster[totals.cluster["movement"] == movement].iterrows():
        if pd.isna(row["value"]) or row["value"] == 0:
            continue
        if item := _total_item(row, codes[row["code"]], totals, cfg, words):
            parts.append(item)
    if parts:
        blocks.append(Block("para", sentence(f"{words['cluster_total']}: {'; '.join(parts)}")))
    return blocks
