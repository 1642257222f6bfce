"""A cluster total's comparisons (against the registered plan, against last year), as facts and then as
words. A comparison covering fewer units or months than the total is said of what it covers, by name:
"Hội Nông dân tỉnh, đơn vị có đăng ký chỉ tiêu, đạt 52,9% kế hoạch năm"; both comparisons of the same units
are said once, after one naming ("…, đơn vị có đăng ký chỉ tiêu và có số liệu cả hai năm, đạt 97,9% kế hoạch
năm, giảm 7,8% so với cùng kỳ năm 2022"), never the same names twice in one line."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from thidua.config import Config
from thidua.numbers import fmt_number, fmt_percent, rounded
from thidua.report.prose import months_phrase
from thidua.strings import and_joined

MAX_NAMED = 3  # beyond this many units, a base is counted ("4/6 đơn vị") instead of named


@dataclass(frozen=True)
class Part:
    """One comparison: its words, and the base it covers when narrower than the total."""

    text: str  # "lũy kế từ đầu năm đạt 97,9% kế hoạch năm"
    units: tuple[str, ...] = ()  # the units it covers, when fewer than the total's
    base: str = ""  # why those units: a `base_*` key of the wording ("base_target", "base_ly_units")
    months: str = ""  # the months it covers, when fewer ("từ tháng 1 đến tháng 6")

    @property
    def narrower(self) -> bool:
        return bool(self.units or self.months)


def _target_part(row: pd.Series, words: dict[str, str], window_is_ytd: bool) -> Part | None:
    if math.isnan(row["pct_target"]):
        return None
    key = "cmp_target" if window_is_ytd else "cmp_target_ytd"
    if row["target_units"] < row["units"]:
        base = "base_target" if row["target_units"] == row["registered"] else "base_target_complete"
        text = words[f"{key}_part"].format(pct=fmt_percent(row["pct_target"]))
        return Part(text, tuple(row["target_unit_codes"]), base)
    return Part(words[key].format(pct=fmt_percent(row["pct_target"])))


def _last_year_part(row: pd.Series, year: int, words: dict[str, str], freq: str) -> Part | None:
    if math.isnan(row["change_pct"]):
        return None
    text = change_text(row, year, words)
    fewer = row["last_year_units"] < row["units"]
    units = tuple(row["last_year_unit_codes"]) if fewer else ()
    if not row["last_year_partial"]:
        return Part(text, units, "base_ly_units" if fewer else "")
    known = row["last_year_months"]
    if known:
        return Part(text, units, "base_ly_units" if fewer else "", months_phrase(known, freq))
    return Part(text, units, "", words["base_ly_months"])  # the months differ unit by unit


def change_text(row: pd.Series, year: int, words: dict[str, str]) -> str:
    """'tăng 21,9% so với cùng kỳ năm 2022'; a rate changes by points: 'tăng 2,5 điểm phần trăm …'."""
    points = row["measure"].strip() == "%"
    change = rounded(row["change"] if points else row["change_pct"], 1)  # as it will be written
    if change == 0:
        return words["cmp_same"].format(prev_year=year - 1)
    key = ("cmp_up" if change > 0 else "cmp_down") + ("_points" if points else "")
    return words[key].format(
        pct=fmt_percent(abs(row["change_pct"])), points=fmt_number(abs(row["change"]), 1), prev_year=year - 1
    )


def comparison(row: pd.Series, year: int, words: dict[str, str], window: tuple[bool, str]) -> list[Part]:
    """The total's comparisons, each with the base it covers. The target is yearly, so a window shorter than
    the year so far compares the year-to-date figure instead. `window` is (whether it starts in January,
    the returns' frequency)."""
    window_is_ytd, freq = window
    parts = (_target_part(row, words, window_is_ytd), _last_year_part(row, year, words, freq))
    return [p for p in parts if p is not None]


def _named(units: tuple[str, ...], bases: list[str], of: int, cfg: Config, words: dict[str, str]) -> str:
    """'Hội Nông dân tỉnh, đơn vị có đăng ký chỉ tiêu' or 'tính trên 4/6 đơn vị có số liệu cả hai năm'."""
    base = " và ".join(words[b] for b in dict.fromkeys(bases) if b)
    if len(units) > MAX_NAMED:
        return words["scope_counted"].format(n=len(units), of=of, base=base).rstrip()
    who = and_joined([cfg.unit(c).short_name for c in units])
    if not base:
        return who
    each = words["each_one" if len(units) == 1 else "each_many"]
    return words["scope_named"].format(who=who, each=each, base=base)


def _clause(part: Part, words: dict[str, str]) -> str:
    return words["scope_months"].format(months=part.months, text=part.text) if part.months else part.text


def said(parts: list[Part], of: int, cfg: Config, words: dict[str, str]) -> str:
    """What follows the total's figure: a comparison of the whole after a comma; the comparisons of the same
    narrower units after a semicolon, naming them once (so they never read as the figure's own)."""
    out = ""
    groups: dict[tuple[str, ...], list[Part]] = {}
    for part in parts:
        if not part.narrower:
            out += ", " + part.text
        else:
            groups.setdefault(part.units, []).append(part)
    for units, mine in groups.items():
        clauses = [_clause(p, words) for p in mine]
        if units:
            clauses.insert(0, _named(units, [p.base for p in mine], of, cfg, words))
        out += "; " + ", ".join(clauses)
    return out
