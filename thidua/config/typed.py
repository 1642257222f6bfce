"""config.yaml changed by a command the way an office would change it by hand: the office's own text kept
around each change (its comments, key order, flow lists, quoting, line lengths), through ruamel.yaml's
round trip. PyYAML, which reads every config, cannot write a comment back: next year's config.yaml came
out without one of the example's 48 explanations and with long lines folded mid-sentence."""

from __future__ import annotations

import io
from typing import Any


def _typed() -> Any:
    from ruamel.yaml import YAML  # imported here: only a command that writes a config needs it

    typed = YAML()  # round trip, YAML 1.2: as thidua reads it, only true and false are booleans
    typed.width = 4096  # a long Vietnamese line stays one line, as typed
    typed.preserve_quotes = True
    return typed


def typed_data(text: str) -> Any:
    """The YAML `text` as data that remembers how it was typed (mappings and lists behave as dict and list)."""
    return _typed().load(text)


def typed_text(data: Any, like: str) -> str:
    """`data` (from typed_data, then changed) as YAML text laid out as `like`, the text it was read from:
    the same indentation of a mapping under its key, and of a list's "- " under its key."""
    mapping, offset = _layout(like)
    typed = _typed()
    typed.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    out = io.StringIO()
    typed.dump(data, out)
    return out.getvalue()


def _layout(text: str) -> tuple[int, int]:
    """How far `text` indents a mapping under its key, and a list's "- " under its key (ruamel's own guess
    takes one for the other in a file that indents both by two): the first of each, else 2 and 0."""
    mapping = offset = None
    above: tuple[int, str] | None = None  # the last line with content: its indent and what it says
    for line in text.splitlines():
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        if above is not None and above[1].endswith(":") and indent > above[0]:
            step = indent - above[0]
            if content.startswith("- "):
                offset = step if offset is None else offset
            else:
                mapping = step if mapping is None else mapping
        above = (indent, content.split(" #")[0].rstrip())
    return mapping or 2, offset or 0
