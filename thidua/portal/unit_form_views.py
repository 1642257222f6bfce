"""A unit fills its return in the browser (portal/return_form.py): the form for a period it owes, checked
on request, kept as a draft, sent when no error is left. On the unit's blueprint, behind its guard."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request

from thidua.periods import Period, PeriodError, parse_period
from thidua.portal import pages, return_form
from thidua.portal.context import Portal, portal
from thidua.portal.unit_views import blueprint, current_unit
from thidua.portal.uploads import check_staged
from thidua.state.base import now

ACTIONS = {"kiem-tra", "luu", "nop"}  # check, save the draft, send


def _period(p: Portal, unit: str, key: str) -> Period:
    """A period of this year the unit owes (a member during it), else 404: the same as the template's."""
    try:
        period = parse_period(key, p.cfg.reporting.frequency)
    except PeriodError:
        abort(404)
    if period.year != p.cfg.reporting.year or p.cfg.unit(unit) not in p.cfg.members_during(period):
        abort(404)
    return period


def _page(p: Portal, unit: str, period: Period, typed: dict[str, str], **shown: Any) -> Any:
    status = shown.pop("status", 200)
    page = render_template(
        "return_form.html",
        unit=p.cfg.unit(unit),
        period=period,
        deadline=period.deadline(p.cfg.reporting.deadline_day),
        groups=return_form.groups(p.cfg, p.cfg.unit(unit)),
        typed=typed,
        by_field=shown.get("by_field", {}),
        general=shown.get("general", []),
        message=shown.get("message", ""),
        tone=shown.get("tone", ""),
    )
    return page, status


@blueprint.get("/don-vi/dien/<period_key>")
def fill_form(period_key: str) -> Any:
    unit = current_unit()
    p = portal()
    period = _period(p, unit, period_key)
    typed, saved = return_form.load_draft(p.state, unit, period)
    message = f"Đang mở bản nháp đã lưu lúc {saved}." if saved else ""
    return _page(p, unit, period, typed, message=message)


@blueprint.post("/don-vi/dien/<period_key>")
def fill_form_post(period_key: str) -> Any:
    unit = current_unit()
    p = portal()
    period = _period(p, unit, period_key)
    action = request.form.get("hanh-dong", "kiem-tra")
    if action not in ACTIONS:
        abort(400)
    fields = [f for g in return_form.groups(p.cfg, p.cfg.unit(unit)) for f in g.fields]
    typed = return_form.typed_of(request.form, fields)
    if action == "luu":
        when = now().strftime("%H:%M ngày %d/%m/%Y")
        return_form.save_draft(p.state, unit, period, typed, when)
        saved = f"Đã lưu bản nháp lúc {when}; có thể mở lại để điền tiếp."
        return _page(p, unit, period, typed, message=saved, tone="ok")
    values = return_form.filled(p.cfg, p.cfg.unit(unit), typed)
    data, rows = return_form.return_bytes(p.cfg, p.cfg.unit(unit), period, values)
    outcome = check_staged(p.cfg, p.state / "tmp", data, p.today())
    findings = (outcome.submission.findings if outcome.submission else []) + outcome.findings
    by_field, general = return_form.placed(findings, return_form.cell_fields(p.cfg, rows))
    errors = return_form.has_errors(findings)
    if action == "kiem-tra" or errors:
        message = "Còn lỗi: sửa các ô được đánh dấu rồi nộp." if errors else "Không có lỗi. Bấm “Nộp báo cáo” để gửi."
        status = 400 if action == "nop" and errors else 200
        shown = {"by_field": by_field, "general": general, "message": message, "tone": "bad" if errors else "ok"}
        return _page(p, unit, period, typed, status=status, **shown)
    answer = pages.receive_return(p, unit, data, f"bieu-mau-tren-cong_{unit}_{period.key}.xlsx", "unit.result")
    return_form.drop_draft(p.state, unit, period)
    return answer
