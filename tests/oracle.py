"""An independent statement of the roll-up and comparison rules in plain Python (no pandas), used to check
thidua.totals on generated data. Written from the rules in the README, not from the implementation.

figures: list of (unit, code, year, month, value); one value per key, already validated.
"""

from __future__ import annotations

import math
from datetime import date

NAN = float("nan")


def months_owed(cfg, unit: str, year: int, months: list[int]) -> list[int]:
    """The months of `months` in which the unit was a member (membership overlaps the month)."""
    out = []
    for m in months:
        first = date(year, m, 1)
        after = date(year + 1, 1, 1) if m == 12 else date(year, m + 1, 1)
        u = cfg.unit(unit)
        if (u.member_from is None or u.member_from < after) and (u.member_until is None or u.member_until >= first):
            out.append(m)
    return out


def roll(rule: str, values: dict[int, float], owed: list[int]) -> float:
    """values: month → value (only months reported); owed: months owed, in order."""
    got = [values[m] for m in owed if m in values]
    if rule == "sum":
        return sum(got) if got else NAN
    if rule == "max":
        return max(got) if got else NAN
    if rule == "mean":
        return sum(got) / len(got) if got else NAN
    final = owed[-1] if owed else None  # last: the final owed month, or nothing
    return values.get(final, NAN) if final is not None else NAN


def unit_figures(cfg, figures, unit: str, code: str, year: int, months: list[int]) -> dict:
    ind = next(i for i in cfg.indicators if i.code == code)
    mine = {(y, m): v for (u, c, y, m, v) in figures if u == unit and c == code}
    now = {m: mine[(year, m)] for m in months if (year, m) in mine}
    before = {m: mine[(year - 1, m)] for m in months if (year - 1, m) in mine}
    owed = months_owed(cfg, unit, year, months)
    ytd_owed = months_owed(cfg, unit, year, list(range(1, months[-1] + 1)))
    ytd_values = {m: mine[(year, m)] for m in ytd_owed if (year, m) in mine}
    if ind.rollup == "last":
        complete = bool(owed) and owed[-1] in now
        ytd_complete = bool(ytd_owed) and ytd_owed[-1] in ytd_values
        both = [owed[-1]] if owed and owed[-1] in now and owed[-1] in before else []
    else:
        complete = all(m in now for m in owed)
        ytd_complete = all(m in ytd_values for m in ytd_owed)
        both = [m for m in owed if m in now and m in before]
    reported = sum(1 for m in owed if m in now)
    value_matched_last_year = roll(ind.rollup, {m: now[m] for m in both}, both) if both else NAN
    last_year = roll(ind.rollup, {m: before[m] for m in both}, both) if both else NAN
    return {
        "value": roll(ind.rollup, now, owed),
        "reported": reported,
        "expected": len(owed),
        "complete": complete,
        "ytd": roll(ind.rollup, ytd_values, ytd_owed),
        "ytd_complete": ytd_complete,
        "value_matched_last_year": value_matched_last_year,
        "last_year": last_year,
        "matched": len(both),
        "target": cfg.targets.get(unit, {}).get(code, NAN),
    }


def oracle(cfg, figures, year: int, months: list[int]) -> tuple[dict, dict]:
    """(by_unit, cluster): by_unit[(unit, code)] and cluster[code] as thidua.totals defines them."""
    by_unit = {}
    for ind in cfg.indicators:
        for unit in ind.units:
            if months_owed(cfg, unit, year, months):
                by_unit[(unit, ind.code)] = unit_figures(cfg, figures, unit, ind.code, year, months)
    cluster = {}
    for ind in cfg.indicators:
        rows = [dict(r, unit=u) for (u, c), r in by_unit.items() if c == ind.code]
        if not rows:
            continue
        weight_of = {u: r for (u, c), r in by_unit.items() if c == ind.weight}

        def weight(r, field, weight_of=weight_of):
            return weight_of[r["unit"]][field] if r["unit"] in weight_of else NAN

        def counted(r, field, ind=ind, weight=weight):
            if math.isnan(r[field]):
                return False
            return ind.across != "weighted_mean" or weight(r, field) > 0

        def together(rs, field, ind=ind, weight=weight):
            """The across rule, as the README states it."""
            if not rs or ind.across == "none":
                return NAN
            if ind.across == "sum":
                return sum(r[field] for r in rs)
            if ind.across == "mean":
                return sum(r[field] for r in rs) / len(rs)
            return sum(r[field] * weight(r, field) for r in rs) / sum(weight(r, field) for r in rs)

        has = [r for r in rows if counted(r, "value")]
        summed = ind.across == "sum"
        base = [
            r for r in rows if summed and not math.isnan(r["target"]) and not math.isnan(r["ytd"]) and r["ytd_complete"]
        ]
        ly = [r for r in rows if counted(r, "value_matched_last_year") and counted(r, "last_year")]
        target, ytd_with_target = sum(r["target"] for r in base), sum(r["ytd"] for r in base)
        last_year, value_matched_last_year = together(ly, "last_year"), together(ly, "value_matched_last_year")
        cluster[ind.code] = {
            "value": together(has, "value"),
            "units": len(has),
            "expected": len(rows),
            "complete": sum(1 for r in has if r["complete"]),
            "pct_target": ytd_with_target / target * 100 if base and target > 0 else NAN,
            "target_units": len(base),
            "pct_prorated": ytd_with_target / (target * months[-1] / 12) * 100
            if base and target > 0 and ind.rollup == "sum"
            else NAN,
            "change_pct": (value_matched_last_year - last_year) / last_year * 100 if ly and last_year > 0 else NAN,
            "last_year_units": len(ly),
            "last_year_partial": ind.rollup != "last" and any(r["matched"] < r["reported"] for r in ly),
        }
    return by_unit, cluster
