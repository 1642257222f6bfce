"""What changed after a meeting voted, and a reopening of the scoring, in words (scoring/frozen.py's facts):
the findings the office reads in the check and in kiem-tra.xlsx."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from thidua.config import Config
from thidua.config.year import Reopening
from thidua.intake.arrival import said
from thidua.numbers import fmt_number
from thidua.scoring.facts import ChangedAfterVote


def _points(value: Decimal | None, words: dict[str, str]) -> str:
    return fmt_number(value) if value is not None else words["after_vote_blank"]


def _listed(pairs: tuple[tuple[str, str], ...], cfg: Config) -> str:
    return ", ".join(f"{cfg.unit(unit).short_name} ({award})" for unit, award in pairs)


def _consequence(fact: ChangedAfterVote, cfg: Config, words: dict[str, str]) -> str:
    if not fact.removed and not fact.added:
        return words["after_vote_same_list"]
    parts = [words["after_vote_removed"].format(units=_listed(fact.removed, cfg))] if fact.removed else []
    parts += [words["after_vote_added"].format(units=_listed(fact.added, cfg))] if fact.added else []
    return words["after_vote_list"].format(changes=" và ".join(parts))


def changed_after_vote_text(fact: ChangedAfterVote, cfg: Config, words: dict[str, str]) -> str:
    """'Sau cuộc họp bình xét ngày 22/01/2024 đã biểu quyết, đơn vị gửi “…” (…). Theo số liệu hiện có, …'."""
    lines = ", ".join(
        words["after_vote_line"].format(code=c.code, voted=_points(c.voted, words), now=_points(c.now, words))
        for c in fact.lines
    )
    total = words["after_vote_total"].format(voted=_points(fact.total[0], words), now=_points(fact.total[1], words))
    if fact.rank[0] != fact.rank[1]:
        total += words["after_vote_rank"].format(voted=fact.rank[0] or "—", now=fact.rank[1] or "—")
    files = ", ".join(f"“{name}” ({said(arrival)})" for name, arrival in fact.sent)
    return words["after_vote"].format(
        held=f"{fact.held:%d/%m/%Y}",
        sent=words["after_vote_sent"].format(files=files) if files else "",
        unit=cfg.unit(fact.unit).short_name,
        lines=lines,
        total=total,
        consequence=_consequence(fact, cfg, words),
        file=fact.file,
        group=cfg.cluster.word,
        year=fact.year,
    )


def reopened_text(reopening: Reopening, held: datetime, cfg: Config, words: dict[str, str]) -> str:
    return words["reopened"].format(
        on=f"{reopening.on:%d/%m/%Y}", reason=reopening.reason.rstrip("."), held=f"{held:%d/%m/%Y}",
        group=cfg.cluster.word,
    )  # fmt: skip
