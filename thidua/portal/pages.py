"""What both sides show of an upload: its findings, whether it was kept, which version now counts, and the
marked-up copy; plus the templates a unit downloads. Shared by unit_views.py and chair_views.py."""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from flask import abort, redirect, render_template, request, send_file, url_for

from thidua import layout
from thidua.findings import ERROR, Finding
from thidua.intake.arrival import said
from thidua.intake.check import Checked
from thidua.periods import PeriodError, parse_period
from thidua.portal import mail
from thidua.portal.context import Portal
from thidua.portal.overview import current
from thidua.portal.uploads import Sent, findings_of, receive, year_kind
from thidua.state.base import now
from thidua.workbooks.feedback import write_feedback
from thidua.workbooks.registration import registration_name, write_registration
from thidua.workbooks.template import template_name, write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPEATED = "gui-lai"  # the result page's query flag: the file just sent repeats the one shown


def upload_from_form(p: Portal, actor: str, result_endpoint: str, declared: date | None = None) -> Any:
    """The form's file, checked and kept as `actor`'s upload, then its result page; a 400 page when the
    form came without a file."""
    file = request.files.get("tep")
    if file is None or not file.filename:
        return render_template("error.html", title="Chưa chọn tệp", text="Hãy chọn tệp Excel đã điền rồi bấm Nộp."), 400
    return receive_return(p, actor, file.read(), file.filename, result_endpoint, declared)


def receive_return(
    p: Portal, actor: str, data: bytes, original: str, result_endpoint: str, declared: date | None = None
) -> Any:
    """A return (a file sent, or one written from the browser's form) checked and kept as `actor`'s upload,
    then its result page."""
    # The portal's clock, on the portal's day (the same unless a test or a demonstration pins the day)
    received = datetime.combine(p.today(), now().timetz())
    sent = Sent(data, original, actor, received, declared)

    def counting(unit: str, period: str) -> str | None:
        return _checked(p).chosen.get((unit, period))

    answer = receive(p.store, p.cfg, p.inputs, p.state / "tmp", sent, p.today(), counting, p.cache)
    if answer.repeated:
        extra: dict[str, Any] = {REPEATED: 1}
        return redirect(url_for(result_endpoint, upload_id=answer.upload_id, **extra))
    _tell_the_unit(p, answer.upload_id)
    return redirect(url_for(result_endpoint, upload_id=answer.upload_id))


def _tell_the_unit(p: Portal, upload_id: int) -> None:
    """The upload's outcome by e-mail, when the office wants units told: sent beside the request, so a slow
    mail server never keeps the unit waiting for its result page."""
    row = p.store.upload(upload_id)
    if row is None or p.cfg.mail is None or not p.cfg.mail.notify_uploads:
        return
    _, findings = findings_of(row)
    errors = sum(1 for f in findings if f["severity"] == ERROR)
    label = _period_label(p, row["period"])
    letter = mail.notice(p.cfg, dict(row), label, errors, len(findings) - errors)
    if letter is not None:
        threading.Thread(target=mail.send, args=(p.cfg, p.store, [letter], row["actor"]), daemon=True).start()


def _period_label(p: Portal, key: str) -> str:
    try:
        return parse_period(key, p.cfg.reporting.frequency).label
    except PeriodError:
        kind = year_kind(key)
        return f"{layout.YEAR_KINDS[kind]} năm {key[:4]}" if kind else key


def _checked(p: Portal) -> Checked:
    return current(p.cache, p.cfg, p.inputs, p.today(), p.memo)


def counting_version(p: Portal, row: Any) -> dict[str, Any] | None:
    """Which copy counts for the upload's unit and period, by the intake's one rule (the same answer as
    `check` and `run`): this one, another upload, or a file the office put in inputs/ itself."""
    checked = _checked(p)
    name = checked.chosen.get((row["unit"], row["period"]))
    if not name:
        return None
    upload = next((r for r in p.store.uploads(row["unit"]) if r["stored"] == name and r["duplicate_of"] is None), None)
    arrival = checked.arrivals.get(name)
    return {
        "self": name == row["stored"],
        "original": upload["original"] if upload else name.rsplit("/", 1)[-1],
        "when": said(arrival) if arrival else "",
        "office": upload is None,
    }


def _across_files(p: Portal, row: Any, own: list[dict[str, str]]) -> list[dict[str, str]]:
    """What the check across files says of the stored file (late, a save time that cannot be true, a
    later copy that counts instead, an unusual jump), beside what the file itself showed on arrival."""
    if not row["accepted"] or row["duplicate_of"] is not None:
        return []
    seen = {(f["code"], f["sheet"], f["cell"]) for f in own}
    found = [f for f in _checked(p).findings if f.file == row["stored"] and (f.code, f.sheet, f.cell) not in seen]
    return [{**asdict(f), "severity": f.severity} for f in found]


def result(p: Portal, row: Any, feedback_url: str, back_url: str) -> str:
    reason, own = findings_of(row)
    findings = own + _across_files(p, row, own)
    counting = counting_version(p, row) if row["accepted"] else None
    saved = datetime.fromisoformat(row["saved"]).strftime("%H:%M ngày %d/%m/%Y") if row["saved"] else ""
    return render_template(
        "result.html",
        row=row,
        reason=reason,
        findings=findings,
        counting=counting,
        saved=saved,
        errors=sum(1 for f in findings if f["severity"] == "lỗi"),
        feedback_url=feedback_url if row["accepted"] and findings else "",
        back_url=back_url,
        unit_name=_sender(p, row),
        year_book=bool(year_kind(row["period"])),
        repeated=request.args.get(REPEATED) == "1",
    )


def _sender(p: Portal, row: Any) -> str:
    """Whose file it is: the unit's name, the office for the cluster's own scoring workbook, else ''."""
    if row["unit"] in {u.code for u in p.cfg.units}:
        return p.cfg.unit(row["unit"]).short_name
    return f"Văn phòng {p.cfg.cluster.short_name}" if row["accepted"] else ""


def feedback_copy(p: Portal, row: Any, actor: str) -> Any:
    """The unit's own file with its findings marked, made on first request and kept with the portal's state."""
    _, findings = findings_of(row)
    if not row["accepted"] or not findings:
        abort(404)
    target = p.state / "phan-hoi" / f"{row['id']}.xlsx"
    if not target.exists():
        items = [Finding(**{k: v for k, v in f.items() if k != "severity"}) for f in findings]
        author = f"Văn phòng {p.cfg.cluster.short_name}"
        write_feedback(items, p.inputs / row["stored"], target, author)
    p.store.log(actor, "download", f"bản phản hồi của #{row['id']}")
    return send_file(
        target,
        mimetype=XLSX,
        as_attachment=True,
        download_name="-".join(filter(None, ("phan-hoi", row["unit"], row["period"]))) + ".xlsx",
    )


def template(p: Portal, unit: str, period_key: str, actor: str) -> Any:
    try:
        period = parse_period(period_key, p.cfg.reporting.frequency)
    except PeriodError:
        abort(404)
    if period.year != p.cfg.reporting.year or p.cfg.unit(unit) not in p.cfg.members_during(period):
        abort(404)  # not a period the unit owes: it joined later or has left
    target = p.state / "bieu-mau" / period.key / template_name(p.cfg.unit(unit), period)
    write_template(p.cfg, p.cfg.unit(unit), period, target)
    p.store.log(actor, "download", f"biểu mẫu {unit} {period.key}")
    return send_file(target, mimetype=XLSX, as_attachment=True, download_name=target.name)


def self_score(p: Portal, unit: str) -> Any:
    """The unit's self-scoring workbook, its computed lines worked out from every return in inputs/ now."""
    from thidua.scoring.year import score_year
    from thidua.workbooks.self_score import self_score_name, write_self_score

    if p.cfg.year_end is None or p.cfg.year_end.scoring is None:
        abort(404)
    checked = current(p.cache, p.cfg, p.inputs, p.today(), p.memo)
    if checked.through is None:
        abort(404)
    scores = score_year(checked, p.cfg, checked.through)
    if unit not in {u.unit for u in scores.units}:  # not a member at the end of the data
        abort(404)
    target = p.state / "tu-cham" / self_score_name(p.cfg.unit(unit), scores.year)
    write_self_score(p.cfg, p.cfg.unit(unit), scores.unit(unit).lines, checked.through.label, target)
    p.store.log(unit, "download", f"bảng tự chấm điểm {unit} {scores.year} (số liệu đến {checked.through.label})")
    return send_file(target, mimetype=XLSX, as_attachment=True, download_name=target.name)


def registration(p: Portal, unit: str) -> Any:
    """The unit's registration workbook for the competition year (bản đăng ký thi đua)."""
    if p.cfg.year_end is None:
        abort(404)
    target = p.state / "dang-ky" / registration_name(p.cfg.unit(unit), p.cfg.reporting.year)
    write_registration(p.cfg, p.cfg.unit(unit), target)
    p.store.log(unit, "download", f"bản đăng ký thi đua {unit} {p.cfg.reporting.year}")
    return send_file(target, mimetype=XLSX, as_attachment=True, download_name=target.name)


def profile(p: Portal, unit: str) -> Any:
    """The unit's profile workbook (hồ sơ đơn vị), pre-filled with the copy it sent last, else config.yaml."""
    from thidua.intake.profile import profile_of
    from thidua.workbooks.profile import profile_name, write_profile

    chosen = p.cfg.unit(unit)
    known, awards, _ = profile_of(_checked(p).documents, chosen)
    target = p.state / "ho-so" / profile_name(chosen, p.cfg.reporting.year)
    write_profile(p.cfg, chosen, known, awards, target)
    p.store.log(unit, "download", f"hồ sơ đơn vị {unit} {p.cfg.reporting.year}", unit=unit)
    return send_file(target, mimetype=XLSX, as_attachment=True, download_name=target.name)
