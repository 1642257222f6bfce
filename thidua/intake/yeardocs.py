"""The year's workbooks across files: the copy that counts per kind and unit, and the targets that follow
from the registrations, with config.yaml's `targets` still overriding (and saying so)."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding
from thidua.intake.arrival import Arrivals, order_key, said
from thidua.intake.submission import YearDoc
from thidua.numbers import fmt_number

Chosen = dict[tuple[str, str], YearDoc]  # (kind, unit) → the copy that counts


def latest(docs: list[YearDoc], when: Arrivals) -> tuple[Chosen, list[Finding]]:
    """Per kind and unit the copy submitted last, by the same order as monthly returns (intake/arrival.py);
    the others are reported as superseded."""
    chosen: Chosen = {}
    for doc in sorted(docs, key=lambda d: order_key(d.book, when[d.book.name])):
        chosen[(doc.kind, doc.unit)] = doc
    findings = []
    for doc in docs:
        kept = chosen[(doc.kind, doc.unit)]
        if kept is not doc:
            what = layout.YEAR_KINDS[doc.kind]
            message = (
                f"Đã có bản khác của {what} gửi sau ({said(when[kept.book.name])}): “{kept.book.name}”; bản này "
                "không được dùng."
            )
            findings.append(Finding("FILE_SUPERSEDED", message, doc.unit, str(doc.year), doc.book.name))
    return chosen, findings


def _overridden(cfg: Config, unit: str, code: str, registered: dict[str, Any], value: float) -> Finding:
    ind = next(i for i in cfg.indicators if i.code == code)
    name = cfg.unit(unit).short_name
    message = (
        f"Kế hoạch năm “{ind.label}” của {name}: đơn vị đăng ký {fmt_number(registered['value'])} {ind.measure}, "
        f"config.yaml (mục targets) ghi {fmt_number(value)} {ind.measure}; dùng số trong config.yaml."
    )
    sheet = layout.SHEET_REGISTRATION
    return Finding(
        "TARGET_OVERRIDDEN", message, unit, str(cfg.reporting.year), registered["file"], sheet, registered["cell"]
    )


def targets(chosen: Chosen, cfg: Config) -> tuple[list[dict[str, Any]], list[Finding]]:
    """(unit, code) → target: the registered plan, unless config.yaml's `targets` gives one."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for (kind, unit), doc in chosen.items():
        if kind == layout.REGISTRATION_ID:
            for row in doc.rows:
                found[(unit, row["code"])] = {"unit": unit, "code": row["code"], "target": row["value"]}
                found[(unit, row["code"])] |= {"source": "đăng ký", "file": doc.book.name, "cell": row["cell"]}
    findings = []
    for unit, values in cfg.targets.items():
        for code, value in values.items():
            registered = found.get((unit, code))
            if registered and registered["target"] != value:
                findings.append(_overridden(cfg, unit, code, registered | {"value": registered["target"]}, value))
            found[(unit, code)] = {"unit": unit, "code": code, "target": value, "source": "config.yaml"}
            found[(unit, code)] |= {"file": "", "cell": ""}
    return list(found.values()), findings


def unregistered(chosen: Chosen, cfg: Config, today: date) -> list[Finding]:
    """Member units that have neither sent a registration nor have targets in config.yaml; a unit that
    joins later in the year registers when it joins, so it is not asked before."""
    if cfg.year_end is None:
        return []
    sent = {unit for kind, unit in chosen if kind == layout.REGISTRATION_ID}
    year = cfg.reporting.year
    return [
        Finding(
            "REGISTRATION_MISSING",
            f"{u.short_name} chưa gửi bản đăng ký thi đua năm {year}; chưa có kế hoạch năm để so sánh và chấm điểm.",
            u.code,
            str(year),
        )
        for u in cfg.units
        if u.code not in sent
        and u.code not in cfg.targets
        and cfg.is_member(u.code, date(year, 12, 31), date(year + 1, 1, 1))
        and (u.member_from is None or u.member_from <= today)
    ]
