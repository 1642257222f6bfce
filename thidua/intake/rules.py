"""Checks across cells and periods: declared cross-field rules and plausibility against history."""

from __future__ import annotations

import statistics
from collections import defaultdict

from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.submission import Submission
from thidua.layout import SHEET_FIGURES
from thidua.numbers import fmt_number


def cross_field(cfg: Config, sub: Submission) -> None:
    """Rules from config: 'le' (left ≤ right) and 'requires' (left > 0 needs right > 0)."""
    values = {f["code"]: f for f in sub.figures}
    labels = {i.code: i.label for i in cfg.indicators}
    for rule in cfg.rules:
        left, right = values.get(rule.left), values.get(rule.right)
        if left is None or right is None:
            continue  # the unit does not report both, or one is missing (reported already)
        broken = left["value"] > right["value"] if rule.kind == "le" else left["value"] > 0 and right["value"] <= 0
        if broken:
            sub.add(
                "RULE_VIOLATED",
                f"{rule.message} (ô {left['cell']} “{labels[rule.left]}” = {fmt_number(left['value'])}; "
                f"ô {right['cell']} “{labels[rule.right]}” = {fmt_number(right['value'])}); "
                "hãy kiểm tra lại hai ô này.",
                SHEET_FIGURES,
                left["cell"],
                fmt_number(left["value"]),
            )


def _medians_before(series: dict[tuple[int, int], float], year: int) -> dict[int, float]:
    """month → the median of the unit's positive values of `year` in the months before it, where at least two
    are known: one pass over the year in month order."""
    out: dict[int, float] = {}
    before: list[float] = []
    for (y, month), value in sorted(series.items()):
        if y != year:
            continue
        if len(before) >= 2:
            out[month] = statistics.median(before)
        if value > 0:
            before.append(value)
    return out


def plausibility(cfg: Config, chosen: list[Submission]) -> list[Finding]:
    """Warn when a value is far above the unit's own median so far this year or the same period last
    year, unless the clerk explained it in the note column. The submissions are left as they are (the
    portal keeps them in memory between checks)."""
    found: list[Finding] = []
    history: dict[tuple[str, str], dict[tuple[int, int], float]] = defaultdict(dict)
    for sub in chosen:
        for figure in sub.figures:
            history[(sub.unit, figure["code"])][(sub.period.year, sub.period.month)] = figure["value"]
    year, factor = cfg.reporting.year, cfg.plausibility_factor
    medians = {pair: _medians_before(series, year) for pair, series in history.items()}
    for sub in chosen:
        if sub.period.year != year:
            continue
        for figure in sub.figures:
            if figure["value"] <= 0 or figure["note"]:
                continue
            pair = (sub.unit, figure["code"])
            median = medians[pair].get(sub.period.month)
            last_year = history[pair].get((year - 1, sub.period.month))
            reasons = []
            if median is not None and figure["value"] > factor * median:
                reasons.append(f"trung vị các kỳ trước là {fmt_number(median)}")
            if last_year and figure["value"] > factor * last_year:
                reasons.append(f"cùng kỳ năm trước là {fmt_number(last_year)}")
            if reasons:
                message = (
                    f"Số liệu {fmt_number(figure['value'])} cao hơn {factor:g} lần so với mức thường gặp "
                    f"({'; '.join(reasons)}); nếu đúng, hãy ghi lý do vào cột “Ghi chú”."
                )
                where = (sub.book.name, SHEET_FIGURES, figure["cell"], fmt_number(figure["value"]))
                found.append(Finding("VALUE_IMPLAUSIBLE", message, sub.unit, sub.period.key, *where))
    return found
