"""Unit totals → grading band, rank (ties shared and stated, never broken silently), the candidates each
award's quota gives, and the meeting's votes against the share of ALL members each award needs."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

import pandas as pd

from thidua.config.year import Award, Band
from thidua.scoring.lines import Line

RANK_WORDS = ["Nhất", "Nhì", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"]


def rank_label(rank: int) -> str:
    """Prose says every rank one way: 1 → 'Nhất', 4 → 'Tư' ("xếp thứ Nhất", "xếp thứ Tư"); past ten, digits.
    Tables print the rank's digits."""
    return RANK_WORDS[rank - 1] if 1 <= rank <= len(RANK_WORDS) else str(rank)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    return None if any(v is None for v in values) else sum((v for v in values if v is not None), Decimal(0))


@dataclass(frozen=True)
class UnitScore:
    unit: str
    lines: list[Line]
    self_total: Decimal | None = None
    base: Decimal | None = None  # điểm chuẩn: every line but bonus and deduction
    bonus: Decimal | None = None
    deduction: Decimal | None = None
    total: Decimal | None = None  # base + bonus − deduction; None while a line has no score
    band: str = ""
    rank: int | None = None
    tied: list[str] = field(default_factory=list)  # the other units with exactly the same total
    targets_met: bool | None = None  # every registered target reached (None: some data is missing)
    self_sent: bool = False  # the unit's self-scoring workbook was received (its total may still lack lines)


PLUS = ("quantitative", "qualitative", "per_occurrence", "timeliness")


def unit_score(unit: str, lines: list[Line], bands: list[Band], targets_met: bool | None, self_sent: bool) -> UnitScore:
    """A unit's lines added up (the final scores and the unit's own), and the band its total falls in;
    ranked later, among all (rank)."""

    def of(kinds: tuple[str, ...], score: str) -> Decimal | None:
        return _sum([getattr(x, score) for x in lines if x.criterion.kind in kinds])

    base, bonus, deduction = of(PLUS, "final"), of(("bonus",), "final"), of(("deduction",), "final")
    total = None if base is None or bonus is None or deduction is None else base + bonus - deduction
    own = (of(PLUS, "self_score"), of(("bonus",), "self_score"), of(("deduction",), "self_score"))
    self_total = None if None in own else own[0] + own[1] - own[2]  # type: ignore[operator]
    band = band_of(total, bands) if total is not None else ""
    return UnitScore(unit, lines, self_total, base, bonus, deduction, total, band, None, [], targets_met, self_sent)


def band_of(total: Decimal, bands: list[Band]) -> str:
    return next((b.label for b in sorted(bands, key=lambda b: b.min, reverse=True) if total >= b.min), "")


def rank(units: list[UnitScore]) -> list[UnitScore]:
    """The units, in the same order, with their competition rank on the final total: equal totals share a
    rank (1, 2, 2, 4) and name each other as tied; a unit without a total has no rank."""
    totals = sorted((u.total for u in units if u.total is not None), reverse=True)
    return [
        u
        if u.total is None
        else replace(
            u,
            rank=totals.index(u.total) + 1,
            tied=[o.unit for o in units if o.total == u.total and o.unit != u.unit],
        )
        for u in units
    ]


def targets_met(figures: pd.DataFrame, unit: str) -> bool | None:
    rows = figures[(figures["unit"] == unit) & figures["target"].notna()]
    if rows.empty or not rows["complete"].all():
        return None
    return bool((rows["value"] >= rows["target"]).all())


@dataclass(frozen=True)
class Candidate:
    award: Award
    unit: str
    total: Decimal
    rank: int
    tie: bool = False  # tied with a unit left out at the quota's edge: the meeting must choose
    agree: int | None = None
    passed: bool | None = None


def _eligible(unit: UnitScore, award: Award, bands: list[Band]) -> bool:
    order = [b.label for b in sorted(bands, key=lambda b: b.min, reverse=True)]
    if unit.total is None or unit.rank is None:
        return False
    if award.min_band and (unit.band not in order or order.index(unit.band) > order.index(award.min_band)):
        return False
    return not award.all_targets_met or unit.targets_met is True


def candidates(units: list[UnitScore], awards: list[Award], bands: list[Band]) -> list[Candidate]:
    """Award by award, the best-ranked eligible units not already proposed for an earlier award, up to the
    quota; units tied with the last one taken are all kept and marked, for the vote to decide."""
    out: list[Candidate] = []
    taken: set[str] = set()
    ranked = sorted((u for u in units if u.rank is not None), key=lambda u: u.rank)  # type: ignore[arg-type,return-value]
    for award in awards:
        pool = [u for u in ranked if u.unit not in taken and _eligible(u, award, bands)]
        chosen = pool[: award.quota]
        if chosen and len(pool) > len(chosen):
            edge = chosen[-1].total
            tied = [u for u in pool[len(chosen) :] if u.total == edge]
            chosen += tied
            marks = {u.unit for u in chosen if u.total == edge} if tied else set()
        else:
            marks = set()
        for u in chosen:
            out.append(Candidate(award, u.unit, u.total, u.rank, u.unit in marks))  # type: ignore[arg-type]
            taken.add(u.unit)
    return out


def passes(agree: int, members: int, share: Decimal) -> bool:
    """agree / members ≥ share, exactly (80 % of 6 members is 4,8: it takes 5 votes)."""
    return members > 0 and Decimal(agree) >= share * members


def apply_votes(found: list[Candidate], votes: dict[tuple[str, str], int], members: int | None) -> list[Candidate]:
    """The candidates with their votes and whether each passed (None: no vote, or no number of members)."""
    out = []
    for c in found:
        agree = votes.get((c.unit, c.award.code))
        passed = passes(agree, members, c.award.vote_share) if agree is not None and members else None
        out.append(replace(c, agree=agree, passed=passed))
    return out
