"""The year's scoring in words, shared by the annual report, the minutes and the proposal letter, so that
the three documents (and cham-diem.xlsx, which reads the same Scores) never disagree."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from thidua.config import Config
from thidua.numbers import fmt_count, fmt_number, fmt_percent, header_date, percent, typed_time
from thidua.report.pending import Pending
from thidua.report.prose import Block
from thidua.scoring.ranking import Candidate, UnitScore, rank_label
from thidua.scoring.year import Scores


def points(value: Decimal | None) -> str:
    return f"{fmt_number(float(value))} điểm" if value is not None else "chưa đủ điểm"


def unit_result(u: UnitScore, cfg: Config) -> str:
    """'Hội Nông dân tỉnh: điểm chuẩn 88 điểm, cộng 2 điểm, trừ 1 điểm, thống nhất đạt 89 điểm, xếp loại Tốt,
    xếp thứ Nhì (đồng hạng với Tỉnh đoàn).'"""
    name = cfg.unit(u.unit).short_name
    if u.total is None:
        return f"{name}: chưa đủ điểm các tiêu chí nên chưa xếp loại, xếp hạng."
    parts = [f"điểm chuẩn {points(u.base)}"]
    parts += [f"cộng {points(u.bonus)}"] if u.bonus else []
    parts += [f"trừ {points(u.deduction)}"] if u.deduction else []
    parts.append(f"thống nhất đạt {points(u.total)}")
    tied = ", ".join(cfg.unit(t).short_name for t in u.tied)
    rank = f"xếp thứ {rank_label(u.rank)}" + (f" (đồng hạng với {tied})" if tied else "") if u.rank else ""
    return f"{name}: {', '.join(parts)}, xếp loại {u.band}, {rank}."


def vote_text(c: Candidate, members: int | None, short: bool = False) -> str:
    """'06/06 thành viên đồng ý (100%), đạt tỷ lệ tối thiểu 80%' (short: '06/06 (100%), đạt')."""
    if c.agree is None or not members:
        return "chưa bỏ phiếu"
    verdict = "đạt" if c.passed else "không đạt"
    share = fmt_percent(percent(c.award.vote_share, 1) or 0)
    pct = fmt_percent(percent(c.agree, members) or 0)
    if short:
        return f"{fmt_count(c.agree)}/{fmt_count(members)} ({pct}), {verdict}"
    return f"{fmt_count(c.agree)}/{fmt_count(members)} thành viên đồng ý ({pct}), {verdict} tỷ lệ tối thiểu {share}"


def proposed(scores: Scores) -> list[Candidate]:
    """The candidates the meeting carried (before the vote: every candidate, as a draft)."""
    return [c for c in scores.candidates if c.passed] if scores.voted else list(scores.candidates)


def award_lines(scores: Scores, cfg: Config) -> list[str]:
    """'Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể (Ủy ban MTTQ tỉnh).' per award with proposals."""
    out = []
    chosen = proposed(scores)
    for award in scores.params.awards:
        names = [cfg.unit(c.unit).short_name for c in chosen if c.award.code == award.code]
        if names:
            out.append(f"{award.name}: {fmt_count(len(names))} tập thể ({', '.join(names)}).")
    return out


def report_section(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Block]:
    """The annual report's section on scoring and proposals."""
    intro = words["scoring_intro"].format(
        year=scores.year, standard=fmt_number(scores.standard), through=scores.data_note
    )
    blocks = [Block("para", intro + ":")]
    for n, u in enumerate(scores.ranked + [u for u in scores.units if u.rank is None], 1):
        blocks.append(Block("para", f"{n}. {unit_result(u, cfg)}"))
    lines = award_lines(scores, cfg)
    if lines:
        blocks.append(Block("para", words["scoring_proposals"] + ":"))
        blocks += [Block("para", f"- {text}") for text in lines]
    if not scores.final:
        blocks.append(Block("note", words["scoring_draft"]))
    return blocks


def meeting_time(value: object) -> tuple[str, datetime | None]:
    """('14 giờ 00 phút, ngày 20 tháng 12 năm 2023', the datetime) from what the chair typed."""
    when = typed_time(value)
    if when is None:
        return (str(value) if value else "…… giờ …… phút, ngày …… tháng …… năm ……"), None
    return f"{when:%H} giờ {when:%M} phút, {header_date(when.date())}", when


SCORING_BOOK_FIX = "ghi ở sheet “Bình xét” của cham-diem.xlsx rồi đặt tệp vào inputs/"
MEETING_TIME_FIX = (
    "ghi lại dạng 22/01/2024 14:00 ở sheet “Bình xét” của cham-diem.xlsx (xem phát hiện MEETING_TIME_UNREADABLE)"
)
REVOTE_FIX = (
    "họp bình xét lại, ghi kết quả vào cham-diem.xlsx mới (thời gian họp sau ngày mở lại) rồi đặt tệp vào inputs/"
)


def scoring_pending(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Pending]:
    """Why the minutes and the proposal are drafts: votes missing, a total missing, a quota exceeded."""
    out = []
    if scores.reopened:
        on, reason = f"{scores.reopened.on:%d/%m/%Y}", scores.reopened.reason.rstrip(".")
        out.append(Pending(words["pending_reopened"].format(date=on, reason=reason), REVOTE_FIX))
    elif not scores.voted:
        out.append(Pending(words["pending_no_votes"], SCORING_BOOK_FIX))
    if short := [cfg.unit(u.unit).short_name for u in scores.units if u.total is None]:
        out.append(Pending(words["pending_no_total"].format(units=", ".join(short)), "xem các phát hiện SCORE_*"))
    if any(f.code == "AWARD_OVER_QUOTA" for f in scores.findings):
        out.append(Pending(words["pending_over_quota"], SCORING_BOOK_FIX))
    return out


def meeting_pending(scores: Scores, words: dict[str, str]) -> tuple[datetime | None, list[Pending]]:
    typed = scores.facts.get("held")
    _, when = meeting_time(typed)
    if when:
        return when, []
    if typed:  # written, in a form not read: saying "not yet written" would be untrue
        return None, [Pending(words["pending_meeting_unreadable"].format(typed=typed), MEETING_TIME_FIX)]
    return None, [Pending(words["pending_no_meeting"], SCORING_BOOK_FIX)]
