"""The base of every config model: frozen, unknown keys refused, text NFC-normalised."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from thidua.strings import nfc


class _Model(BaseModel):
    # Unknown keys are typos far more often than extensions: refuse them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @field_validator("*", mode="before")
    @classmethod
    def _normalise_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, list):
            return [nfc(v) if isinstance(v, str) else v for v in value]
        return value
