"""Cross-references of the year-end configuration: criteria codes unique, indicators known, the competition
year's bands and awards present, every award's band known. Same (YAML path, message) pairs as checks.py."""

from __future__ import annotations

from thidua.config.model import Config
from thidua.config.problems import Problem, suggest
from thidua.config.year import Criterion, Scoring


def _criteria(scoring: Scoring, indicators: list[str]) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()

    def visit(items: list[Criterion], path: str) -> None:
        for n, c in enumerate(items):
            here = f"{path}[{n}]"
            if c.code in seen:
                out.append((f"{here}.code", f"mã tiêu chí “{c.code}” bị trùng."))
            seen.add(c.code)
            if c.indicator and c.indicator not in indicators:
                out.append(
                    (f"{here}.indicator", f"không có chỉ tiêu mã “{c.indicator}”.{suggest(c.indicator, indicators)}")
                )
            if c.indicator and c.kind not in ("quantitative", "per_occurrence", "deduction"):
                out.append(
                    (f"{here}.indicator", "chỉ tiêu chí định lượng, chấm theo số lần hoặc điểm trừ mới lấy số liệu.")
                )
            if c.kind == "deduction" and c.indicator and c.points is None:
                out.append((f"{here}.points", "điểm trừ theo số liệu cần số điểm trừ mỗi lần (points)."))
            if c.max is not None and any(s.points > c.max for s in c.steps):
                out.append((f"{here}.steps", "điểm của một bậc lớn hơn điểm tối đa của tiêu chí."))
            if c.kind == "group" and c.max is not None and c.max != sum(ch.top for ch in c.children):
                out.append((f"{here}.max", "điểm tối đa của nhóm khác tổng điểm tối đa của các tiêu chí con."))
            visit(c.children, f"{here}.children")

    visit(scoring.criteria, "year_end.scoring.criteria")
    return out


def _years(scoring: Scoring, year: int) -> list[Problem]:
    where = f"year_end.scoring.years.{year}"
    if year not in scoring.years:
        return [(where, f"chưa có thang xếp loại và số lượng khen thưởng của năm thi đua {year}.")]
    params = scoring.years[year]
    bands = [b.label for b in params.bands]
    out: list[Problem] = []
    if len(set(bands)) < len(bands):
        out.append((f"{where}.bands", "tên xếp loại bị trùng."))
    codes = [a.code for a in params.awards]
    if len(set(codes)) < len(codes):
        out.append((f"{where}.awards", "mã hình thức khen thưởng bị trùng."))
    for n, award in enumerate(params.awards):
        if award.min_band and award.min_band not in bands:
            out.append(
                (
                    f"{where}.awards[{n}].min_band",
                    f"không có xếp loại “{award.min_band}”.{suggest(award.min_band, bands)}",
                )
            )
    return out


def year_end_checks(cfg: Config) -> list[Problem]:
    if cfg.year_end is None or cfg.year_end.scoring is None:
        return []
    scoring = cfg.year_end.scoring
    return _criteria(scoring, [i.code for i in cfg.indicators]) + _years(scoring, cfg.reporting.year)
