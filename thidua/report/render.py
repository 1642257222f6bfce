"""Totals → the formal review report (.docx) laid out per Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from thidua.config import Config
from thidua.report.annex import write_annex
from thidua.report.frame import Heading, body, header, new_document, save, signature
from thidua.report.lines import doc_number
from thidua.report.outline import Outline, build_outline
from thidua.report.pending import Pending, draft_note, issue_date, unsigned
from thidua.report.prose import Block
from thidua.totals.merge import Totals


def write_report(
    totals: Totals,
    cfg: Config,
    target: Path,
    extra: tuple[str, list[Block]] | None = None,
    meeting: date | None = None,
    scoring: list[Pending] | None = None,
) -> Outline:
    """Build the report and write it atomically; returns the outline, whose `pending` says what keeps it
    a draft. `extra`, when given, adds blocks after the commendations (the annual report's scoring
    section, whose votes were taken at `meeting`: the report cannot be dated before it; `scoring` says
    what keeps that section a draft)."""
    words = cfg.wording()
    outline = build_outline(totals, cfg, words, extra)
    key = f"{totals.kind}-{totals.period.key}"
    period_end = totals.period.day_after - timedelta(days=1)
    not_before = [(period_end, words["pending_period_end"]), (meeting, words["pending_meeting"])]
    fix = f"ghi report.texts.{key}.issued trong config.yaml"
    issued, late = issue_date(outline.texts.issued, fix, not_before, words)
    outline.pending[:0] = late
    outline.pending += scoring or []
    if not cfg.report.signer.name:
        outline.pending += unsigned(
            [(cfg.report.signer.title.lower(), "ghi report.signer.name trong config.yaml")], words
        )
    number = doc_number(outline.texts.number, cfg.report.symbol)
    draft = words["draft"] if outline.draft_units or outline.pending else ""
    head = Heading(number, issued, words["doc_type"], outline.subject, draft)
    doc = new_document(cfg)
    header(doc, cfg, head)
    body(doc, draft_note(outline.pending, words) + outline.blocks)
    signer = cfg.report.signer
    titles = [signer.authority, signer.title, signer.subtitle]
    signature(doc, words["recipients_label"], cfg.report.recipients, titles, signer.name, cfg.report.archive)
    write_annex(doc, totals, cfg, words, number, issued)
    save(doc, cfg, target, head)
    return outline
