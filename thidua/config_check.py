"""Config problems in Vietnamese with their YAML paths: pydantic's errors translated, references cross-checked."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from thidua.messages import PYDANTIC_MESSAGES
from thidua.wording import default_wording

if TYPE_CHECKING:
    from thidua.config import Config


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{close[0]}”?" if close else ""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def pydantic_problems(err: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
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


def cross_check(cfg: Config) -> list[tuple[str, str]]:
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
