"""What the board knows of each cluster, assembled from the cluster's own check, scores and dossier:
progress per period, its proposals, its dossier's state. Plain data; the portal's pages, the province's
workbook and the council's list state it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua.config import Config
from thidua.config.province import Province
from thidua.findings import ERROR
from thidua.intake.check import Checked
from thidua.periods import Period, periods_between
from thidua.province.progress import PeriodProgress, progress
from thidua.province.proposals import ClusterProposals, cluster_proposals
from thidua.scoring.year import Scores
from thidua.state.dossiers import ACCEPTED, RETURNED, SENT  # re-exported: outputs read them from here

DOSSIER_LABELS = {None: "chưa gửi", SENT: "đã nhận, chờ xem xét", RETURNED: "đã trả lại", ACCEPTED: "đã chấp nhận"}


@dataclass(frozen=True)
class Dossier:
    state: str | None  # None: nothing sent; else the latest event: SENT, RETURNED or ACCEPTED
    at: str = ""  # when (ISO, Vietnam time)
    reason: str = ""  # the board's reason, when returned
    event: int = 0  # the event's id (its file can be downloaded while it exists)
    sha256: str = ""  # the file's content: a judgement names the event and the content it judges
    original: str = ""  # the file's name as the office sent it
    stored: str = ""  # where the portal keeps it, in the cluster's state folder

    @property
    def label(self) -> str:
        return DOSSIER_LABELS[self.state]


@dataclass(frozen=True)
class ClusterFacts:
    code: str
    name: str
    short_name: str
    kind: str  # "Cụm" or "Khối"
    units: int  # members at the end of the last period looked at
    periods: dict[int, PeriodProgress]  # the period's last month → progress (a quarter: at 3, 6, 9, 12)
    errors: int  # findings of severity "lỗi" in the cluster's check
    reports: frozenset[str]  # periods whose report the cluster has built
    proposals: ClusterProposals
    dossier: Dossier


def board_months(province: Province, today: date) -> list[int]:
    """The months of the province's year that have ended by today (at least January): the grid's columns."""
    year = province.province.year
    last = 12 if today.year > year else max(1, today.month - 1) if today.year == year else 1
    return list(range(1, last + 1))


def cluster_periods(cfg: Config, months: list[int], year: int) -> list[Period]:
    """The cluster's own periods within those months: each month, or each quarter that has ended."""
    if cfg.reporting.frequency == "quarter":
        return [Period(year, m, "quarter") for m in months if m % 3 == 0]
    return periods_between(Period(year, months[0]), Period(year, months[-1]))


def dossier_of(row: Any) -> Dossier:
    if row is None:
        return Dossier(None)
    return Dossier(row["action"], row["at"], row["reason"], row["id"], row["sha256"], row["original"], row["stored"])


def cluster_facts(
    code: str,
    cfg: Config,
    checked: Checked,
    scores: Scores | None,
    months: list[int],
    year: int,
    awards: list[str],
    dossier: Any,
    reports: frozenset[str],
) -> ClusterFacts:
    periods = cluster_periods(cfg, months, year)
    last = Period(year, months[-1])
    members = sum(cfg.is_member(u.code, last.first_day, last.day_after) for u in cfg.units)
    errors = sum(1 for f in checked.findings if f.severity == ERROR)
    return ClusterFacts(
        code,
        cfg.cluster.name,
        cfg.cluster.short_name,
        cfg.cluster.word,
        members,
        {p.month: done for p, done in zip(periods, progress(checked, periods).values(), strict=True)},
        errors,
        reports,
        cluster_proposals(code, cfg, scores, awards, bool(checked.chosen or checked.excluded_rows)),
        dossier_of(dossier),
    )
