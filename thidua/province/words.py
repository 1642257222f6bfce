"""The board's facts in words, in one place: what the portal's pages, the province's workbook and the
council's list say of a cluster's progress, its stage, a vote and a dossier."""

from __future__ import annotations

from thidua.numbers import fmt_count, fmt_percent
from thidua.province.progress import PeriodProgress
from thidua.province.proposals import AWAITING_VOTE, INCOMPLETE, NO_CANDIDATES, NOT_SCORED, VOTED, Proposal

STAGES = {
    NOT_SCORED: "chưa chấm điểm thi đua năm",
    INCOMPLETE: "chưa chấm xong điểm (còn đơn vị chưa đủ điểm)",
    NO_CANDIDATES: "không có tập thể đủ điều kiện đề nghị",
    AWAITING_VOTE: "chưa bỏ phiếu bình xét",
    VOTED: "đã bỏ phiếu bình xét",
}


def progress_text(done: PeriodProgress | None) -> str:
    """'6/6', '5/6 · 1 muộn · 1 chưa nộp', or '—' when nobody owed the period (or a quarter's month)."""
    if done is None or done.owed == 0:
        return "—"
    parts = [f"{done.sent}/{done.owed}"]
    if done.late:
        parts.append(f"{done.late} muộn")
    if done.missing:
        parts.append(f"{done.missing} chưa nộp")
    if done.with_errors:
        parts.append(f"{done.with_errors} có lỗi")
    if done.not_due:
        parts.append(f"{done.not_due} chưa đến hạn")
    return " · ".join(parts)


def vote_text(p: Proposal) -> str:
    """'06/06 (100%), đạt'; 'chưa bỏ phiếu' before the vote."""
    if p.agree is None or not p.members:
        return "chưa bỏ phiếu"
    verdict = "đạt" if p.passed else "không đạt"
    return f"{fmt_count(p.agree)}/{fmt_count(p.members)} ({fmt_percent(p.agree / p.members * 100)}), {verdict}"
