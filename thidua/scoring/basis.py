"""How thidua arrived at a computed scoring line, as facts: the figures against the plan, the reports owed
and how they arrived, the occurrences counted. The scoring workbook, the self-scoring template, the
minutes and the findings all say them through one function (thidua/words/basis.py), so the same line is
never phrased two ways; tests assert the facts as well as the words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class NoPlan:
    """The unit registered no yearly plan for the criterion's indicators."""


@dataclass(frozen=True)
class Gap:
    label: str  # the indicator
    periods: tuple[str, ...]  # the periods it lacks ("T1/2023"); empty: the last one


@dataclass(frozen=True)
class DataMissing:
    """Some indicator the line is computed from lacks periods up to `through`."""

    through: str  # "tháng 12 năm 2023"
    gaps: tuple[Gap, ...]


@dataclass(frozen=True)
class Lead:
    """The leading result among the scored units on an indicator, for a unit above plan but behind it."""

    value: float
    names: tuple[str, ...]  # the leading units' short names


@dataclass(frozen=True)
class PlanRow:
    """One indicator against its plan and the points it gives."""

    label: str
    measure: str
    value: float
    target: float  # what the result is compared with: the plan, or its share for the periods so far
    plan: float  # the registered yearly plan
    share: tuple[int, int] | None  # (11, 12) when `target` is that share of `plan`
    percent: Decimal | None  # value / target in percent, exact (None: a target of 0)
    leads: bool  # this unit has the leading result
    behind: Lead | None  # above plan but behind the leader: whom it is measured against
    points: Decimal  # as shown, rounded to two decimals (the line's total adds the exact points, then rounds)


@dataclass(frozen=True)
class AgainstPlan:
    rows: tuple[PlanRow, ...]
    each: Decimal  # the most one indicator can give (the line's max shared equally)


@dataclass(frozen=True)
class Timeliness:
    through: str
    owed: int
    missing: int
    late: int
    undated: int  # sent outside the portal with no date known: counted as on time

    @property
    def on_time(self) -> int:
        return self.owed - self.missing - self.late - self.undated


@dataclass(frozen=True)
class IndicatorMissing:
    code: str
    through: str


@dataclass(frozen=True)
class FromIndicator:
    label: str
    measure: str
    value: float
    points_each: Decimal
    most: Decimal


@dataclass(frozen=True)
class Occurrences:
    """A per-occurrence line the unit scored itself: its count times the points each."""

    count: Decimal
    points_each: Decimal


@dataclass(frozen=True)
class AsRecorded:
    """The basis as the voted scoring workbook showed it: the record, not recomputed."""

    text: str


Basis = NoPlan | DataMissing | AgainstPlan | Timeliness | IndicatorMissing | FromIndicator | Occurrences | AsRecorded
