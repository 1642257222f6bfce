"""Per cluster and period: how many reports were owed, sent (on time, late, undated), still missing, not
yet due, and how many of those sent are left out of the totals for errors, from the cluster's own check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from thidua.intake.check import Checked
from thidua.intake.completeness import LATE, MISSING, NOT_DUE, SUBMITTED
from thidua.periods import Period


@dataclass(frozen=True)
class PeriodProgress:
    owed: int  # member units that had to report the period
    sent: int  # of them, those whose report arrived (on time, late or undated)
    late: int
    missing: int  # past the deadline, nothing received
    not_due: int  # nothing received, deadline not yet passed
    with_errors: int  # sent, but left out of the totals until corrected

    @property
    def complete(self) -> bool:
        return self.owed > 0 and self.sent == self.owed and not self.with_errors


def progress(checked: Checked, periods: list[Period]) -> dict[str, PeriodProgress]:
    """period key → its progress, for each of `periods` (a period nobody owed has owed = 0)."""
    statuses: dict[str, Counter[str]] = {p.key: Counter() for p in periods}
    for row in checked.timeliness_rows:
        if row["period"] in statuses:
            statuses[row["period"]][row["status"]] += 1
    errors = Counter(r["period"] for r in checked.excluded_rows)
    out = {}
    for key, counts in statuses.items():
        sent = sum(counts[s] for s in SUBMITTED)
        owed = sum(counts.values())
        out[key] = PeriodProgress(owed, sent, counts[LATE], counts[MISSING], counts[NOT_DUE], errors[key])
    return out
