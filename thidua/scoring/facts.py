"""Facts of the year's scoring that a finding states (words/ says them): what the returns would change
after a meeting voted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from thidua.intake.arrival import Arrival


@dataclass(frozen=True)
class LineChange:
    code: str  # the criterion
    voted: Decimal | None
    now: Decimal | None


@dataclass(frozen=True)
class ChangedAfterVote:
    """A unit whose score the returns would change now: by how much, what brought it, and what re-scoring
    would do to the list of proposals. The voted result stays in every document."""

    unit: str
    held: datetime  # the meeting that voted
    file: str  # the voted workbook
    year: int
    sent: tuple[tuple[str, Arrival], ...]  # the unit's files submitted after the meeting, with their arrival
    lines: tuple[LineChange, ...]
    total: tuple[Decimal | None, Decimal | None]  # voted, now
    rank: tuple[int | None, int | None]
    removed: tuple[tuple[str, str], ...]  # (unit, award name) re-scoring would take off the proposals
    added: tuple[tuple[str, str], ...]
