"""Scores → the minutes of the cluster's bình xét meeting (bien-ban.docx): time and place, attendance, the
scoring and ranking, each proposal's vote against the share of ALL members it needs, the conclusion and
the chair's and the secretary's signatures. A draft until every proposal has its vote."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentType

from thidua.config import Config
from thidua.numbers import fmt_count, fmt_number, fmt_percent, percent
from thidua.report.ballot import ballot_pending, write_ballot_annex
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature_grid
from thidua.report.lines import doc_number, line
from thidua.report.meeting_text import difference_lines, passed_over_lines
from thidua.report.minutes_facts import (
    attendance_blocks,
    closing,
    discussion_blocks,
    facts_pending,
    secret_ballot,
    voting_blocks,
)
from thidua.report.pending import Pending, draft_note
from thidua.report.prose import Block
from thidua.report.year_text import (
    award_lines,
    meeting_pending,
    meeting_time,
    proposed,
    scoring_pending,
    unit_result,
    vote_text,
)
from thidua.scoring.meeting import ballot, differences, passed_over
from thidua.scoring.year import Scores


def _name(text: object) -> str:
    """'Nông Lương Chấn, Chủ tịch Ủy ban MTTQ tỉnh' → 'Nông Lương Chấn' (signed under)."""
    return str(text or "").partition(",")[0].strip()


def _attendance(scores: Scores, words: dict[str, str]) -> str:
    members = scores.members or len(scores.units)
    present = scores.facts.get("present")
    if present is None:
        return words["minutes_attendance"].format(present="……", members=fmt_count(members), absent="")
    absent = ""
    if present < members:
        written = scores.facts.get("absent_written") or 0
        key = "minutes_absent" if written else "minutes_absent_silent"
        absent = words[key].format(absent=fmt_count(members - present), written=fmt_count(written))
    return words["minutes_attendance"].format(present=fmt_count(present), members=fmt_count(members), absent=absent)


def _votes(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Block]:
    members = scores.members or len(scores.units)
    blocks = []
    for award in scores.params.awards:
        mine = [c for c in scores.candidates if c.award.code == award.code]
        if not mine:
            continue
        need = fmt_percent(percent(award.vote_share, 1) or 0)
        blocks.append(Block("para", words["minutes_vote_rule"].format(award=award.name, need=need, members=members)))
        for c in mine:
            tie = " (đồng điểm ở ngưỡng số lượng)" if c.tie else ""
            text = f"- {cfg.unit(c.unit).short_name}{tie}: {vote_text(c, scores.members)}."
            blocks.append(Block("para", text))
    return blocks or [Block("para", "Không có đơn vị nào đủ điều kiện đề nghị khen thưởng.")]


SELF_BLANK = {False: "chưa gửi", True: "chưa đủ"}  # a blank self total says why: no workbook, or lines left blank
SELF_LEGEND = {
    False: "“chưa gửi”: đơn vị chưa gửi bảng tự chấm điểm",
    True: "“chưa đủ”: bảng tự chấm điểm của đơn vị còn dòng để trống",
}


def _score_table(doc: DocumentType, scores: Scores, cfg: Config) -> None:
    headers = ["STT", "Đơn vị", "Tự chấm", "Điểm thống nhất", "Xếp loại", "Xếp hạng"]
    rows, blanks = [], set()
    for n, u in enumerate(scores.ranked + [u for u in scores.units if u.rank is None], 1):
        own = fmt_number(float(u.self_total)) if u.self_total is not None else SELF_BLANK[u.self_sent]
        if u.self_total is None:
            blanks.add(u.self_sent)
        total = fmt_number(float(u.total)) if u.total is not None else "chưa đủ"
        rows.append([str(n), cfg.unit(u.unit).short_name, own, total, u.band, str(u.rank) if u.rank else ""])
    grid(doc, headers, [12, 60, 22, 27, 22, 22], rows, ["center", "left", "right", "right", "center", "center"])
    if blanks:
        legend = "; ".join(SELF_LEGEND[sent] for sent in sorted(blanks))
        line(doc, f"Cột Tự chấm: {legend}.", 12, italic=True, align="left", before=3)


def write_minutes(scores: Scores, cfg: Config, target: Path) -> list[Pending]:
    """Write the minutes; returns what keeps them a draft (no meeting time, votes or totals missing)."""
    words = cfg.wording()
    year, cluster = scores.year, cfg.cluster.name
    when_text, _ = meeting_time(scores.facts.get("held"))
    when, pending = meeting_pending(scores, words)
    pending += facts_pending(scores, words) + scoring_pending(scores, cfg, words)
    counted = ballot(scores.facts, scores.candidates, scores.members) if secret_ballot(scores) else None
    pending += ballot_pending(counted, cfg, words) if counted else []
    draft = words["draft"] if pending else ""
    symbol = cfg.year_end.minutes_symbol if cfg.year_end else "BB"
    held = when.date() if when else None
    head = Heading(
        doc_number(None, symbol), held, words["minutes_type"], words["minutes_subject"].format(year=year), draft
    )
    doc = new_document(cfg)
    header(doc, cfg, head)
    body(doc, draft_note(pending, words))
    place = scores.facts.get("place") or "……"
    chair, secretary = _name(scores.facts.get("chair")), _name(scores.facts.get("secretary"))
    blocks = [
        Block("para", words["minutes_opening"].format(time=when_text, place=place, cluster=cluster, year=year)),
        Block("para", _attendance(scores, words)),
        *attendance_blocks(scores, words),
        Block("para", words["minutes_chair"].format(chair=scores.facts.get("chair") or "……")),
        Block("para", words["minutes_secretary"].format(secretary=scores.facts.get("secretary") or "……")),
        Block("h1", f"I. {words['minutes_scores']}"),
    ]
    blocks += [Block("para", f"{n}. {unit_result(u, cfg)}") for n, u in enumerate(scores.ranked, 1)]
    blocks += [Block("para", unit_result(u, cfg)) for u in scores.units if u.rank is None]
    body(doc, blocks)
    line(doc, "", 6)
    _score_table(doc, scores, cfg)
    conclusion = award_lines(scores, cfg) if proposed(scores) and scores.voted else []
    blocks = difference_lines(differences(scores.units), cfg, words) + discussion_blocks(scores, words)
    blocks += [Block("h1", f"II. {words['minutes_votes']}"), *voting_blocks(scores, words), *_votes(scores, cfg, words)]
    blocks += skipped_ranks(scores, cfg, words)
    blocks.append(Block("h1", f"III. {words['minutes_conclusion']}"))
    if conclusion:
        blocks.append(Block("para", words["scoring_proposals"] + ":"))
        blocks += [Block("para", f"- {text}") for text in conclusion]
    else:
        later = "(Kết luận được ghi sau khi bỏ phiếu.)"
        blocks.append(Block("para", later if not scores.voted else "Không có đề nghị nào đạt tỷ lệ phiếu."))
    blocks.append(Block("para", closing(scores, words)))
    body(doc, blocks)
    signature_grid(doc, [(["THƯ KÝ"], secretary), (["CHỦ TRÌ"], chair)], per_row=2)
    if counted:
        write_ballot_annex(doc, counted, cfg, words, held, year)
    save(doc, cfg, target, head)
    return pending


def skipped_ranks(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Block]:
    """Each proposal that passes over a better-ranked unit, with why: the minutes and the tờ trình alike."""
    params = scores.params
    found = passed_over(scores.units, proposed(scores), params.awards, params.bands)
    return passed_over_lines(found, {a.code: a.name for a in params.awards}, cfg, words)
