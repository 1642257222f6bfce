"""A unit's pages, reached by its private link: its periods with status and deadline, templates, upload,
findings at once, the marked-up copy, its own history. Nothing of another unit is ever reachable: every id
is checked against the unit of the session."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, session, url_for

from thidua.intake.completeness import expected_periods, membership
from thidua.portal import pages
from thidua.portal.context import client, portal
from thidua.portal.overview import HAS_ERRORS, current, grid_through
from thidua.state.access import CHAIR

blueprint = Blueprint("unit", __name__)


PUBLIC = {"unit.open_link", "unit.sign_out"}  # signing out needs no live session


@blueprint.before_request
def require_unit() -> None:
    """The one guard of every unit route (views then read who it is with current_unit)."""
    if request.endpoint not in PUBLIC:
        current_unit()


def current_unit() -> str:
    actor = session.get("actor")
    if not actor or actor == CHAIR:
        abort(403)
    return str(actor)


def _own(upload_id: int) -> Any:
    unit = current_unit()
    row = portal().store.upload(upload_id)
    if row is None or row["unit"] != unit:
        abort(404)  # the same answer as for an id that does not exist: nothing to learn by guessing
    return row


@blueprint.route("/u/<token>", methods=["GET", "POST"])
def open_link(token: str) -> Any:
    """A unit's link signs its browser in. A plain GET can be set off by any page on another site, so when
    this browser is already signed in as someone else, the unit is asked first (a form, with its CSRF
    token) instead of silently ending that session."""
    p = portal()
    unit = p.store.unit_for_token(token) if len(token) <= 100 else None  # a link of this cluster only
    if unit is None or unit not in {u.code for u in p.cfg.units}:
        p.store.refuse("link_refused", client())
        abort(404)
    other = session.get("actor")
    if request.method == "GET" and other and other != unit:
        names = {u.code: u.short_name for u in p.cfg.units} | {CHAIR: f"Văn phòng {p.cfg.cluster.word}"}
        who = names.get(other, other)
        return render_template("switch.html", current=who, unit=p.cfg.unit(unit), token=token)
    session.clear()
    session["actor"] = unit
    session.renew = True  # type: ignore[attr-defined]  # a fresh session id: the link is not a session
    p.store.log(unit, "open_link", f"mở liên kết từ {client()}", unit=unit)
    return redirect(url_for("unit.home"))


def _periods(unit: str) -> list[dict[str, Any]]:
    """The unit's periods of the year so far, newest first: deadline, status, the file that counts."""
    p = portal()
    today = p.today()
    checked = current(p.cache, p.cfg, p.inputs, today, p.memo)
    status = {r["period"]: r for r in checked.timeliness_rows if r["unit"] == unit}
    errors = {r["period"] for r in checked.excluded_rows if r["unit"] == unit}
    names = {r["stored"]: r["original"] for r in p.store.uploads(unit)}
    rows = []
    for period in reversed(expected_periods(grid_through(p.cfg, today))):
        if membership(p.cfg, unit, period):
            continue
        row = status.get(period.key, {})
        counting = checked.chosen.get((unit, period.key), "")
        state = HAS_ERRORS if period.key in errors else row.get("status", "")
        rows.append(
            {"period": period, "deadline": period.deadline(p.cfg.reporting.deadline_day), "status": state}
            | {"file": names.get(counting, counting.rsplit("/", 1)[-1])}
        )
    return rows


@blueprint.get("/don-vi")
def home() -> str:
    unit = current_unit()
    p = portal()
    owed = [
        x for x in expected_periods(grid_through(p.cfg, p.today())) if p.cfg.is_member(unit, x.first_day, x.day_after)
    ]
    return render_template(
        "unit_home.html",
        unit=p.cfg.unit(unit),
        periods=list(reversed(owed)),
        status=_periods(unit),
        uploads=p.store.uploads(unit),
        max_mb=p.cfg.portal.max_upload_mb,
        year=p.cfg.reporting.year if p.cfg.year_end else None,
        scoring=bool(p.cfg.year_end and p.cfg.year_end.scoring),
    )


@blueprint.get("/don-vi/dang-ky.xlsx")
def registration() -> Any:
    unit = current_unit()
    return pages.registration(portal(), unit)


@blueprint.get("/don-vi/ho-so.xlsx")
def profile() -> Any:
    return pages.profile(portal(), current_unit())


@blueprint.get("/don-vi/tu-cham.xlsx")
def self_score() -> Any:
    unit = current_unit()
    return pages.self_score(portal(), unit)


@blueprint.post("/don-vi/nop")
def upload() -> Any:
    return pages.upload_from_form(portal(), current_unit(), "unit.result")


@blueprint.get("/don-vi/ket-qua/<int:upload_id>")
def result(upload_id: int) -> str:
    row = _own(upload_id)
    feedback = url_for("unit.feedback", upload_id=upload_id)
    return pages.result(portal(), row, feedback, url_for("unit.home"))


@blueprint.get("/don-vi/ket-qua/<int:upload_id>/ban-phan-hoi.xlsx")
def feedback(upload_id: int) -> Any:
    row = _own(upload_id)
    return pages.feedback_copy(portal(), row, current_unit())


@blueprint.get("/don-vi/ket-qua/<int:upload_id>/ban-da-nop.xlsx")
def submitted(upload_id: int) -> Any:
    """The very file the unit sent (or its form wrote), as stored."""
    row = _own(upload_id)
    p = portal()
    path = (p.inputs / row["stored"]).resolve() if row["stored"] else None
    if path is None or not path.is_relative_to(p.inputs.resolve()) or not path.is_file():
        abort(404)
    return send_file(path, mimetype=pages.XLSX, as_attachment=True, download_name=f"ban-da-nop-{row['period']}.xlsx")


@blueprint.get("/don-vi/bieu-mau/<period>")
def template(period: str) -> Any:
    unit = current_unit()
    return pages.template(portal(), unit, period, unit)


@blueprint.post("/don-vi/thoat")
def sign_out() -> Any:
    session.clear()
    return render_template("error.html", title="Đã thoát", text="Mở lại đường liên kết riêng của đơn vị để vào lại.")
