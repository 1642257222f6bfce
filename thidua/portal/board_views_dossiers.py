"""The dossiers the clusters sent: the board and the council read them; the board returns one (a reason is
required, the cluster's office reads it) or accepts it. On the board's blueprint, behind its guard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, redirect, render_template, request, send_file, session, url_for

from thidua.portal.board_context import board
from thidua.portal.board_views import blueprint
from thidua.province.board import ACCEPTED, RETURNED, dossier_of
from thidua.signing.package import check_package
from thidua.state.access import BOARD
from thidua.state.dossiers import SENT
from thidua.words.signatures import file_text

REASON_LIMIT = 1000
MIME = {".zip": "application/zip", ".pdf": "application/pdf"}


def _signatures(code: str, dossier: Any) -> list[tuple[str, list[str]]]:
    """Each PDF of the cluster's latest dossier with what its signatures say, checked once per file."""
    b = board()
    if not dossier.stored or not dossier.sha256:
        return []
    if dossier.sha256 not in b.signatures:
        p = b.clusters[code]
        path = (p.state / dossier.stored).resolve()
        data = path.read_bytes() if path.is_relative_to(p.state.resolve()) and path.is_file() else b""
        checks = check_package(data, Path(dossier.stored).name, p.cfg.signing, b.province.province.year)
        b.signatures[dossier.sha256] = [(c.name, file_text(c)) for c in checks]
    return b.signatures[dossier.sha256]


@blueprint.get("/tinh/ho-so")
def dossiers(message: str = "", status: int = 200) -> Any:
    b = board()
    year = b.province.province.year
    states = b.store.dossier_states(year)
    rows = []
    for code, p in b.clusters.items():
        dossier = dossier_of(states.get(code))
        rows.append((code, p.cfg.cluster.name, dossier, _signatures(code, dossier)))
    can_judge = session.get("role") == BOARD
    page = render_template("board_dossiers.html", rows=rows, year=year, can_judge=can_judge, message=message)
    return page, status


@blueprint.get("/tinh/ho-so/<int:event_id>")
def dossier_file(event_id: int) -> Any:
    b = board()
    event = b.store.dossier_event(event_id) if event_id < 2**63 else None
    p = b.clusters.get(event["cluster"]) if event else None
    if event is None or p is None or not event["stored"]:
        abort(404)
    path = (p.state / event["stored"]).resolve()
    if not path.is_relative_to(p.state.resolve()) or not path.is_file():
        abort(404)
    b.store.log(session["actor"], "download", f"hồ sơ của {event['cluster']} (lần gửi #{event_id})", event["sha256"])
    name = f"ho-so-{event['cluster']}-{event['year']}{Path(event['stored']).suffix}"
    mime = MIME.get(path.suffix, "application/octet-stream")
    return send_file(path, mimetype=mime, as_attachment=True, download_name=name)


@blueprint.post("/tinh/ho-so/<code>/<action>")
def judge(code: str, action: str) -> Any:
    """Return or accept exactly the dossier the board opened: the form names its sending and content. When
    the office has sent another since, nothing is judged and both are shown (409)."""
    b = board()
    if code not in b.clusters or action not in ("tra-lai", "chap-nhan"):
        abort(404)
    reason = request.form.get("ly_do", "").strip()
    if action == "tra-lai" and not reason:
        return dossiers("Trả lại hồ sơ cần ghi lý do để Văn phòng Cụm, Khối biết phải bổ sung gì.", 400)
    if len(reason) > REASON_LIMIT:
        return dossiers(f"Lý do dài quá {REASON_LIMIT} ký tự.", 400)
    opened = request.form.get("ho_so", "")
    event_id = int(opened) if opened.isdigit() and len(opened) < 19 else 0
    sha = request.form.get("sha", "")[:64]
    year = b.province.province.year
    verdict = RETURNED if action == "tra-lai" else ACCEPTED
    judgement = b.store.for_cluster(code).judge_dossier(year, verdict, session["actor"], reason, event_id, sha)
    if not judgement.done:
        return _not_judged(code, event_id, judgement.latest)
    what = f"trả lại hồ sơ của {code} (lần gửi #{event_id}): {reason}" if action == "tra-lai" else ""
    what = what or f"chấp nhận hồ sơ của {code} (lần gửi #{event_id})"
    b.store.log(session["actor"], "dossier", what, sha)
    b.store.for_cluster(code).log(session["actor"], "dossier", what, sha)  # the cluster's office sees it in its ledger
    return redirect(url_for("board.dossiers"))


def _not_judged(code: str, event_id: int, latest: Any) -> Any:
    """409: the dossier the board opened is no longer the one waiting. Both are shown, so the board judges
    the newer one only after opening it."""
    b = board()
    if latest is None or latest["action"] != SENT:
        return dossiers("Hồ sơ này không còn chờ xem xét (đã được trả lại hoặc chấp nhận trước đó).", 409)
    opened = b.store.dossier_event(event_id) if event_id else None
    if opened is not None and opened["cluster"] != code:
        opened = None
    name = b.clusters[code].cfg.cluster.name
    return render_template("board_dossier_changed.html", name=name, opened=opened, latest=latest), 409
