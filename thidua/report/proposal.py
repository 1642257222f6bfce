"""Scores → the proposal letter (to-trinh.docx) that goes with the award dossier: to whom, on what grounds,
which collectives for which award, and the list as an annex. A draft until the vote is in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from thidua.config import Config
from thidua.numbers import fmt_number, header_date
from thidua.report import docx_xml
from thidua.report.bases import basis_lines, out_of_force
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature
from thidua.report.lines import doc_number, line
from thidua.report.minutes import skipped_ranks
from thidua.report.pending import Pending, draft_note, issue_date, unsigned
from thidua.report.prose import Block, listed
from thidua.report.year_text import (
    award_lines,
    meeting_pending,
    meeting_time,
    proposed,
    scoring_pending,
    unit_result,
    vote_text,
)
from thidua.scoring.year import Scores


def _annex(doc, scores: Scores, cfg: Config, words: dict[str, str], number: str, issued: date | None) -> None:
    section = docx_xml.add_section(doc, landscape=False)
    docx_xml.page_numbers(section, restart=True)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["proposal_annex_title"].format(year=scores.year), 14, bold=True)
    ref = words["proposal_annex_ref"].format(number=number, date=header_date(issued), cluster=cfg.cluster.name)
    line(doc, ref, 14, italic=True)
    line(doc, "", 8)
    rows = []
    for n, c in enumerate(proposed(scores), 1):
        u = scores.unit(c.unit)
        result = vote_text(c, scores.members, short=True)
        rows.append(
            [
                str(n),
                cfg.unit(c.unit).name,
                c.award.name,
                fmt_number(float(c.total)),
                u.band,
                str(c.rank),
                result,
            ]
        )
    headers = ["STT", "Tên tập thể", "Hình thức đề nghị", "Điểm", "Xếp loại", "Xếp hạng", "Kết quả bỏ phiếu"]
    aligns = ["center", "left", "left", "right", "center", "center", "left"]
    grid(doc, headers, [12, 42, 38, 16, 18, 16, 23], rows, aligns)


def _achievements(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Block]:
    """One line per proposed collective: what the meeting found, so the reader need not open the annex."""
    lines = []
    for c in proposed(scores):
        u = scores.unit(c.unit)
        result = unit_result(u, cfg).split(": ", 1)[1].rstrip(".")
        lines.append(
            Block("para", f"- {cfg.unit(c.unit).name} ({c.award.name}): {result}; {vote_text(c, scores.members)}.")
        )
    return [Block("para", words["proposal_achievements"] + ":"), *lines] if lines else []


def _attached(scores: Scores, cfg: Config, words: dict[str, str]) -> list[Block]:
    """The dossier's documents, as the Sở Nội vụ checks them against what it receives."""
    items = [words["proposal_attached_minutes"].format(year=scores.year)]
    items += [words["proposal_attached_report"].format(name=cfg.unit(c.unit).name) for c in proposed(scores)]
    return [Block("para", words["proposal_attached"] + ":"), *listed(items, numbered=True)]


def proposal_date(scores: Scores, cfg: Config) -> date | None:
    """The day the tờ trình (and the dossier's reports with it) carries: year_end.proposal.issued, else the
    meeting's day, else none (left blank)."""
    settings = cfg.year_end.proposal if cfg.year_end else None
    held = meeting_time(scores.facts.get("held"))[1]
    return (settings.issued if settings else None) or (held.date() if held else None)


def write_proposal(
    scores: Scores, cfg: Config, target: Path, attachments: dict[str, list[Pending]] | None = None
) -> list[Pending]:
    """Write the proposal letter; returns what keeps it a draft. Dated year_end.proposal.issued, else the
    meeting's day; never before the meeting whose votes it reports; a draft while any document it sends
    with it is (`attachments`: each one's name → what keeps it a draft)."""
    words, year, cluster = cfg.wording(), scores.year, cfg.cluster.name
    settings = cfg.year_end.proposal if cfg.year_end else None
    if settings is None:
        return []
    held, pending = meeting_pending(scores, words)
    meeting_day = held.date() if held else None
    fix = "ghi year_end.proposal.issued trong config.yaml"
    issued, dated = issue_date(proposal_date(scores, cfg), fix, [(meeting_day, words["pending_meeting"])], words)
    pending = dated + pending + scoring_pending(scores, cfg, words)
    on = issued or meeting_day or date(year + 1, 1, 1)  # undated: no earlier than the year after the scored one
    pending += [
        Pending(words["pending_basis"].format(text=text, date=f"{on:%d/%m/%Y}"), "sửa year_end.proposal.bases")
        for text in out_of_force(cfg, on, settings.bases)
    ]
    for name, waiting in (attachments or {}).items():
        if waiting:
            reasons = "; ".join(dict.fromkeys(p.what for p in waiting))  # said to the office, not in the note
            fix = words["pending_attachment_fix"].format(reasons=reasons)
            pending.append(Pending(words["pending_attachment"].format(name=name), fix))
    if not cfg.report.signer.name:
        pending += unsigned([(cfg.report.signer.title.lower(), "ghi report.signer.name trong config.yaml")], words)
    number = doc_number(settings.number, settings.symbol)
    draft = words["draft"] if pending else ""
    head = Heading(
        number, issued, words["proposal_type"], words["proposal_subject"].format(year=year, cluster=cluster), draft
    )
    doc = new_document(cfg)
    header(doc, cfg, head)
    line(doc, f"Kính gửi: {settings.recipient}.", 14, before=6)
    bases = basis_lines(cfg, on, settings.bases, year=str(year), cluster=cluster)
    blocks = draft_note(pending, words) + bases
    meeting = header_date(held.date()) if held else "……"
    blocks.append(Block("para", words["proposal_intro"].format(cluster=cluster, year=year, date=meeting)))
    who = {"recipient": settings.recipient, "decider": settings.decider}
    blocks.append(Block("para", words["proposal_ask"].format(cluster=cluster, **who) + ":"))
    blocks += [Block("para", f"{n}. {text}") for n, text in enumerate(award_lines(scores, cfg), 1)]
    blocks += _achievements(scores, cfg, words)
    blocks += skipped_ranks(scores, cfg, words)
    blocks += _attached(scores, cfg, words)
    blocks.append(Block("para", words["proposal_closing"].format(**who)))
    body(doc, blocks)
    signer = cfg.report.signer
    titles = [signer.authority, signer.title, signer.subtitle]
    signature(doc, words["recipients_label"], settings.recipients, titles, signer.name, cfg.report.archive)
    _annex(doc, scores, cfg, words, number, issued)
    save(doc, cfg, target, head)
    return pending
