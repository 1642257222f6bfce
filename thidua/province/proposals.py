"""Per cluster, what it proposes to the province's council for the awards the council votes on: each
candidate of its year-end scoring with the cluster's score, rank and vote, and where the cluster stands
(not scored yet, candidates awaiting the vote, voted). Read from the cluster's own Scores: the council
compares clusters by their own votes, it never rescores them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from thidua.config import Config
from thidua.intake.check import Checked
from thidua.province.office_scoring import OfficeScoring
from thidua.scoring.year import Scores, score_year, scoring_through

# Where a cluster stands: no return of the year received; its office has not scored (or it scores no year);
# scored but some unit has no total (a line still to be entered), so nobody can be proposed yet; scored,
# nobody eligible; candidates, vote pending; voted (the meeting's record).
NO_RETURNS, NOT_SCORED, INCOMPLETE, NO_CANDIDATES = "no returns", "not scored", "incomplete", "no candidates"
AWAITING_VOTE, VOTED = "awaiting vote", "voted"
DONE = (VOTED, NO_CANDIDATES)  # nothing more to come from the cluster's meeting


@dataclass(frozen=True)
class Proposal:
    award_code: str
    award_name: str
    unit: str
    unit_name: str  # in full, as a council's list names a collective
    total: Decimal
    rank: int
    tie: bool  # tied at the quota's edge: the cluster's meeting must choose
    agree: int | None
    members: int | None
    passed: bool | None  # None: not voted yet


@dataclass(frozen=True)
class ClusterProposals:
    code: str
    name: str
    stage: str  # NO_RETURNS, NOT_SCORED, INCOMPLETE, NO_CANDIDATES, AWAITING_VOTE or VOTED
    proposals: list[Proposal]  # after the vote: only those the meeting carried
    voted_on: datetime | None  # the meeting's time, once voted
    scored_through: str = ""  # the period the scores stand on ("tháng 11 năm 2023")


def cluster_proposals(
    code: str, cfg: Config, scores: Scores | None, awards: list[str], has_returns: bool
) -> ClusterProposals:
    """The cluster's candidates for the council's `awards` (award codes); `scores` None: not scored."""
    if scores is None:
        return ClusterProposals(code, cfg.cluster.name, NOT_SCORED if has_returns else NO_RETURNS, [], None)
    voted = scores.voted
    chosen = [c for c in scores.candidates if c.award.code in awards and (c.passed or not voted)]
    items = [
        Proposal(
            c.award.code,
            c.award.name,
            c.unit,
            cfg.unit(c.unit).name,
            c.total,
            c.rank,
            c.tie,
            c.agree,
            scores.members,
            c.passed,
        )
        for c in chosen
    ]
    if voted:
        stage = VOTED
    elif any(u.total is None for u in scores.units):
        stage = INCOMPLETE
    elif not scores.candidates:
        stage = NO_CANDIDATES
    else:
        stage = AWAITING_VOTE
    return ClusterProposals(code, cfg.cluster.name, stage, items, scores.voted_on, scores.through.label)


def year_scores(checked: Checked, cfg: Config, office: OfficeScoring | None) -> Scores | None:
    """The cluster's own scores: those of the scoring workbook its office put back in inputs/ (the meeting's
    record once voted), else of the scoring workbook it last produced (`office`), on the period each was
    made on. None when the cluster scores no year, or this one, or its office has not scored: the board
    never scores a cluster on data its office has not scored (a later month would change its result)."""
    scoring = cfg.year_end.scoring if cfg.year_end else None
    if scoring is None or cfg.reporting.year not in scoring.years:
        return None
    through = scoring_through(checked, cfg)
    if through is not None:
        return score_year(checked, cfg, through)
    if office is None:
        return None
    return score_year(checked, cfg, office.through, office.doc)
