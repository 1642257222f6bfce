"""The chair's office: log in, the submission grid, any return's findings, reminder letters, an upload on
a unit's behalf (the unit is recognised from the template), a report built and downloaded, templates.
The ledger's pages are in chair_ledger.py, on the same blueprint and behind the same guard."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, session, url_for

from thidua.config.days import parse_day
from thidua.findings import CODES, Finding, ordered
from thidua.periods import KINDS, PeriodError, default_kind, parse_period, window, window_title
from thidua.portal import builds, pages, signin
from thidua.portal.context import portal
from thidua.portal.overview import current, grid
from thidua.state.access import CHAIR, OFFICE, OFFICE_USERNAME
from thidua.workbooks.template import template_name, write_template

blueprint = Blueprint("chair", __name__, url_prefix="/chu-tri")
DOWNLOAD_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": pages.XLSX,
    ".zip": "application/zip",
}
DEVICE_COOKIE = "thidua_may"  # a browser the office has signed in from (state/access.py, devices)
PUBLIC = {"chair.login_form", "chair.login", "chair.logout"}  # everything else under /chu-tri is the chair's


@blueprint.before_request
def require_chair() -> Any:
    """The one guard of every chair route: a route added later is protected without remembering to. Nobody
    signed in is shown the login page; a unit is refused."""
    if request.endpoint in PUBLIC or session.get("actor") == CHAIR:
        return None
    if not session.get("actor") and request.method == "GET":
        return redirect(url_for("chair.login_form"))
    abort(403)


@blueprint.get("/dang-nhap")
def login_form() -> str:
    return render_template("login.html", message="")


@blueprint.post("/dang-nhap")
def login() -> Any:
    """The office of this cluster signs in with its own password: the account is looked up in the cluster's
    scope alone, and refused unless it is this cluster's office account."""
    p = portal()
    account = p.store.office_account()
    username = account["username"] if account else OFFICE_USERNAME
    trusted = signin.trusted_device(p.store, DEVICE_COOKIE, account)
    if not signin.allowed(p.store, signin.throttle_keys(trusted, username)):
        return render_template("login.html", message=signin.THROTTLED), 429
    found = p.store.check_password(username, request.form.get("mat_khau", ""))
    if found is None or found["cluster"] != p.store.cluster or found["role"] != OFFICE:
        signin.refused(p.store)
        return render_template("login.html", message="Mật khẩu không đúng."), 401
    device = (DEVICE_COOKIE, f"{request.script_root}/chu-tri")
    return signin.signed_in(p.store, found, url_for("chair.overview"), device, trusted, p.cfg.portal.secure_cookies)


@blueprint.post("/dang-xuat")
def logout() -> Any:
    session.clear()
    return redirect(url_for("chair.login_form"))


@blueprint.get("/")
def overview() -> str:
    p = portal()
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    return render_template(
        "grid.html",
        grid=grid(checked, p.cfg),
        findings=len(checked.findings),
        reminders=len(checked.reminders),
        today=p.today().isoformat(),
    )


@blueprint.get("/o/<unit>/<period>")
def cell(unit: str, period: str) -> str:
    p = portal()
    if unit not in {u.code for u in p.cfg.units}:
        abort(404)
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    found = [f for f in ordered(checked.findings) if f.unit == unit and f.period == period]
    uploads = [r for r in p.store.uploads(unit) if r["period"] == period]
    rows = _finding_rows(found, p.store.uploads())
    return render_template("cell.html", unit=p.cfg.unit(unit), period=period, findings=rows, uploads=uploads)


@blueprint.get("/phat-hien")
def findings() -> str:
    """Every finding of the last check, in reading order, each with its unit and period as links."""
    p = portal()
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    names = {u.code: u.short_name for u in p.cfg.units}
    rows = _finding_rows(ordered(checked.findings), p.store.uploads())
    return render_template("findings.html", findings=rows, names=names)


def _finding_rows(found: list[Finding], uploads: list[Any]) -> list[dict[str, str]]:
    """Findings as a secretary reads them: what kind of problem in words (the code only as a tooltip), and
    a portal upload named by the file name the unit gave it, not by where it is stored."""
    originals = {r["stored"]: r["original"] for r in uploads}
    return [
        {"severity": f.severity, "kind": CODES[f.code][1], "code": f.code, "unit": f.unit, "period": f.period}
        | {"file": originals.get(f.file, f.file), "stored": f.file, "message": f.message}
        | {"place": f"{f.sheet}!{f.cell}" if f.cell else f.sheet}
        for f in found
    ]


@blueprint.post("/nop-thay")
def upload() -> Any:
    """A file the office received by e-mail, uploaded on the unit's behalf; the e-mail's day, when given,
    is the office's record of when the unit submitted it (intake/arrival.py)."""
    p = portal()
    typed = request.form.get("ngay_nhan", "").strip()
    declared = None
    if typed:
        try:  # a browser's date field sends 2023-07-25; typed by hand (no date field): 25/07/2023
            declared = parse_day(typed)
        except ValueError:
            declared = None
        if declared is None or not date(p.cfg.reporting.year - 1, 1, 1) <= declared <= p.today():
            text = f"Ngày nhận qua thư “{typed[:20]}” không hợp lệ: cần một ngày đã qua, dạng 25/07/2023."
            return render_template("error.html", title="Ngày nhận không hợp lệ", text=text), 400
    return pages.upload_from_form(p, CHAIR, "chair.result", declared)


def _upload(upload_id: int) -> Any:
    """Any upload of this cluster, for the chair (the unit's side has unit_views._own)."""
    row = portal().store.upload(upload_id)
    if row is None:
        abort(404)
    return row


@blueprint.get("/ket-qua/<int:upload_id>")
def result(upload_id: int) -> str:
    row = _upload(upload_id)
    return pages.result(portal(), row, url_for("chair.feedback", upload_id=upload_id), url_for("chair.overview"))


@blueprint.get("/ket-qua/<int:upload_id>/ban-phan-hoi.xlsx")
def feedback(upload_id: int) -> Any:
    return pages.feedback_copy(portal(), _upload(upload_id), CHAIR)


@blueprint.route("/lap-bao-cao", methods=["GET", "POST"])
def report() -> Any:
    p = portal()
    if request.method == "GET":
        return render_template("build.html", kinds=KINDS, build=None, default=_default_period(p))
    try:
        period = parse_period(request.form.get("ky", ""), p.cfg.reporting.frequency)
        kind = request.form.get("loai") or default_kind(period)
        if kind not in KINDS:
            raise PeriodError("Loại báo cáo không hợp lệ.")
        window(period, kind)
    except PeriodError as err:
        return render_template("build.html", kinds=KINDS, build=None, default=_default_period(p), message=str(err)), 400
    result = builds.build(p.source, p.inputs, p.state, period.key, kind)
    p.store.log(CHAIR, "build", f"{kind} {period.key}: {result.message} ({result.returns} tệp)", period=period.key)
    return render_template(
        "build.html",
        kinds=KINDS,
        build=result,
        title=window_title(period, kind),
        default=period.key,
        chosen=request.form.get("loai", ""),
        labels={name: builds.label(name) for name in (result.files if result else {})},
    )


@blueprint.get("/tai-ve/<build_id>/<name>")
def download(build_id: str, name: str) -> Any:
    p = portal()
    found = builds.files(p.state, build_id)
    if name not in found:
        abort(404)
    p.store.log(CHAIR, "download", f"{name} của lần lập {build_id}")
    return send_file(found[name], mimetype=DOWNLOAD_TYPES[found[name].suffix], as_attachment=True, download_name=name)


@blueprint.get("/bieu-mau/<period_key>.zip")
def templates_zip(period_key: str) -> Any:
    p = portal()
    try:
        period = parse_period(period_key, p.cfg.reporting.frequency)
    except PeriodError:
        abort(404)
    folder = p.state / "bieu-mau" / period.key
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for unit in p.cfg.members_during(period):
            target = folder / template_name(unit, period)
            write_template(p.cfg, unit, period, target)
            bundle.write(target, target.name)
    buffer.seek(0)
    p.store.log(CHAIR, "download", f"biểu mẫu {period.key} của mọi đơn vị", period=period.key)
    return send_file(buffer, mimetype="application/zip", as_attachment=True, download_name=f"bieu-mau-{period.key}.zip")


def _default_period(p: Any) -> str:
    from thidua.portal.overview import grid_through

    return grid_through(p.cfg, p.today()).key
