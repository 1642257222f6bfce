"""What a meeting voted is the record. Once the scoring workbook in inputs/ carries the meeting's time and
its votes, every later run takes each line from that workbook (the scores the meeting saw), never from
the returns as they are now; where the returns now say otherwise, a finding states what would change
(unit, line, points, rank, proposals). Scoring again is the office's decision, written in config
(`year_end.scoring.years.<year>.reopened`): then the scores are recomputed, the old votes no longer
apply and every document is a draft until a new meeting votes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from thidua.config import Config
from thidua.config.year import Award, Reopening
from thidua.findings import Finding
from thidua.intake.arrival import Arrival
from thidua.intake.check import Checked
from thidua.numbers import typed_time
from thidua.scoring.basis import AsRecorded
from thidua.scoring.facts import ChangedAfterVote, LineChange
from thidua.scoring.lines import Line
from thidua.scoring.ranking import Candidate, UnitScore
from thidua.words.after_vote import changed_after_vote_text, reopened_text


@dataclass(frozen=True)
class Record:
    """A scoring workbook as the record: when the meeting that voted on it was held (None: the office's own
    scoring, not voted yet), its file, and every line as it showed it."""

    held: datetime | None
    file: str
    lines: dict[tuple[str, str], dict[str, Any]]  # (unit, criterion) → basis, self_score, evidence, proposed


def voted_record(facts: dict[str, Any], file: str) -> Record | None:
    """The record, when the workbook says a meeting was held and voted; None before the vote."""
    held, votes, recorded = typed_time(facts.get("held")), facts.get("votes"), facts.get("recorded")
    if held is None or not votes or not recorded:
        return None
    return Record(held, file, recorded)


def _held(record: Record) -> datetime:
    assert record.held is not None, "only a voted record has a meeting to speak of"
    return record.held


def office_record(facts: dict[str, Any], file: str) -> Record | None:
    """The office's own scoring as it wrote it, voted or not: what the board takes for a cluster."""
    recorded = facts.get("recorded")
    return Record(typed_time(facts.get("held")) if facts.get("votes") else None, file, recorded) if recorded else None


def is_reopened(record: Record, reopening: Reopening | None) -> bool:
    """A decision to score again taken on or after the meeting's day undoes that meeting's record; an
    older one (before a new meeting voted again) does not."""
    return reopening is not None and record.held is not None and reopening.on >= record.held.date()


def keep_recorded(lines: list[Line], record: Record) -> list[Line]:
    """Each line as the meeting saw it; the chair's adjustment (read from the same workbook) still applies."""
    return [_as_recorded(line, record.lines.get((line.unit, line.code))) for line in lines]


def _as_recorded(line: Line, kept: dict[str, Any] | None) -> Line:
    if kept is None:
        return line
    proposed = kept["proposed"]
    return replace(
        line,
        basis=AsRecorded(kept["basis"]) if kept["basis"] else None,
        evidence=kept["evidence"],
        self_score=kept["self_score"],
        proposed=proposed,
        computed=proposed if line.computed_kind else line.computed,
        final=line.adjusted if line.adjusted is not None else proposed,
    )


def voted_targets_met(facts: dict[str, Any], awards: list[Award]) -> set[str]:
    """The units the meeting voted on for an award that requires every registered target met: they had met
    them then, and a correction after the vote must not silently take them off the voted list (the
    finding says so)."""
    needs_targets = {a.code for a in awards if a.all_targets_met}
    return {r["unit"] for r in facts.get("votes", []) if r["award"] in needs_targets}


def _line_changes(voted: UnitScore, now: UnitScore) -> tuple[LineChange, ...]:
    now_lines = {x.code: x for x in now.lines}
    return tuple(
        LineChange(x.code, x.final, now_lines[x.code].final)
        for x in voted.lines
        if x.code in now_lines and now_lines[x.code].final != x.final
    )


def _after_meeting(checked: Checked, unit: str, held: datetime) -> tuple[tuple[str, Arrival], ...]:
    """The unit's files submitted after the meeting (intake/arrival.py's time): what brought the change."""
    late = [(s.book.name, checked.arrivals.get(s.book.name)) for s in checked.counted if s.unit == unit]
    return tuple((n, a) for n, a in late if a is not None and a.day is not None and a.day > held.date())


def _proposal_changes(voted: list[Candidate], now: list[Candidate]) -> tuple[tuple[tuple[str, str], ...], ...]:
    """(taken off, added): what re-scoring would do to the proposals, as (unit, award name)."""
    before, after = ({(c.unit, c.award.code) for c in found} for found in (voted, now))
    names = {c.award.code: c.award.name for c in [*voted, *now]}
    return tuple(tuple((u, names[a]) for u, a in sorted(pairs)) for pairs in (before - after, after - before))


def changes_after_vote(
    voted: list[UnitScore],
    now: list[UnitScore],
    voted_candidates: list[Candidate],
    now_candidates: list[Candidate],
    record: Record,
    checked: Checked,
    cfg: Config,
) -> list[Finding]:
    """One finding per unit whose score the returns would change now (words/after_vote.py says it)."""
    by_unit, held, words = {u.unit: u for u in now}, _held(record), cfg.wording()
    removed, added = _proposal_changes(voted_candidates, now_candidates)
    year, out = cfg.reporting.year, []
    for unit in voted:
        fresh = by_unit.get(unit.unit)
        lines = _line_changes(unit, fresh) if fresh else ()
        if not lines or fresh is None:
            continue
        sent = _after_meeting(checked, unit.unit, held)
        fact = ChangedAfterVote(
            unit.unit, held, record.file, year, sent, lines, (unit.total, fresh.total), (unit.rank, fresh.rank),
            removed, added,
        )  # fmt: skip
        message = changed_after_vote_text(fact, cfg, words)
        out.append(Finding("RESULT_CHANGED_AFTER_VOTE", message, unit.unit, str(year), record.file))
    return out


def reopened_finding(record: Record, reopening: Reopening, cfg: Config) -> Finding:
    message = reopened_text(reopening, _held(record), cfg, cfg.wording())
    return Finding("SCORING_REOPENED", message, period=str(cfg.reporting.year), file=record.file)
