"""The return as a web form: the same catalogue as the Excel template (each indicator the unit reports,
grouped by movement, the narratives, the commendation rows), and the same reader behind it. What the form
receives is written into the unit's template (workbooks/template.py's Filled), then checked by the intake
exactly as an uploaded file is: the same rules, the same finding codes, each found beside the field whose
cell it names. A draft is kept on the server; a return with no error left is stored as a file of the
template, so the office, the command line and every report read it as they read Excel's."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config, Unit
from thidua.findings import ERROR, Finding
from thidua.numbers import parse_number
from thidua.periods import Period
from thidua.workbooks.template import Filled, write_template

COMMENDATION_ROWS = 5  # on the form; the template has 30, and "thêm dòng" keeps the typed ones
COMMENDATION_PARTS = ("hinh-thuc", "cap", "tap-the", "ca-nhan", "ghi-chu")  # columns B–F of the sheet
DRAFTS = "nhap"  # in the portal's state folder: <unit>/<period>.json


@dataclass(frozen=True)
class Field:
    key: str  # the form's name: "so-lieu-NTM_HO", "ghi-chu-NTM_HO", "thuyet-minh-LANH_DAO", "kt-1-cap"
    label: str
    kind: str  # "integer", "decimal", "note", "long" (a narrative), "choice", "count"
    measure: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[Field, ...]


def groups(cfg: Config, unit: Unit) -> list[Group]:
    """The form's sections, in the template's order: one per movement, then the narratives, then the
    commendation rows."""
    out = []
    for movement in cfg.movements:
        indicators = [i for i in cfg.indicators_for(unit.code) if i.movement == movement.code]
        if not indicators:
            continue
        fields = []
        for ind in indicators:
            bounds = f"từ {ind.min:g}" + (f" đến {ind.max:g}" if ind.max is not None else "")
            hint = f"{'Số nguyên' if ind.type == 'integer' else 'Số, được có phần thập phân'} {bounds} ({ind.measure})"
            fields.append(Field(f"so-lieu-{ind.code}", ind.label, ind.type, ind.measure, ind.required, hint=hint))
            fields.append(Field(f"ghi-chu-{ind.code}", f"Ghi chú: {ind.label}", "note"))
        out.append(Group(movement.name, tuple(fields)))
    narratives = tuple(Field(f"thuyet-minh-{n.code}", n.label, "long") for n in cfg.narratives)
    out.append(Group("Thuyết minh", narratives))
    rows = []
    for n in range(1, COMMENDATION_ROWS + 1):
        rows += [
            Field(f"kt-{n}-hinh-thuc", f"Khen thưởng {n}: hình thức", "choice", choices=tuple(cfg.commendation_forms)),
            Field(f"kt-{n}-cap", f"Khen thưởng {n}: cấp khen", "choice", choices=tuple(cfg.commendation_levels)),
            Field(f"kt-{n}-tap-the", f"Khen thưởng {n}: số tập thể", "count"),
            Field(f"kt-{n}-ca-nhan", f"Khen thưởng {n}: số cá nhân", "count"),
            Field(f"kt-{n}-ghi-chu", f"Khen thưởng {n}: tên tập thể, cá nhân; số quyết định", "note"),
        ]
    out.append(Group("Khen thưởng trong kỳ", tuple(rows)))
    return out


def typed_of(form: Mapping[str, str], fields: list[Field]) -> dict[str, str]:
    """What the clerk typed, field by field (never more than the form has, never longer than a cell holds)."""
    limit = {"long": layout.NARRATIVE_MAX_CHARS + 1, "note": layout.NOTE_MAX_CHARS + 1}
    return {f.key: str(form.get(f.key, "")).strip()[: limit.get(f.kind, 200)] for f in fields}


def _value(text: str, integer: bool, measure: str) -> float | str:
    """A typed number as Vietnamese clerks type it ("1.300", "12,5"); what is not one is kept as typed, for
    the reader to say why (as it says of the same text in an Excel cell)."""
    if not text:
        return ""
    parsed = parse_number(text, integer, measure)
    return parsed.value if parsed.value is not None else text


def filled(cfg: Config, unit: Unit, typed: dict[str, str]) -> Filled:
    measures = {i.code: i for i in cfg.indicators_for(unit.code)}
    figures = {c: _value(typed.get(f"so-lieu-{c}", ""), i.type == "integer", i.measure) for c, i in measures.items()}
    notes = {c: typed.get(f"ghi-chu-{c}", "") for c in measures}
    narratives = {n.code: typed.get(f"thuyet-minh-{n.code}", "") for n in cfg.narratives}
    rows = []
    for n in range(1, COMMENDATION_ROWS + 1):
        parts = [typed.get(f"kt-{n}-{part}", "") for part in COMMENDATION_PARTS]
        if any(parts):
            counts = [_value(p, True, "") for p in parts[2:4]]
            rows.append((parts[0], parts[1], counts[0], counts[1], parts[4]))
    return Filled({c: v for c, v in figures.items() if v != ""}, notes, narratives, rows)


def return_bytes(cfg: Config, unit: Unit, period: Period, values: Filled) -> tuple[bytes, dict[str, int]]:
    """The return as the template's file, and each indicator's row in it."""
    with tempfile.TemporaryDirectory(prefix="bieu-mau-web-") as folder:
        path = Path(folder) / "return.xlsx"
        rows = write_template(cfg, unit, period, path, values)
        return path.read_bytes(), rows


def cell_fields(cfg: Config, rows: dict[str, int]) -> dict[tuple[str, str], str]:
    """(sheet, cell) → the field it was written from: where each finding belongs on the form. `rows`: the
    indicators' rows as the template wrote them."""
    out: dict[tuple[str, str], str] = {}
    for code, row in rows.items():
        out[(layout.SHEET_FIGURES, layout.a1(row, 4))] = f"so-lieu-{code}"
        out[(layout.SHEET_FIGURES, layout.a1(row, 5))] = f"ghi-chu-{code}"
    for n, item in enumerate(cfg.narratives, layout.HEADER_ROW + 1):
        out[(layout.SHEET_NARRATIVES, layout.a1(n, layout.NAR_TEXT_COL))] = f"thuyet-minh-{item.code}"
    for n in range(1, COMMENDATION_ROWS + 1):
        for part, col in zip(COMMENDATION_PARTS, layout.COM_COLUMNS, strict=True):
            out[(layout.SHEET_COMMENDATIONS, layout.a1(layout.HEADER_ROW + n, col))] = f"kt-{n}-{part}"
    return out


def placed(
    findings: list[Finding], cells: dict[tuple[str, str], str]
) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """The findings by field, and those that name no field (the return as a whole, a rule between two)."""
    by_field: dict[str, list[Finding]] = {}
    general = []
    for f in findings:
        key = cells.get((f.sheet, f.cell))
        if key is None:
            general.append(f)
        else:
            by_field.setdefault(key, []).append(f)
    return by_field, general


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


# --- drafts -------------------------------------------------------------------------------------------
def _draft_path(state: Path, unit: str, period: Period) -> Path:
    assert re.fullmatch(r"[A-Z][A-Z0-9_]{1,19}", unit), unit  # a unit code of config, never a path
    return state / DRAFTS / unit / f"{period.key}.json"


def save_draft(state: Path, unit: str, period: Period, typed: dict[str, str], when: str) -> None:
    path = _draft_path(state, unit, period)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps({"saved": when, "typed": typed}, ensure_ascii=False), encoding="utf-8")


def load_draft(state: Path, unit: str, period: Period) -> tuple[dict[str, str], str]:
    """(what was typed, when it was saved) of the unit's draft for the period, or ({}, "")."""
    path = _draft_path(state, unit, period)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data["typed"].items()}, str(data["saved"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, ""


def drop_draft(state: Path, unit: str, period: Period) -> None:
    _draft_path(state, unit, period).unlink(missing_ok=True)
