"""The base of every config model: frozen, unknown keys refused, text NFC-normalised, and a number typed
with thousands separators (500.000) refused where a number is expected rather than read as 500."""

from __future__ import annotations

import types
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from thidua.strings import nfc


class Grouped(str):
    """A scalar typed like 500.000 or 1.000.000: a number with "." between its thousands, as Vietnamese
    writes 500000. YAML itself reads 500.000 as the decimal 500.0 (config/load.py gives it this type first)."""


def _numeric(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(map(_numeric, get_args(annotation)))
    return annotation in (int, float, Decimal)


class _Model(BaseModel):
    # Unknown keys are typos far more often than extensions: refuse them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, Grouped):
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _numeric(field.annotation):  # a max of 500.000 read as 500: say so
                raise PydanticCustomError("grouped_number", "thousands separators", {"joined": value.replace(".", "")})
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, list):
            return [nfc(v) if isinstance(v, str) else v for v in value]
        return value
