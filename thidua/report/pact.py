"""The registrations → the cluster's pact (giao-uoc.docx): the commitments from config, one signature
column per unit that is a member on the signing day (a unit joining later is named as bound from the
day it joins, and does not sign), and the registered targets and titles as an annex."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from docx.document import Document as DocumentType

from thidua import layout
from thidua.config import Config
from thidua.config.model import Unit
from thidua.intake.check import Checked
from thidua.numbers import fmt_number
from thidua.report import docx_xml
from thidua.report.bases import basis_lines
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature_grid
from thidua.report.lines import line, unit_signer
from thidua.report.pending import Pending, draft_note, unsigned
from thidua.report.prose import Block
from thidua.strings import and_joined


def _bound(cfg: Config, on: date) -> tuple[list[Unit], list[Unit]]:
    """(the members on the signing day, who sign; the units that join later in the year, who do not). A
    unit that left before the day is in neither."""
    year_end = date(cfg.reporting.year + 1, 1, 1)
    signers = [u for u in cfg.units if cfg.is_member(u.code, on, on + timedelta(days=1))]
    joiners = [u for u in cfg.units if u.member_from and on < u.member_from < year_end]
    return signers, joiners


def _unregistered(unit: Unit, on: date, words: dict[str, str]) -> str:
    if unit.member_from and unit.member_from > on:
        return words["pact_joining_unregistered"].format(day=f"{unit.member_from:%d/%m/%Y}")
    return words["pact_not_registered"]


def _targets_table(
    doc: DocumentType, checked: Checked, cfg: Config, units: list[Unit], on: date, words: dict[str, str]
) -> None:
    plans = {(r["unit"], r["code"]): r["target"] for r in checked.target_rows or []}
    notes = {
        (unit, row["code"]): row["note"]
        for (kind, unit), d in checked.documents.items()
        if kind == layout.REGISTRATION_ID
        for row in d.rows
    }
    rows, bold = [], []
    for n, unit in enumerate(units, 1):
        rows.append([str(n), unit.name, "", "", ""])
        bold.append(True)
        mine = [i for i in cfg.indicators_for(unit.code) if (unit.code, i.code) in plans]
        if not mine:
            rows.append(["", _unregistered(unit, on, words), "", "", ""])
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


def _titles_table(doc: DocumentType, checked: Checked, units: list[Unit], on: date, words: dict[str, str]) -> None:
    line(doc, words["pact_titles"], 13, bold=True, align="left", before=12)
    rows = []
    for n, unit in enumerate(units, 1):
        doc_ = checked.documents.get((layout.REGISTRATION_ID, unit.code))
        titles = "; ".join(doc_.titles) if doc_ and doc_.titles else _unregistered(unit, on, words)
        rows.append([str(n), unit.short_name, titles])
    grid(doc, ["STT", "Đơn vị", words["pact_titles"]], [14, 60, 91], rows, ["center", "left", "left"])


def write_pact(checked: Checked, cfg: Config, target: Path) -> list[Pending]:
    """Write the pact; returns what keeps it a draft: no signing date in year_end.pact.signed, a member
    unit's head with no name."""
    pact = cfg.year_end.pact if cfg.year_end else None
    if pact is None:
        return []
    words, year, cluster = cfg.wording(), cfg.reporting.year, cfg.cluster.name
    pending = (
        [] if pact.signed else [Pending(words["pending_no_signing_date"], "ghi year_end.pact.signed trong config.yaml")]
    )
    on = pact.signed or date(year, 1, 1)  # unsigned: the texts of the year it is for
    signers, joiners = _bound(cfg, on)
    nameless = [
        (f"thủ trưởng {u.short_name}", f"ghi units[].head_name của {u.code}") for u in signers if not u.head_name
    ]
    pending += unsigned(nameless, words)
    draft = words["draft"] if pending else ""
    head = Heading("", pact.signed, words["pact_type"].format(year=year), cluster, draft, numbered=False)
    doc = new_document(cfg)
    header(doc, cfg, head, place=pact.place)
    blocks = draft_note(pending, words) + basis_lines(cfg, on, pact.bases, year=str(year), cluster=cluster)
    blocks.append(Block("para", pact.intro.format(year=year, cluster=cluster).rstrip(":. ") + ":"))
    blocks += [Block("para", f"{n}. {text}") for n, text in enumerate(pact.commitments, 1)]
    blocks.append(Block("para", pact.closing.format(year=year, cluster=cluster)))
    body(doc, blocks)
    if joiners:
        joined = [words["pact_joiner"].format(unit=u.short_name, day=f"{u.member_from:%d/%m/%Y}") for u in joiners]
        body(doc, [Block("para", words["pact_joiners"].format(units=and_joined(joined), cluster=cluster))])
    line(doc, words["pact_signers"], 13, bold=True, before=12).paragraph_format.keep_with_next = True
    signature_grid(doc, [(unit_signer(u, named=True), u.head_name) for u in signers])
    section = docx_xml.add_section(doc, landscape=False)
    docx_xml.page_numbers(section, restart=True)
    line(doc, words["annex"], 14, bold=True)
    line(doc, words["pact_annex_title"].format(year=year), 14, bold=True)
    line(doc, words["pact_annex_ref"].format(year=year, cluster=cluster), 14, italic=True)
    line(doc, "", 8)
    _targets_table(doc, checked, cfg, [*signers, *joiners], on, words)
    _titles_table(doc, checked, [*signers, *joiners], on, words)
    save(doc, cfg, target, head)
    return pending
