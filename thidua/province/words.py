"""The board's facts in words, in one place: what the portal's pages, the province's workbook and the
council's list say of a cluster's progress, its stage, a vote and a dossier."""

from __future__ import annotations

from thidua.numbers import fmt_count, fmt_percent, percent
from thidua.province.progress import PeriodProgress
from thidua.province.proposals import (
    AWAITING_VOTE,
    INCOMPLETE,
    NO_CANDIDATES,
    NO_RETURNS,
    NOT_SCORED,
    VOTED,
    ClusterProposals,
    Proposal,
)

STAGES = {
    NO_RETURNS: "chưa nhận báo cáo nào của năm",
    NOT_SCORED: "Văn phòng chưa chấm điểm thi đua năm",
    INCOMPLETE: "chưa chấm xong điểm: còn đơn vị chưa đủ điểm",
    NO_CANDIDATES: "không có tập thể đủ điều kiện đề nghị",
    AWAITING_VOTE: "chưa bình xét",
    VOTED: "đã bình xét",
}


def stage_text(cluster: ClusterProposals) -> str:
    """Where the cluster stands, with the period its office's scores stand on before its vote: 'điểm chấm
    đến tháng 11 năm 2023, chưa bình xét' (the board takes them as they are, never scored again)."""
    if cluster.stage in (INCOMPLETE, NO_CANDIDATES, AWAITING_VOTE) and cluster.scored_through:
        return f"điểm chấm đến {cluster.scored_through}, {STAGES[cluster.stage]}"
    return STAGES[cluster.stage]


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


def stage_sentence(cluster: ClusterProposals) -> str:
    """'Đã bình xét (họp ngày 20/01/2024), điểm tính trên số liệu đến tháng 12 năm 2023.' for the board's page."""
    text = stage_text(cluster)
    if cluster.voted_on:
        text += f" (họp ngày {cluster.voted_on:%d/%m/%Y})"
        if cluster.scored_through:
            text += f", điểm tính trên số liệu đến {cluster.scored_through}"
    return text[:1].upper() + text[1:] + "."


def vote_text(p: Proposal) -> str:
    """'06/06 (100%), đạt'; 'chưa bình xét' before the vote."""
    if p.agree is None or not p.members:
        return STAGES[AWAITING_VOTE]
    verdict = "đạt" if p.passed else "không đạt"
    return f"{fmt_count(p.agree)}/{fmt_count(p.members)} ({fmt_percent(percent(p.agree, p.members) or 0)}), {verdict}"
