"""The next competition year's config.yaml from this year's, as the year-end meeting leaves the cluster:
the units still members on 1 January (and the predecessors a merged unit's comparisons still need), the
cụm trưởng and cụm phó the meeting elected, the year moved on, and what belongs to one year only (report
texts, the pact's and the proposal's dates and numbers, a reopened scoring) left for the new year to
write. Plain data in, plain data out: the command reads and writes the files."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from thidua.config.days import day_of

Data = dict[str, Any]


def _kept_units(data: Data, first: date) -> set[str]:
    staying = {u["code"] for u in data["units"] if (day_of(u.get("member_until")) or first) >= first}
    needed = {p for s in data.get("successors", []) if s["unit"] in staying for p in s["predecessors"]}
    return staying | needed


def _roles(units: list[Data], kind: str, chair: str, vice: list[str]) -> None:
    for unit in units:
        if unit["code"] == chair:
            _set_role(unit, f"{kind} trưởng")
        elif unit["code"] in vice:
            _set_role(unit, f"{kind} phó")
        else:
            unit.pop("role", None)


def _set_role(unit: Data, role: str) -> None:
    """A role new to the unit goes after its short name, where the example has it, when the data keeps the
    file's order (config/typed.py); its place otherwise, or the end."""
    keys = list(unit)
    if "role" not in unit and "short_name" in keys and hasattr(unit, "insert"):
        unit.insert(keys.index("short_name") + 1, "role", role)
    else:
        unit["role"] = role


def _keep(items: list[Any], wanted: Callable[[Any], bool]) -> list[Any]:
    """`items` without those `wanted` refuses, changed in place: a list read with the file's comments
    (config/typed.py) keeps them, the comment above the next key included, where a new list would not."""
    for n in reversed(range(len(items))):
        if not wanted(items[n]):
            del items[n]
    return items


def _one_year_only(data: Data, year: int) -> None:
    data.get("report", {})["texts"] = {}
    year_end = data.get("year_end") or {}
    if pact := year_end.get("pact"):
        pact.pop("signed", None)
    if proposal := year_end.get("proposal"):
        proposal.pop("issued", None), proposal.pop("number", None)
    if (scoring := year_end.get("scoring")) and (years := scoring.get("years")):
        this = years.get(year) or years.get(str(year))
        if this is not None and year + 1 not in years and str(year + 1) not in years:
            years[year + 1] = {k: v for k, v in copy.deepcopy(this).items() if k != "reopened"}


def next_year(data: Data, chair: str, vice: list[str]) -> Data:
    """This year's config data → next year's (the caller validates it like any config.yaml)."""
    new = copy.deepcopy(data)
    year = int(new["reporting"]["year"])
    first = date(year + 1, 1, 1)
    kept = _kept_units(new, first)
    _keep(new["units"], lambda u: u["code"] in kept)
    for unit in new["units"]:
        if (day_of(unit.get("member_from")) or first) < first:
            unit.pop("member_from")  # a member all of next year
    _roles(new["units"], new["cluster"].get("kind", "cụm"), chair, vice)
    for indicator in new["indicators"]:
        _keep(indicator["units"], lambda u: u in kept)
    _keep(new["indicators"], lambda i: bool(i["units"]))
    used = {i["movement"] for i in new["indicators"]}
    _keep(new["movements"], lambda m: m["code"] in used)
    codes = {i["code"] for i in new["indicators"]}
    _keep(new.get("rules", []), lambda r: r["left"] in codes and r["right"] in codes)
    new["targets"] = {}  # next year's plans come from next year's registrations
    new["reporting"]["year"] = year + 1
    _one_year_only(new, year)
    return new
