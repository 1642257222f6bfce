"""A computed scoring line's basis (scoring/basis.py) in words: the same sentence in the scoring workbook,
the self-scoring template, the findings and the minutes."""

from __future__ import annotations

from functools import singledispatch

from thidua.numbers import fmt_number, fmt_percent, with_measure
from thidua.scoring.basis import (
    AgainstPlan,
    AsRecorded,
    Basis,
    DataMissing,
    FromIndicator,
    IndicatorMissing,
    NoPlan,
    Occurrences,
    PlanRow,
    Timeliness,
)
from thidua.strings import and_joined


def basis_text(basis: Basis | None, words: dict[str, str]) -> str:
    """The basis as a sentence ('' when the line has none: a self-scored line)."""
    return "" if basis is None else _said(basis, words)


@singledispatch
def _said(basis: object, words: dict[str, str]) -> str:
    raise TypeError(f"no words for {type(basis).__name__}")


@_said.register
def _(basis: NoPlan, words: dict[str, str]) -> str:
    return words["basis_no_plan"]


@_said.register
def _(basis: DataMissing, words: dict[str, str]) -> str:
    gaps = [
        words["basis_gap"].format(label=g.label, periods=", ".join(g.periods) or words["basis_gap_last"])
        for g in basis.gaps
    ]
    return words["basis_data_missing"].format(through=basis.through, gaps="; ".join(gaps))


def _row(row: PlanRow, words: dict[str, str]) -> str:
    notes = []
    if row.share is not None:
        done, whole = row.share
        notes.append(words["basis_plan_share"].format(done=done, whole=whole, plan=fmt_number(row.plan)))
    if row.percent is not None:
        lead = ""
        if row.leads:
            lead = ", " + words["basis_plan_leads"]
        elif row.behind is not None:
            value = with_measure(fmt_number(row.behind.value), row.measure)
            lead = ", " + words["basis_plan_behind"].format(value=value, who=and_joined(list(row.behind.names)))
        notes.append(fmt_percent(row.percent) + lead)
    shown = f" ({'; '.join(notes)})" if notes else ""
    target = with_measure(fmt_number(row.target), row.measure)
    return words["basis_plan_row"].format(
        label=row.label, value=fmt_number(row.value), target=target, notes=shown, points=fmt_number(row.points)
    )


@_said.register
def _(basis: AgainstPlan, words: dict[str, str]) -> str:
    rows = "; ".join(_row(r, words) for r in basis.rows)
    return words["basis_against_plan"].format(rows=rows, each=fmt_number(basis.each))


@_said.register
def _(basis: Timeliness, words: dict[str, str]) -> str:
    parts = [words["basis_on_time"].format(n=basis.on_time)]
    for key, n in (("basis_late", basis.late), ("basis_missing", basis.missing), ("basis_undated", basis.undated)):
        if n:
            parts.append(words[key].format(n=n))
    return words["basis_timeliness"].format(through=basis.through, owed=basis.owed, parts=", ".join(parts))


@_said.register
def _(basis: IndicatorMissing, words: dict[str, str]) -> str:
    return words["basis_indicator_missing"].format(code=basis.code, through=basis.through)


@_said.register
def _(basis: FromIndicator, words: dict[str, str]) -> str:
    values = {"label": basis.label, "value": fmt_number(basis.value), "measure": basis.measure}
    values |= {"each": fmt_number(basis.points_each), "most": fmt_number(basis.most)}
    return words["basis_from_indicator"].format(**values)


@_said.register
def _(basis: Occurrences, words: dict[str, str]) -> str:
    return words["basis_occurrences"].format(count=fmt_number(basis.count), each=fmt_number(basis.points_each))


@_said.register
def _(basis: AsRecorded, words: dict[str, str]) -> str:
    return basis.text
