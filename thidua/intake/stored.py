"""A file's checked outcome as JSON, to be kept between runs (the portal's cache in its database).

Data, not code: a pickle runs whatever its bytes say when loaded, so anyone able to write the cache could
run code in the portal. Here decoding only ever builds the intake's own record types, field by field,
and the handful of value types a return holds (dates, times, decimals, paths, tuples, sets). Anything
else in the bytes is refused with ValueError, and the caller checks the file again.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from thidua.findings import Finding
from thidua.intake.read import RawBook
from thidua.intake.returns import Outcome
from thidua.intake.submission import Submission, YearDoc
from thidua.periods import Period

RECORDS: dict[str, type] = {cls.__name__: cls for cls in (Outcome, Submission, YearDoc, RawBook, Finding, Period)}
FORMAT = 2  # bump when the encoding changes: older entries are then re-checked, never misread


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what JSON holds as it is: most of a return's values
_FIELD_NAMES = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in RECORDS.values()}


def _encode(value: Any) -> Any:
    # Plain values are passed over where they sit (most of a return's values are): a call for each would
    # be most of the encoding's time, which every worker spends on every file it checks.
    if (names := _FIELD_NAMES.get(type(value))) is not None:
        record = {"$record": type(value).__name__}
        for name in names:
            field = getattr(value, name)
            record[name] = field if type(field) in _PLAIN else _encode(field)
        return record
    if isinstance(value, list):
        return [v if type(v) in _PLAIN else _encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):  # "$…" keys are our tags
            return {"$pairs": [[_encode(k), _encode(v)] for k, v in value.items()]}
        return {k: v if type(v) in _PLAIN else _encode(v) for k, v in value.items()}
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Path):
        return {"$path": str(value)}
    if isinstance(value, tuple):
        return {"$tuple": [_encode(v) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [_encode(v) for v in sorted(value, key=repr)]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if dataclasses.is_dataclass(value):
        raise TypeError(f"not a stored record: {type(value).__name__}")
    raise TypeError(f"cannot store a {type(value).__name__}")


# Each tag's value arrives decoded already: json calls _hook on the innermost objects first.
TAGS: dict[str, Callable[[Any], Any]] = {
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$decimal": Decimal,
    "$path": Path,
    "$tuple": tuple,
    "$set": set,
    "$pairs": lambda pairs: {k: v for k, v in pairs},
}


FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in RECORDS.items()}


def _record(data: dict[str, Any]) -> Any:
    name = data.pop("$record")
    cls = RECORDS.get(name)
    if cls is None:
        raise ValueError("unknown record type")
    if not FIELDS[name].issuperset(data):
        raise ValueError(f"unknown fields for {cls.__name__}")
    return cls(**data)


def _hook(value: dict[str, Any]) -> Any:
    """One JSON object → the record or value it encodes (json's object_hook: a loop in C calls it, which
    is several times faster than walking the decoded tree again in Python)."""
    if "$record" in value:
        return _record(value)
    if len(value) == 1:  # a tag is an object of one key; a plain object never has a "$…" key (_encode)
        (tag,) = value
        if tag[:1] == "$":
            if tag not in TAGS:
                raise ValueError(f"unknown tag {tag}")
            return TAGS[tag](value[tag])
    return value


def dumps(outcome: Outcome) -> str:
    return json.dumps({"format": FORMAT, "outcome": _encode(outcome)}, ensure_ascii=False)


def loads(data: str | bytes) -> Outcome:
    """The outcome `dumps` wrote; ValueError for anything else (another format, a foreign type, garbage)."""
    try:
        stored = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data, object_hook=_hook)
        if not isinstance(stored, dict) or stored.get("format") != FORMAT:
            raise ValueError("another format")
        outcome = stored["outcome"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(str(error)) from error
    if not isinstance(outcome, Outcome):
        raise ValueError("not an outcome")
    return outcome
