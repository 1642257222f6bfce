"""The narratives and commendations sheets of a Submission: text cleaned, choices and counts checked."""

from __future__ import annotations

import difflib
from typing import Any

from thidua import layout
from thidua.config import Config
from thidua.intake.submission import Submission, check_text, sheet_rows
from thidua.numbers import parse_number
from thidua.strings import clean_text


def read_narratives(sub: Submission, cfg: Config) -> None:
    rows = sheet_rows(sub, layout.SHEET_NARRATIVES)
    if rows is None:
        return
    codes = {n.code for n in cfg.narratives}
    for r, row in enumerate(rows):
        code = clean_text(row[layout.NAR_CODE_COL]) if row else ""
        if code in codes and len(row) > layout.NAR_TEXT_COL and (text := clean_text(row[layout.NAR_TEXT_COL])):
            cell = layout.a1(r, layout.NAR_TEXT_COL)
            text = check_text(sub, text, layout.SHEET_NARRATIVES, cell, layout.NARRATIVE_MAX_CHARS)
            sub.narratives.append({"section": code, "text": text, "cell": cell})


def _count(sub: Submission, raw: Any, cell: str) -> int | None:
    if raw in ("", None):
        return 0
    parsed = parse_number(raw, integer=True)
    if parsed.value is None or parsed.value < 0 or not parsed.value.is_integer():
        sub.add(
            "CELL_NOT_NUMBER",
            f"Số tập thể, cá nhân phải là số nguyên không âm, không phải “{raw}”.",
            layout.SHEET_COMMENDATIONS,
            cell,
            raw,
        )
        return None
    return int(parsed.value)


def read_commendations(sub: Submission, cfg: Config) -> None:
    rows = sheet_rows(sub, layout.SHEET_COMMENDATIONS)
    if rows is None:
        return
    sheet = layout.SHEET_COMMENDATIONS
    for r in range(layout.HEADER_ROW + 1, len(rows)):
        row = [*rows[r], *[""] * 6][:6]
        if not any(v not in ("", None) for v in row[1:]):
            continue  # most of the 30 rows are left empty
        form, level, note = (clean_text(row[i]) for i in (layout.COM_FORM, layout.COM_LEVEL, layout.COM_NOTE))
        if not any([form, level, note, row[layout.COM_COLLECTIVES], row[layout.COM_INDIVIDUALS]]):
            continue
        for value, choices, col, what in (
            (form, cfg.commendation_forms, layout.COM_FORM, "hình thức khen thưởng"),
            (level, cfg.commendation_levels, layout.COM_LEVEL, "cấp khen"),
        ):
            if value not in choices:
                close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
                hint = f" Có phải là “{close[0]}”?" if close else ""
                sub.add(
                    "CELL_NOT_IN_CHOICES",
                    f"“{value or '(trống)'}” không có trong danh sách {what}; hãy chọn trong "
                    f"danh sách thả xuống.{hint}",
                    sheet,
                    layout.a1(r, col),
                    value,
                )
        coll = _count(sub, row[layout.COM_COLLECTIVES], layout.a1(r, layout.COM_COLLECTIVES))
        indiv = _count(sub, row[layout.COM_INDIVIDUALS], layout.a1(r, layout.COM_INDIVIDUALS))
        note = check_text(sub, note, sheet, layout.a1(r, layout.COM_NOTE), layout.NOTE_MAX_CHARS) if note else ""
        sub.commendations.append(
            {
                "form": form,
                "level": level,
                "collectives": coll,
                "individuals": indiv,
                "note": note,
                "cell": layout.a1(r, layout.COM_FORM),
                "row": r,
            }
        )
