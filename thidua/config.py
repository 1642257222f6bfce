"""config.yaml → validated, immutable Config; every problem reported in Vietnamese with its YAML path."""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from thidua.messages import PYDANTIC_MESSAGES


class ConfigError(Exception):
    """Raised once with every problem found; each problem is (yaml_path, Vietnamese message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{p}: {m}" if p else m for p, m in problems))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Model(BaseModel):
    # Unknown keys are typos far more often than extensions: refuse them.
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, list):
            return [nfc(v) if isinstance(v, str) else v for v in value]
        return value


class Cluster(_Model):
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    province: str = Field(min_length=2)
    kind: Literal["cụm", "khối"] = "cụm"

    @property
    def word(self) -> str:
        """'Cụm' or 'Khối', as prose names the group: "các đơn vị trong Cụm"."""
        return self.kind.capitalize()


class Reporting(_Model):
    frequency: Literal["month", "quarter"] = "month"
    deadline_day: int = Field(default=20, ge=1, le=28)
    year: int = Field(ge=2000, le=2100)


class Unit(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    role: Literal["cụm trưởng", "cụm phó", "khối trưởng", "khối phó", "thành viên"] = "thành viên"
    letterhead: list[str] = Field(min_length=1, max_length=3)
    symbol: str = Field(min_length=1)
    member_from: date | None = None
    member_until: date | None = None


class Movement(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,19}$")
    kind: Literal["phong trào", "cuộc vận động"] = "phong trào"
    name: str = Field(min_length=3)
    # Combined phrases, e.g. "đã vận động được {NTM_HO} hộ dân hiến {NTM_DAT} đất".
    phrases: list[str] = []


class Indicator(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,29}$")
    label: str = Field(min_length=3)
    measure: str = Field(min_length=1)
    type: Literal["integer", "decimal"] = "integer"
    min: float = 0
    max: float | None = None
    rollup: Literal["sum", "last", "max"] = "sum"
    required: bool = False
    movement: str
    units: list[str] = Field(min_length=1)
    phrase: str = Field(min_length=3)


class Rule(_Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,29}$")
    kind: Literal["le", "requires"]
    left: str
    right: str
    message: str = Field(min_length=5)


class Narrative(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,29}$")
    label: str = Field(min_length=3)
    # Where the report places it: the skeleton of a review report is fixed, its wording is not.
    section: Literal["leadership", "highlights", "models", "shortcomings", "proposals"]


class WindowText(_Model):
    """What the chair writes for one report (opening, assessment, tasks) — prose no figure can give."""

    issued: date | None = None
    number: int | None = Field(default=None, ge=1, le=9999)
    opening: str | None = None
    strengths: list[str] = []
    causes: list[str] = []
    tasks: list[str] = []
    solutions: list[str] = []
    proposals: list[str] = []


class Signer(_Model):
    authority: str
    title: str
    subtitle: str = ""
    name: str


class Report(_Model):
    place: str
    symbol: str
    issuer: list[str] = Field(min_length=1, max_length=3)
    signer: Signer
    recipients: list[str] = Field(min_length=1)
    archive: str
    approximate: bool = True
    approximate_from: int = Field(default=1000, ge=10)
    opening: str
    template: str | None = None  # a Word file holding the styles; default: thidua/assets/mau-bao-cao.docx
    wording: dict[str, str] = {}  # overrides of thidua/assets/wording.yaml
    # Keyed "<kind>-<period>", e.g. "6thang-2023-06"; "default" applies to every report.
    texts: dict[str, WindowText] = {}


class Config(_Model):
    cluster: Cluster
    reporting: Reporting
    units: list[Unit] = Field(min_length=1)
    movements: list[Movement] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    narratives: list[Narrative] = Field(min_length=1)
    commendation_forms: list[str] = Field(min_length=1)
    commendation_levels: list[str] = Field(min_length=1)
    targets: dict[str, dict[str, float]] = {}
    rules: list[Rule] = []
    plausibility_factor: float = Field(default=5.0, gt=1)
    report: Report

    @functools.cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def unit(self, code: str) -> Unit:
        return self._units_by_code[code]

    def is_member(self, unit_code: str, first_day: date, day_after: date) -> bool:
        """Whether the unit belonged to the cluster at some time in [first_day, day_after)."""
        unit = self.unit(unit_code)
        return (unit.member_from is None or unit.member_from < day_after) and (
            unit.member_until is None or unit.member_until >= first_day
        )

    def indicators_for(self, unit_code: str) -> list[Indicator]:
        return [i for i in self.indicators if unit_code in i.units]

    @functools.cached_property
    def catalogue_hash(self) -> str:
        """Changes whenever a template's figures layout would change."""
        payload = [(i.code, i.label, i.measure, i.type, i.units) for i in self.indicators]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()[:12]


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{close[0]}”?" if close else ""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_problems(err: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    problems = []
    for e in err.errors():
        loc = e["loc"]
        template = PYDANTIC_MESSAGES.get(e["type"], "giá trị không hợp lệ ({msg}).")
        msg = template.format(msg=e["msg"], ctx=e.get("ctx") or {}, input=e.get("input"))
        if e["type"] == "extra_forbidden":
            msg += _suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
        problems.append((_path(loc), msg))
    return problems


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Known keys of the model at a YAML path, for close-match suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        current = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if current is None:
            return []
    return list(current.model_fields)


def _duplicates(items: list[Any], section: str) -> list[tuple[str, str]]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        if item.code in seen:
            out.append((f"{section}[{i}].code", f"mã “{item.code}” bị trùng với {section}[{seen[item.code]}]."))
        seen.setdefault(item.code, i)
    return out


def _cross_check(cfg: Config) -> list[tuple[str, str]]:
    units = [u.code for u in cfg.units]
    movements = [m.code for m in cfg.movements]
    indicators = [i.code for i in cfg.indicators]
    problems = _duplicates(cfg.units, "units") + _duplicates(cfg.movements, "movements")
    problems += _duplicates(cfg.indicators, "indicators")
    for i, ind in enumerate(cfg.indicators):
        if ind.movement not in movements:
            problems.append(
                (
                    f"indicators[{i}].movement",
                    f"không có phong trào mã “{ind.movement}”.{_suggest(ind.movement, movements)}",
                )
            )
        for j, code in enumerate(ind.units):
            if code not in units:
                problems.append((f"indicators[{i}].units[{j}]", f"không có đơn vị mã “{code}”.{_suggest(code, units)}"))
        if ind.max is not None and ind.max < ind.min:
            problems.append((f"indicators[{i}].max", "giá trị tối đa nhỏ hơn giá trị tối thiểu."))
    for m, mov in enumerate(cfg.movements):
        if not any(ind.movement == mov.code for ind in cfg.indicators):
            problems.append((f"movements[{m}]", f"phong trào “{mov.code}” chưa có chỉ tiêu nào."))
    for unit_code, targets in cfg.targets.items():
        if unit_code not in units:
            problems.append((f"targets.{unit_code}", f"không có đơn vị mã “{unit_code}”.{_suggest(unit_code, units)}"))
        for code in targets:
            if code not in indicators:
                problems.append(
                    (f"targets.{unit_code}.{code}", f"không có chỉ tiêu mã “{code}”.{_suggest(code, indicators)}")
                )
    known = list(default_wording())
    for key in cfg.report.wording:
        if key not in known:
            problems.append((f"report.wording.{key}", f"không có lời văn nào tên “{key}”.{_suggest(key, known)}"))
    for key in cfg.report.texts:
        if key != "default" and not re.fullmatch(r"(thang|quy|6thang|nam)-\d{4}-(\d{2}|Q[1-4])", key):
            problems.append(
                (f"report.texts.{key}", "khóa phải có dạng <loại>-<kỳ>, ví dụ 6thang-2023-06, hoặc “default”.")
            )
    for r, rule in enumerate(cfg.rules):
        for side in ("left", "right"):
            code = getattr(rule, side)
            if code not in indicators:
                problems.append((f"rules[{r}].{side}", f"không có chỉ tiêu mã “{code}”.{_suggest(code, indicators)}"))
    return problems


def parse_config(data: Any) -> Config:
    """Validate already-parsed YAML data; raise ConfigError listing every problem."""
    if not isinstance(data, dict):
        raise ConfigError([("", "tệp cấu hình phải là một bảng khóa: giá trị (YAML mapping).")])
    try:
        cfg = Config.model_validate(data)
    except ValidationError as err:
        raise ConfigError(_pydantic_problems(err, Config)) from None
    problems = _cross_check(cfg)
    if problems:
        raise ConfigError(problems)
    return cfg


WORDING_FILE = Path(__file__).parent / "assets" / "wording.yaml"


@functools.cache
def default_wording() -> dict[str, str]:
    data = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    return {k: nfc(str(v)) for k, v in data.items()}


def wording(cfg: Config) -> dict[str, str]:
    """The report's fixed wording: package defaults, overridden key by key from config."""
    texts = {**default_wording(), **cfg.report.wording}
    return {k: v.replace("{group}", cfg.cluster.word) for k, v in texts.items()}


def load_config(path: Path) -> Config:
    """Read and validate config.yaml; the only place that touches the config file."""
    if not path.is_file():
        raise ConfigError([("", f"không tìm thấy tệp cấu hình “{path}”.")])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        raise ConfigError([("", f"tệp “{path.name}” không đúng cú pháp YAML{where}.")]) from None
    except UnicodeDecodeError:
        raise ConfigError([("", f"tệp “{path.name}” phải lưu với mã UTF-8.")]) from None
    return parse_config(data)
