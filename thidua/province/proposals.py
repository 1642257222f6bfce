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
from thidua.periods import Period
from thidua.scoring.year import Scores, score_year, scoring_through

# Where a cluster stands: no scoring configured or no data yet; scored but some unit has no total (a line
# still to be entered), so nobody can be proposed yet; scored, nobody eligible; candidates, vote pending;
# voted (the meeting's record).
NOT_SCORED, INCOMPLETE, NO_CANDIDATES = "not scored", "incomplete", "no candidates"
AWAITING_VOTE, VOTED = "awaiting vote", "voted"


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
    stage: str  # NOT_SCORED, AWAITING_VOTE or VOTED
    proposals: list[Proposal]  # after the vote: only those the meeting carried
    voted_on: datetime | None  # the meeting's time, once voted
    scored_through: str = ""  # the period the scores stand on ("tháng 11 năm 2023")


def cluster_proposals(code: str, cfg: Config, scores: Scores | None, awards: list[str]) -> ClusterProposals:
    """The cluster's candidates for the council's `awards` (award codes); `scores` None: not scored."""
    if scores is None:
        return ClusterProposals(code, cfg.cluster.name, NOT_SCORED, [], None)
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


def year_scores(checked: Checked, cfg: Config, last: Period) -> Scores | None:
    """The cluster's year scored as its office would: on the period its scoring workbook was made on, else
    on the last period that has ended (`last`); None when it scores no year, or this one, or has no data."""
    scoring = cfg.year_end.scoring if cfg.year_end else None
    if scoring is None or cfg.reporting.year not in scoring.years or checked.through is None:
        return None
    return score_year(checked, cfg, scoring_through(checked, cfg) or last)
