"""Totals → the formal review report (.docx) laid out per Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from thidua.config import Config
from thidua.report.annex import write_annex
from thidua.report.frame import Heading, body, header, new_document, save, signature
from thidua.report.lines import doc_number
from thidua.report.outline import Outline, build_outline
from thidua.report.prose import Block
from thidua.totals.merge import Totals


def write_report(
    totals: Totals,
    cfg: Config,
    target: Path,
    today: date | None = None,
    extra: tuple[str, list[Block]] | None = None,
) -> Outline:
    """Build the report and write it atomically; returns the outline (for tests and the CLI). `extra`, when
    given, adds blocks after the commendations (the annual report's scoring section)."""
    words = cfg.wording()
    outline = build_outline(totals, cfg, words, extra)
    issued = outline.texts.issued or today or date.today()
    number = doc_number(outline.texts.number, cfg.report.symbol)
    head = Heading(number, issued, words["doc_type"], outline.subject, words["draft"] if outline.draft_units else "")
    doc = new_document(cfg)
    header(doc, cfg, head)
    body(doc, outline.blocks)
    signer = cfg.report.signer
    titles = [signer.authority, signer.title, signer.subtitle]
    signature(doc, words["recipients_label"], cfg.report.recipients, titles, signer.name, cfg.report.archive)
    write_annex(doc, totals, cfg, words, number, issued)
    save(doc, cfg, target, head)
    return outline
