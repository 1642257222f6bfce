"""Config problems in Vietnamese with their YAML paths: the error type, and pydantic's errors translated."""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from thidua.config.messages import PYDANTIC_MESSAGES

Problem = tuple[str, str]  # (YAML path, Vietnamese message)
Model = TypeVar("Model", bound=BaseModel)


class ConfigError(Exception):
    """Raised once with every problem found; each problem is (yaml_path, Vietnamese message)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"{p}: {m}" if p else m for p, m in problems))


def suggest(value: str, choices: list[str]) -> str:
    """' Có phải ý bạn là “X”?' for the closest known name, or ''."""
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{close[0]}”?" if close else ""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def pydantic_problems(err: ValidationError, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = e["loc"]
        template = PYDANTIC_MESSAGES.get(e["type"], "giá trị không hợp lệ.")
        msg = template.format(msg=e["msg"], ctx=_context(e.get("ctx") or {}), input=e.get("input"))
        if e["type"] == "extra_forbidden":
            msg += suggest(str(loc[-1]), _fields_at(model, loc[:-1]))
        problems.append((_path(loc), msg))
    return problems


def _context(ctx: dict[str, Any]) -> dict[str, Any]:
    """pydantic's context in Vietnamese: the choices of a literal ("'month' or 'quarter'") as “month”, “quarter”."""
    if isinstance(ctx.get("expected"), str):
        choices = re.findall(r"'([^']*)'", ctx["expected"])
        ctx = {**ctx, "expected": ", ".join(f"“{c}”" for c in choices) or ctx["expected"]}
    return ctx


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


def validated(model: type[Model], data: Any, what: str) -> Model:
    """`data` read from YAML as a `model`; ConfigError with every problem, pydantic's translated, and one
    saying so when the file (`what`: "tệp cấu hình") is not a mapping at all."""
    if not isinstance(data, dict):
        raise ConfigError([("", f"{what} phải là một bảng khóa: giá trị (YAML mapping).")])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ConfigError(pydantic_problems(err, model)) from None
