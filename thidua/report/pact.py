"""The registrations → the cluster's pact (giao-uoc.docx): the commitments from config, one signature
column per member unit, and the registered targets and titles as an annex."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx.document import Document as DocumentType

from thidua import layout
from thidua.config import Config
from thidua.intake.check import Checked
from thidua.numbers import fmt_number
from thidua.report import docx_xml
from thidua.report.bases import basis_lines
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature_grid
from thidua.report.lines import line, unit_signer
from thidua.report.pending import Pending, draft_note
from thidua.report.prose import Block


def _targets_table(doc: DocumentType, checked: Checked, cfg: Config, words: dict[str, str]) -> None:
    plans = {(r["unit"], r["code"]): r["target"] for r in checked.target_rows or []}
    notes = {
        (unit, row["code"]): row["note"]
        for (kind, unit), d in checked.documents.items()
        if kind == layout.REGISTRATION_ID
        for row in d.rows
    }
    rows, bold = [], []
    for n, unit in enumerate(cfg.units, 1):
        rows.append([str(n), unit.name, "", "", ""])
        bold.append(True)
        mine = [i for i in cfg.indicators_for(unit.code) if (unit.code, i.code) in plans]
        if not mine:
            rows.append(["", words["pact_not_registered"], "", "", ""])
            bold.append(False)
        for k, ind in enumerate(mine, 1):
            rows.append(
                [
                    f"{n}.{k}",
                    ind.label,
                    ind.measure,
                    fmt_number(plans[(unit.code, ind.code)]),
                    notes.get((unit.code, ind.code), ""),
                ]
            )
            bold.append(False)
    grid(
        doc,
        ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm", "Ghi chú"],
        [14, 82, 24, 25, 20],
        rows,
        ["center", "left", "center", "right", "left"],
        bold,
    )


def _titles_table(doc: DocumentType, checked: Checked, cfg: Config, words: dict[str, str]) -> None:
    line(doc, words["pact_titles"], 13, bold=True, align="left", before=12)
    rows = []
    for n, unit in enumerate(cfg.units, 1):
        doc_ = checked.documents.get((layout.REGISTRATION_ID, unit.code))
        titles = "; ".join(doc_.titles) if doc_ and doc_.titles else words["pact_not_registered"]
        rows.append([str(n), unit.short_name, titles])
    grid(doc, ["STT", "Đơn vị", words["pact_titles"]], [14, 60, 91], rows, ["center", "left", "left"])


def write_pact(checked: Checked, cfg: Config, target: Path) -> list[Pending]:
    """Write the pact; returns what keeps it a draft (no signing date in year_end.pact.signed)."""
    pact = cfg.year_end.pact if cfg.year_end else None
    if pact is None:
        return []
    words, year, cluster = cfg.wording(), cfg.reporting.year, cfg.cluster.name
    pending = (
        [] if pact.signed else [Pending(words["pending_no_signing_date"], "ghi year_end.pact.signed trong config.yaml")]
    )
    draft = words["draft"] if pending else ""
    head = Heading("", pact.signed, words["pact_type"].format(year=year), cluster, draft, numbered=False)
    doc = new_document(cfg)
    header(doc, cfg, head, place=pact.place)
    on = pact.signed or date(year, 1, 1)  # unsigned: the texts of the year it is for
    blocks = draft_note(pending, words) + basis_lines(cfg, on, pact.bases, year=str(year), cluster=cluster)
    blocks.append(Block("para", pact.intro.format(year=year, cluster=cluster).rstrip(":. ") + ":"))
    blocks += [Block("para", f"{n}. {text}") for n, text in enumerate(pact.commitments, 1)]
    blocks.append(Block("para", pact.closing.format(year=year, cluster=cluster)))
    body(doc, blocks)
    line(doc, words["pact_signers"], 13, bold=True, before=12).paragraph_format.keep_with_next = True
    members = [u for u in cfg.units if cfg.is_member(u.code, date(year, 1, 1), date(year + 1, 1, 1))]
    signature_grid(doc, [(unit_signer(u, named=True), u.head_name) for u in members])
    section = docx_xml.add_section(doc, landscape=False)
    docx_xml.page_numbers(section, restart=True)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["pact_annex_title"].format(year=year), 14, bold=True)
    line(doc, words["pact_annex_ref"].format(year=year, cluster=cluster), 14, italic=True)
    line(doc, "", 8)
    _targets_table(doc, checked, cfg, words)
    _titles_table(doc, checked, cfg, words)
    save(doc, cfg, target, head)
    return pending
