"""Cross-references pydantic cannot see: codes unique, every reference to a unit, movement or indicator
known, wording keys known. Each check is a named step returning (YAML path, Vietnamese message) pairs."""

from __future__ import annotations

import re
from typing import Any

from thidua.config.model import Config
from thidua.config.problems import Problem, suggest
from thidua.config.year_checks import year_end_checks

TEXT_KEY = re.compile(r"(thang|quy|6thang|nam)-\d{4}-(\d{2}|Q[1-4])")


def _unknown(path: str, what: str, code: str, known: list[str]) -> Problem:
    return (path, f"không có {what} mã “{code}”.{suggest(code, known)}")


def _duplicate_codes(items: list[Any], section: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(items):
        if item.code in seen:
            out.append((f"{section}[{i}].code", f"mã “{item.code}” bị trùng với {section}[{seen[item.code]}]."))
        seen.setdefault(item.code, i)
    return out


def _indicator_references(cfg: Config) -> list[Problem]:
    units, movements = [u.code for u in cfg.units], [m.code for m in cfg.movements]
    out = []
    for i, ind in enumerate(cfg.indicators):
        if ind.movement not in movements:
            out.append(_unknown(f"indicators[{i}].movement", "phong trào", ind.movement, movements))
        out += [
            _unknown(f"indicators[{i}].units[{j}]", "đơn vị", code, units)
            for j, code in enumerate(ind.units)
            if code not in units
        ]
        if ind.max is not None and ind.max < ind.min:
            out.append((f"indicators[{i}].max", "giá trị tối đa nhỏ hơn giá trị tối thiểu."))
        out += _aggregation(cfg, i)
    return out


def _aggregation(cfg: Config, i: int) -> list[Problem]:
    """A rate is never added up (757,7% of documents signed is no figure), and a weighted mean names an
    indicator that every unit of this one reports."""
    ind, out = cfg.indicators[i], []
    if ind.measure.strip() == "%" and ind.rollup == "sum":
        message = "chỉ tiêu tỷ lệ (%) không cộng dồn qua các kỳ: dùng mean, last hoặc max."
        out.append((f"indicators[{i}].rollup", message))
    if ind.measure.strip() == "%" and ind.across == "sum":
        message = "chỉ tiêu tỷ lệ (%) không cộng giữa các đơn vị: dùng mean, weighted_mean (kèm weight) hoặc none."
        if "across" not in ind.model_fields_set:  # a config of thidua 0.1, when `sum` was assumed for rates too
            message = (
                f"chỉ tiêu tỷ lệ “{ind.code}” (%) cần ghi cách tính của Cụm: thêm “across: mean” (trung bình các "
                "đơn vị), “across: weighted_mean, weight: <mã chỉ tiêu quyền số>” hoặc “across: none” (không tính "
                "chung) vào dòng của chỉ tiêu; không ghi thì thidua cộng các đơn vị, mà một tỷ lệ không cộng được."
            )
        out.append((f"indicators[{i}].across", message))
    if ind.across == "weighted_mean" and ind.weight is None:
        out.append((f"indicators[{i}].weight", "across: weighted_mean cần weight là mã chỉ tiêu làm quyền số."))
    if ind.weight is not None and ind.across != "weighted_mean":
        return [*out, (f"indicators[{i}].weight", "weight chỉ dùng với across: weighted_mean.")]
    codes = {other.code: other for other in cfg.indicators}
    weight = codes.get(ind.weight or "")
    if ind.weight is not None and weight is None:
        out.append(_unknown(f"indicators[{i}].weight", "chỉ tiêu", ind.weight, list(codes)))
    elif weight is not None and not set(ind.units) <= set(weight.units):
        lacking = ", ".join(sorted(set(ind.units) - set(weight.units)))
        message = f"chỉ tiêu quyền số “{weight.code}” không do các đơn vị {lacking} báo cáo."
        out.append((f"indicators[{i}].weight", message))
    elif weight is not None and weight.across != "sum":
        message = f"chỉ tiêu quyền số “{weight.code}” phải là chỉ tiêu cộng (across: sum)."
        out.append((f"indicators[{i}].weight", message))
    return out


def _movements_have_indicators(cfg: Config) -> list[Problem]:
    used = {ind.movement for ind in cfg.indicators}
    return [
        (f"movements[{m}]", f"phong trào “{mov.code}” chưa có chỉ tiêu nào.")
        for m, mov in enumerate(cfg.movements)
        if mov.code not in used
    ]


def _target_references(cfg: Config) -> list[Problem]:
    units, indicators = [u.code for u in cfg.units], [i.code for i in cfg.indicators]
    out = []
    for unit_code, targets in cfg.targets.items():
        if unit_code not in units:
            out.append(_unknown(f"targets.{unit_code}", "đơn vị", unit_code, units))
        out += [
            _unknown(f"targets.{unit_code}.{code}", "chỉ tiêu", code, indicators)
            for code in targets
            if code not in indicators
        ]
    return out


def _rule_references(cfg: Config) -> list[Problem]:
    indicators = [i.code for i in cfg.indicators]
    return [
        _unknown(f"rules[{r}].{side}", "chỉ tiêu", getattr(rule, side), indicators)
        for r, rule in enumerate(cfg.rules)
        for side in ("left", "right")
        if getattr(rule, side) not in indicators
    ]


def _report_keys(cfg: Config) -> list[Problem]:
    known = list(cfg.default_wording)
    out = [
        (f"report.wording.{key}", f"không có lời văn nào tên “{key}”.{suggest(key, known)}")
        for key in cfg.report.wording
        if key not in known
    ]
    out += [
        (f"report.texts.{key}", "khóa phải có dạng <loại>-<kỳ>, ví dụ 6thang-2023-06, hoặc “default”.")
        for key in cfg.report.texts
        if key != "default" and not TEXT_KEY.fullmatch(key)
    ]
    return out


def _successors(cfg: Config) -> list[Problem]:
    """A merge names units of the cluster; the predecessors have left by the day the new unit exists."""
    codes, out = {u.code for u in cfg.units}, []
    for n, s in enumerate(cfg.successors):
        where = f"successors[{n}]"
        for code in [s.unit, *s.predecessors]:
            if code not in codes:
                out.append((where, f"không có đơn vị mã “{code}” trong danh sách units."))
        if s.unit in s.predecessors:
            out.append((where, f"đơn vị “{s.unit}” không thể hợp nhất vào chính nó."))
        for code in s.predecessors:
            unit = next((u for u in cfg.units if u.code == code), None)
            if unit and (unit.member_until is None or unit.member_until >= s.on):
                out.append(
                    (
                        where,
                        f"đơn vị “{code}” hợp nhất vào “{s.unit}” từ ngày {s.on:%d/%m/%Y} nên phải có "
                        f"member_until trước ngày đó.",
                    )
                )
    return out


def cross_check(cfg: Config) -> list[Problem]:
    return [
        *_duplicate_codes(cfg.units, "units"),
        *_duplicate_codes(cfg.movements, "movements"),
        *_duplicate_codes(cfg.indicators, "indicators"),
        *_indicator_references(cfg),
        *_movements_have_indicators(cfg),
        *_target_references(cfg),
        *_report_keys(cfg),
        *_rule_references(cfg),
        *year_end_checks(cfg),
        *_successors(cfg),
    ]
