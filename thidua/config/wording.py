"""Placeholders in configurable wording: which {names} a template uses."""

from __future__ import annotations

import string


def placeholders(text: str) -> set[str] | None:
    """The {names} a wording or phrase template uses; None when its braces do not match."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None
