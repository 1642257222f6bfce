"""What the meeting's record must state, as facts (the minutes and the tờ trình say them, in one place each):
every score agreed that differs from what the unit scored itself, why; every award that passes over a
better-ranked unit, and why that unit could not have it; and, for a secret ballot, the count of the ballots
against all members of the cluster."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thidua.config.year import Award, Band
from thidua.scoring.basis import Basis
from thidua.scoring.ranking import Candidate, UnitScore

ADJUSTED, COMPUTED = "adjusted", "computed"  # why an agreed score differs from the unit's own
BAND, TARGETS = "band", "targets"  # why a better-ranked unit was passed over for an award


@dataclass(frozen=True)
class ScoreDifference:
    unit: str
    code: str  # the criterion
    self_score: Decimal
    agreed: Decimal
    cause: str  # ADJUSTED: the meeting changed it (with its reason); COMPUTED: worked out from the returns
    reason: str  # the adjustment's reason ('' for a computed line)
    basis: Basis | None = None  # how a computed line was worked out


def differences(units: list[UnitScore]) -> list[ScoreDifference]:
    """Every line where the score agreed differs from the unit's own, computed lines included, in the
    order of the units and of the scoring table."""
    out = []
    for u in units:
        for line in u.lines:
            if line.self_score is None or line.final is None or line.final == line.self_score:
                continue
            adjusted = line.adjusted is not None and line.adjusted == line.final
            cause, reason = (ADJUSTED, line.reason) if adjusted else (COMPUTED, "")
            out.append(ScoreDifference(u.unit, line.code, line.self_score, line.final, cause, reason, line.basis))
    return out


@dataclass(frozen=True)
class PassedOver:
    """A better-ranked unit that an award went past, and why it could not have it."""

    award: str  # the award's code
    candidate: str  # the unit proposed
    candidate_rank: int
    unit: str  # the unit passed over
    rank: int
    why: str  # BAND (its band is below the award's lowest) or TARGETS (not every registered target met)
    band: str = ""  # the unit's band, and the lowest the award takes (for BAND)
    min_band: str = ""


def passed_over(
    units: list[UnitScore], found: list[Candidate], awards: list[Award], bands: list[Band]
) -> list[PassedOver]:
    """For each proposal, the better-ranked units it went past (neither it, nor proposed for a higher award):
    the order of the ranking is departed from (rank Nhất proposed for a Bằng khen, Nhì for the Cờ), and the
    record must say why the better-ranked unit could not have the award."""
    rank_of_award = {a.code: n for n, a in enumerate(awards)}  # config order: the highest award first
    higher = {c.unit: rank_of_award[c.award.code] for c in found}
    order = [b.label for b in sorted(bands, key=lambda b: b.min, reverse=True)]
    out = []
    for c in found:
        award = c.award
        for u in units:
            if u.rank is None or u.rank >= c.rank or higher.get(u.unit, len(awards)) < rank_of_award[award.code]:
                continue
            if award.min_band and u.band in order and order.index(u.band) > order.index(award.min_band):
                out.append(PassedOver(award.code, c.unit, c.rank, u.unit, u.rank, BAND, u.band, award.min_band))
            elif award.all_targets_met and u.targets_met is not True:
                out.append(PassedOver(award.code, c.unit, c.rank, u.unit, u.rank, TARGETS))
    return out


BALLOT_COUNTS = ("voting", "ballots_issued", "ballots_returned", "ballots_valid", "ballots_invalid")


@dataclass(frozen=True)
class BallotResult:
    candidate: Candidate
    share: Decimal | None  # agreeing votes of ALL members, in percent (exact)


@dataclass(frozen=True)
class Ballot:
    """The counting of a secret ballot, as a counting board records it."""

    members: int | None  # every member of the cluster by its founding decision: the base of every share
    counts: dict[str, int | None]  # BALLOT_COUNTS → as the workbook says (None: not written)
    not_voting: list[str]  # each member that did not vote, with its reason, as written
    counters: list[str]  # the counting board, its head first
    results: list[BallotResult]  # by votes, most first
    needed: dict[str, int]  # award code → the fewest agreeing votes that carry it (its share of ALL members)

    @property
    def missing(self) -> list[str]:
        """The counts the record still lacks."""
        return [key for key in BALLOT_COUNTS if self.counts.get(key) is None]


def ballot(facts: dict[str, Any], found: list[Candidate], members: int | None) -> Ballot:
    """The ballot's count from the meeting's facts (the scoring workbook's Bình xét sheet)."""
    counts = {key: facts.get(key) for key in BALLOT_COUNTS}
    ordered = sorted((c for c in found if c.agree is not None), key=lambda c: (-(c.agree or 0), c.rank))
    results = [BallotResult(c, _share(c.agree, members)) for c in ordered]
    needed = {c.award.code: needed_votes(c.award.vote_share, members) for c in found if members}
    return Ballot(members, counts, _items(facts.get("not_voting")), _items(facts.get("counters")), results, needed)


def needed_votes(share: Decimal, members: int | None) -> int:
    """80 % of 6 members is 4,8: it takes 5 agreeing votes."""
    return math.ceil(share * members) if members else 0


def _share(agree: int | None, members: int | None) -> Decimal | None:
    return Decimal(agree) * 100 / members if agree is not None and members else None


def _items(value: object) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]
