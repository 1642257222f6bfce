"""The report's fixed wording: defaults shipped in assets/wording.yaml, overridable key by key in config."""

from __future__ import annotations

import functools
import string
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from thidua.config import Config

WORDING_FILE = Path(__file__).parent / "assets" / "wording.yaml"


@functools.cache
def default_wording() -> dict[str, str]:
    data = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    return {k: unicodedata.normalize("NFC", str(v)).strip() for k, v in data.items()}


def wording(cfg: Config) -> dict[str, str]:
    """The report's fixed wording: package defaults, overridden key by key from config."""
    texts = {**default_wording(), **cfg.report.wording}
    return {k: v.replace("{group}", cfg.cluster.word) for k, v in texts.items()}


def placeholders(text: str) -> set[str] | None:
    """The {names} a wording or phrase template uses; None when its braces do not match."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None
