"""A proposed collective's báo cáo thành tích (award dossier): I. its profile, II. its year in figures against
its registered plan and last year, with its own narratives, III. its earlier awards; signed by its head and
confirmed by the cluster. Sections I and III come from the unit's own profile workbook (hồ sơ đơn vị) or,
when it sent none, from config.yaml (intake/profile.py). Whatever neither gives is left as a visible prompt
and makes the report a DỰ THẢO that says what is missing and where to write it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from thidua import layout
from thidua.config import Config, Unit
from thidua.config.model import PastAward, UnitProfile
from thidua.numbers import change_percent, exact, fmt_number, fmt_percent, percent, rounded
from thidua.report.frame import Heading, body, grid, header, new_document, save, signature_grid
from thidua.report.lines import unit_signer
from thidua.report.narratives import attributed
from thidua.report.pending import Pending, draft_note, unsigned
from thidua.report.prose import Block, months_phrase, sentence, successor_notes
from thidua.totals.merge import Totals

FIX = {  # where the missing part is written, by where the profile came from
    "workbook": "đơn vị {code} bổ sung mục này trong hồ sơ đơn vị (sheet “{sheet}”) rồi gửi lại",
    "config": "đơn vị {code} gửi hồ sơ đơn vị (thidua profile, hoặc tải trên Cổng thông tin), hoặc ghi {key} "
    "của {code} trong config.yaml",
}
KEYS = {"profile": "units[].profile", "awards": "units[].awards", "head_name": "units[].head_name"}


@dataclass(frozen=True)
class Standing:
    """What sections I and III stand on, and where it came from ("workbook" or "config")."""

    profile: UnitProfile
    awards: list[PastAward]
    source: str

    def fix(self, unit: Unit, section: str) -> str:
        sheet = layout.SHEET_AWARDS if section == "awards" else layout.SHEET_PROFILE
        return FIX[self.source].format(code=unit.code, sheet=sheet, key=KEYS[section])


def _profile(unit: Unit, standing: Standing, words: dict[str, str], pending: list[Pending]) -> list[Block]:
    profile = standing.profile
    fields = (("Địa chỉ", profile.address), ("Điện thoại", profile.phone), ("E-mail", profile.email))
    contact = [f"{label}: {value}" for label, value in fields if value]
    parts = [
        ("1. Đặc điểm, tình hình", contact + profile.history),
        ("2. Tổ chức bộ máy", profile.organisation),
        ("3. Chức năng, nhiệm vụ", profile.functions),
    ]
    blocks = [Block("h1", words["achievement_part_1"])]
    for title, lines in parts:
        blocks += _profile_section(title, lines, unit, standing, words, pending)
    return blocks


def _profile_section(
    title: str, lines: list[str], unit: Unit, standing: Standing, words: dict[str, str], pending: list[Pending]
) -> list[Block]:
    """A heading and the profile's lines under it; none: marked to complete, and the report stays a draft."""
    if lines:
        return [Block("h2", title), *(Block("para", f"- {sentence(t)}") for t in lines)]
    pending.append(Pending(words["pending_empty"].format(section=title), standing.fix(unit, "profile")))
    return [Block("h2", title), Block("note", words["to_fill"])]


def _number(value: float) -> str:
    return "" if value is None or math.isnan(value) else fmt_number(value)


def _figure_row(n: int, r: dict[str, Any], marker: str, words: dict[str, str]) -> list[str]:
    """One indicator: plan, result, against plan (only on a complete year so far), last year and the change
    on the same months; `marker` flags a comparison on fewer months, explained under the table. A rate (%)
    is compared in percentage points (95% → 99,2% is +4,2 điểm %, not 104,4% of its plan); anything else in
    percent, computed exactly and rounded half up once."""
    complete, rate = bool(r["complete"]), r["measure"].strip() == "%"
    planned = complete and not _missing(r["target"])
    compared = not _missing(r["last_year"]) and (rate or r["last_year"] > 0)
    if rate:
        against_plan = _points(exact(r["value"]) - exact(r["target"]), words) if planned else ""
        change = _points(exact(r["value_matched_last_year"]) - exact(r["last_year"]), words) if compared else ""
    else:
        share = percent(r["value"], r["target"]) if planned else None
        against_plan = "" if share is None else fmt_percent(share)
        moved = change_percent(r["value_matched_last_year"], r["last_year"]) if compared else None
        change = "" if moved is None else ("+" if rounded(moved, 1) > 0 else "") + fmt_percent(moved)
    return [
        str(n),
        r["label"] + ("" if complete else " (chưa đủ số liệu các kỳ)"),
        r["measure"],
        _number(r["target"]),
        _number(r["value"]),
        against_plan,
        _number(r["last_year"]) + marker if compared else "",
        change,
    ]


def _points(difference: Decimal, words: dict[str, str]) -> str:
    sign = "+" if rounded(difference, 1) > 0 else ""
    return words["achievement_points"].format(points=sign + fmt_number(difference, 1))


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def _figures(doc, totals: Totals, unit: Unit, words: dict[str, str]) -> list[Block]:
    """The table, and under it a line for each comparison on fewer months than the result: which months,
    and what this year's same months came to, so no reader compares the year with half of the last."""
    rows = totals.by_unit[totals.by_unit["unit"] == unit.code].to_dict("records")
    year, freq = totals.period.year, totals.period.freq
    table: list[list[str]] = []
    notes: list[str] = []
    for n, r in enumerate(rows, 1):
        partial = not math.isnan(r["last_year"]) and r["matched"] < r["reported"] and bool(r["matched_months"])
        marker = f" ({len(notes) + 1})" if partial else ""
        table.append(_figure_row(n, r, marker, words))
        if partial:
            months = months_phrase(tuple(r["matched_months"]), freq)
            same = f"{fmt_number(r['value_matched_last_year'])} {r['measure']}"
            notes.append(f"({len(notes) + 1}) {r['label']}: so sánh {months}; các tháng này năm {year} đạt {same}.")
    headers = [
        "STT",
        "Chỉ tiêu",
        "ĐVT",
        "Kế hoạch năm",
        "Thực hiện",
        "% kế hoạch",
        f"Cùng kỳ năm {year - 1}",
        "Tăng, giảm",
    ]
    aligns = ["center", "left", "center", "right", "right", "right", "right", "right"]
    grid(doc, headers, [13, 42, 16, 19, 19, 17, 19, 20], table, aligns)  # "+21,9%" on one line
    rates = [Block("note", words["achievement_rates_note"])] if any(r["measure"].strip() == "%" for r in rows) else []
    return rates + [Block("note", note) for note in notes]


def _successor(totals: Totals, cfg: Config, unit: Unit, words: dict[str, str]) -> list[Block]:
    """A merged collective's "cùng kỳ" is its predecessors': said under its table."""
    own = [s for s in totals.successions if s.unit == unit.code]
    return [Block("note", note) for note in successor_notes(own, totals.period.year, cfg, words)]


def _award_rows(unit: Unit, standing: Standing, words: dict[str, str], pending: list[Pending]) -> list[list[str]]:
    rows = [[str(a.year), a.form, a.decision] for a in sorted(standing.awards, key=lambda a: a.year)]
    if not rows:
        pending.append(Pending(words["pending_no_awards"], standing.fix(unit, "awards")))
        rows = [["", words["to_fill"], ""]]
    return rows


def write_achievement(
    totals: Totals, cfg: Config, unit: Unit, standing: Standing, award: str, issued: date | None, target: Path
) -> list[Pending]:
    """Write one collective's báo cáo thành tích; returns what keeps it a draft. `totals` is the year to the
    period the scores stand on (a year not yet ended is said as such); `standing`, what the unit's profile
    says (sections I, II.2, II.3, III and who signs)."""
    words = cfg.wording()
    year, through = totals.period.year, totals.period
    pending = [] if issued else [Pending(words["pending_no_date"], "ghi year_end.proposal.issued trong config.yaml")]
    head_name = standing.profile.head_name or unit.head_name
    confirmation = confirmer(cfg, unit, words)
    missing = [] if head_name else [(f"thủ trưởng {unit.short_name}", standing.fix(unit, "head_name"))]
    pending += unsigned(missing + confirmation.missing, words)
    body_blocks = _profile(unit, standing, words, pending)
    later = _section_two(totals, cfg, unit, standing, words, pending)
    awards = _award_rows(unit, standing, words, pending)  # everything pending is known before the header says DỰ THẢO
    doc = new_document(cfg)
    subject = words["achievement_subject"].format(award=award, year=year)
    head = Heading("", issued, words["achievement_type"], subject, words["draft"] if pending else "", numbered=False)
    intro = [Block("para", words["achievement_name"].format(name=unit.name))]
    scope = words["achievement_scope"].format(year=year, through=through.label) if through.month < 12 else ""
    figures = [Block("h1", words["achievement_part_2"]), Block("h2", words["achievement_figures"])]
    figures.append(Block("para", words["achievement_figures_note"].format(scope=scope)))
    header(doc, cfg, head, issuer=unit.letterhead)
    body(doc, draft_note(pending, words) + intro + body_blocks + figures)
    notes = _figures(doc, totals, unit, words) + _successor(totals, cfg, unit, words)
    body(doc, notes + later + [Block("h1", words["achievement_part_3"])])
    headers = ["Năm", "Danh hiệu, hình thức khen thưởng", "Số, ngày quyết định; cơ quan ban hành"]
    grid(doc, headers, [20, 70, 75], awards, ["center", "left", "left"])
    signature_grid(doc, [(confirmation.titles, confirmation.name), (unit_signer(unit), head_name)], per_row=2)
    save(doc, cfg, target, head, author=unit.name)
    return pending


def _section_two(
    totals: Totals, cfg: Config, unit: Unit, standing: Standing, words: dict[str, str], pending: list[Pending]
) -> list[Block]:
    """After the table: the unit's own highlights and new models (its narratives), then II.2, the measures and
    causes, and II.3, the Party and mass-organisation work, from its profile (or marked to complete)."""
    own = attributed(cfg, totals.narratives[totals.narratives["unit"] == unit.code], {"highlights", "models"})
    blocks = []
    if own:
        blocks.append(Block("para", words["achievement_narratives"] + ":"))
        blocks += [Block("para", f"- {sentence(text.split(': ', 1)[-1])}") for text in own]
    for key, lines in (("measures", standing.profile.measures), ("party", standing.profile.party)):
        blocks += _profile_section(words[f"achievement_{key}"], lines, unit, standing, words, pending)
    return blocks


@dataclass(frozen=True)
class Confirmation:
    """Who confirms a report for the cluster: the block's title lines, the name under them ('' when
    config lacks it, with what is missing and where to write it), and how the dossier's index says it."""

    titles: list[str]
    name: str
    missing: list[tuple[str, str]]
    who: str  # "Cụm trưởng", "Cụm phó (ký thay Cụm trưởng)"


def confirmer(cfg: Config, unit: Unit, words: dict[str, str]) -> Confirmation:
    """The cluster's head; but when the collective is the head's own unit, the head would confirm their own
    report: the deputy head signs for the cluster (KT. CỤM TRƯỞNG / CỤM PHÓ), unless
    year_end.proposal.own_unit_confirmed_by says the statute keeps the head."""
    signer = cfg.report.signer
    proposal = cfg.year_end.proposal if cfg.year_end else None
    head = signer.title.capitalize()
    if not unit.leads or (proposal is not None and proposal.own_unit_confirmed_by == "chair"):
        titles = [words["achievement_confirm"], signer.authority, signer.title]
        missing = [] if signer.name else [(signer.title.lower(), "ghi report.signer.name")]
        return Confirmation(titles, signer.name, missing, head)
    vice = next((u for u in cfg.units if u.deputises), None)
    deputy = vice.role if vice else f"{cfg.cluster.word.lower()} phó"
    titles = [words["achievement_confirm"], f"KT. {signer.title}", deputy.upper()]
    who = words["achievement_confirmed_for"].format(deputy=deputy.capitalize(), head=head)
    if vice is None:
        return Confirmation(titles, "", [(deputy, f"ghi role: {deputy} cho đơn vị được bầu trong config.yaml")], who)
    fix = f"ghi units[].head_name của {vice.code} trong config.yaml"
    missing = [] if vice.head_name else [(f"{deputy}, thủ trưởng {vice.short_name}", fix)]
    return Confirmation(titles, vice.head_name, missing, who)
