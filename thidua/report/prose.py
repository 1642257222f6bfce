"""The building blocks of the report's prose: Blocks (a styled paragraph each), sentence case, figures
written as Vietnamese prose writes them, and lists of periods."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from thidua.config import Config
from thidua.numbers import approximate, approximate_parts, fmt_count, fmt_number, fmt_percent, with_measure
from thidua.periods import ROMAN as QUARTERS
from thidua.periods import Period, window_title
from thidua.strings import and_joined
from thidua.totals.successors import Succession

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


# Money in prose moves to the larger unit from 1.000 of the smaller: "4,7 tỷ đồng", not "4.700 triệu đồng".
LARGER_MEASURE = {"triệu đồng": ("tỷ đồng", 1000)}


def figure(value: float, measure: str, cfg: Config) -> str:
    """A figure as prose writes it: approximated when large (by config), padded when small; a rate to one
    decimal place, as percentages are written everywhere else."""
    if measure.strip() == "%":
        return fmt_percent(value)
    larger, factor = LARGER_MEASURE.get(measure, ("", 0))
    if larger and abs(value) >= factor:
        prefix, amount = "", float(value)
        if cfg.report.approximate:  # on whole units of the smaller measure, "trên" when a fraction is cut
            prefix, amount = approximate_parts(math.floor(value), cfg.report.approximate_from)
            prefix = prefix or ("trên " if amount != value else "")
        return f"{prefix}{fmt_number(amount / factor, 6)} {larger}"
    if not float(value).is_integer():
        number = fmt_number(value)
    elif cfg.report.approximate:
        number = approximate(value, cfg.report.approximate_from)
    else:
        number = fmt_count(value)
    return with_measure(number, measure)


def months_phrase(months: tuple[int, ...], freq: str) -> str:
    """(1, 2, 3, 4, 5, 6) → 'từ tháng 1 đến tháng 6'; (3, 9) → 'quý I, III' for quarterly returns."""
    if freq == "quarter":
        return "quý " + ", ".join(QUARTERS[m // 3 - 1] for m in months)
    if len(months) > 1 and months == tuple(range(months[0], months[-1] + 1)):
        return f"từ tháng {months[0]} đến tháng {months[-1]}"
    return "tháng " + ", ".join(str(m) for m in months)


def listed(items: list[str], numbered: bool = False) -> list[Block]:
    """A list as Vietnamese documents write it: '- …;' (or '1. …;') on each line, the last ending in '.'."""
    return [
        Block("para", f"{f'{n}.' if numbered else '-'} {item.rstrip('.;')}{'.' if n == len(items) else ';'}")
        for n, item in enumerate(items, 1)
    ]


def _since(succession: Succession, year: int, words: dict[str, str]) -> str:
    """' từ tháng 8' when the merge fell inside the reported year (on 15/07: August is the first month
    compared whole); '' when every month of it is compared with the merged units."""
    on = succession.on
    month = on.month + (on.day > 1) if on.year == year else 1
    return " " + words["successor_since"].format(month=month) if month > 1 else ""


def successor_notes(successions: list[Succession], year: int, cfg: Config, words: dict[str, str]) -> list[str]:
    """One sentence per merged unit whose comparison with last year takes its predecessors' figures
    (Totals.successions): the reader is told whose figures "cùng kỳ" is."""
    return [
        words["successor_note_absorbed" if s.absorbed else "successor_note"].format(
            prev_year=year - 1,
            unit=cfg.unit(s.unit).short_name,
            predecessors=and_joined([cfg.unit(p).short_name for p in s.predecessors]),
            on=f"{s.on:%d/%m/%Y}",
            since=_since(s, year, words),
        )
        for s in successions
    ]
