"""The province's board (Sở Nội vụ) and the council's members: sign in (password, and a TOTP code when the
account has one), every cluster's progress at a glance, the proposals, a cluster's documents, the
province's workbook and the council's list. One guard decides every route by role: what is not listed for
a role is refused. The dossiers' pages are in board_views_dossiers.py, on the same blueprint."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, session, url_for

from thidua.portal import signin
from thidua.portal.board_context import Board, board
from thidua.portal.chair_views import DOWNLOAD_TYPES
from thidua.portal.overview import current
from thidua.province.board import ClusterFacts, board_months, cluster_facts
from thidua.province.built import built_reports
from thidua.province.office_scoring import found, latest_scoring
from thidua.province.proposals import year_scores
from thidua.province.words import progress_text, stage_sentence, vote_text
from thidua.state.access import BOARD, COUNCIL

blueprint = Blueprint("board", __name__)
PUBLIC = {"board.front", "board.login_form", "board.login", "board.logout", "static"}
# endpoint → the roles that may open it; anything not listed here is refused to everyone.
ROLES = {
    "board.home": {BOARD, COUNCIL},
    "board.grid": {BOARD},
    "board.cluster": {BOARD},
    "board.document": {BOARD},
    "board.proposals": {BOARD, COUNCIL},
    "board.summary_book": {BOARD},
    "board.council_list": {BOARD, COUNCIL},
    "board.dossiers": {BOARD, COUNCIL},
    "board.dossier_file": {BOARD, COUNCIL},
    "board.judge": {BOARD},
}
DOCUMENT_SUFFIXES = {".docx", ".xlsx", ".zip", ".pdf"}
DEVICE_COOKIE = "thidua_may_tinh"  # a browser a board or council member has signed in from


@blueprint.before_request
def require_role() -> Any:
    if request.endpoint in PUBLIC:
        return None
    role = session.get("role")
    if role in ROLES.get(request.endpoint or "", set()):
        return None
    if not role and request.method == "GET":
        return redirect(url_for("board.login_form"))
    abort(403)


@blueprint.get("/")
def front() -> Any:
    if session.get("role") in (BOARD, COUNCIL):
        return redirect(url_for("board.home"))
    b = board()
    clusters = [(code, p.cfg.cluster.name) for code, p in b.clusters.items()]
    return render_template("province_front.html", clusters=clusters, province=b.province)


@blueprint.get("/tinh/dang-nhap")
def login_form() -> str:
    return render_template("board_login.html", message="")


@blueprint.post("/tinh/dang-nhap")
def login() -> Any:
    """A board or council member signs in: password, then the TOTP code when the account has one. Looked
    up in the province's own scope only: no cluster office's account is found here."""
    b = board()
    username = request.form.get("ten", "").strip()[:80]
    trusted = signin.trusted_device(b.store, DEVICE_COOKIE, b.store.account(username))
    if not signin.allowed(b.store, signin.throttle_keys(trusted, username)):
        return render_template("board_login.html", message=signin.THROTTLED), 429
    account = b.store.check_password(username, request.form.get("mat_khau", ""))
    if account is None or account["cluster"] or account["role"] not in (BOARD, COUNCIL) or not _second_factor(account):
        signin.refused(b.store)
        return render_template("board_login.html", message="Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng."), 401
    secure = b.province.portal.secure_cookies
    return signin.signed_in(b.store, account, url_for("board.home"), (DEVICE_COOKIE, "/tinh"), trusted, secure)


def _second_factor(account: Any) -> bool:
    """The TOTP code, when the account has a second factor (one step of clock drift either way), and never
    a code of a time step already used: a code seen over a shoulder or in a proxy's log is worthless."""
    if not account["totp_secret"]:
        return True
    import pyotp
    from pyotp.exceptions import OTPVerificationError

    code = request.form.get("ma", "").strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return False
    try:
        step = pyotp.TOTP(account["totp_secret"]).verify_and_get_timecode(code, valid_window=1)
    except OTPVerificationError:
        return False
    return board().store.use_totp_step(account["id"], step)


@blueprint.post("/tinh/dang-xuat")
def logout() -> Any:
    session.clear()
    return redirect(url_for("board.login_form"))


@blueprint.get("/tinh/")
def home() -> Any:
    return redirect(url_for("board.grid" if session.get("role") == BOARD else "board.proposals"))


def facts(b: Board) -> tuple[list[ClusterFacts], list[int]]:
    """Every cluster's facts from its own portal's memory: nothing is read again unless a file changed."""
    day = b.today()
    year, months = b.province.province.year, board_months(b.province, day)
    dossiers = b.store.dossier_states(year)
    out = []
    for code, p in b.clusters.items():
        checked = current(p.cache, p.cfg, p.inputs, day, p.memo)
        outputs = [p.outputs, p.state / "builds"]
        office = found(outputs)  # the office's scoring workbooks, by modification time
        known = b.scores.get(code)
        if known is None or known[0] is not checked or known[1] != office:  # what the scores were computed from
            known = (checked, office, year_scores(checked, p.cfg, latest_scoring(office, p.cfg, day)))
            b.scores[code] = known
        reports = built_reports(outputs)
        awards = b.province.province.awards
        out.append(cluster_facts(code, p.cfg, checked, known[2], months, year, awards, dossiers.get(code), reports))
    return out, months


def _cell_class(done: Any) -> str:
    if done is None or done.owed == 0:
        return "s-none"
    if done.with_errors:
        return "s-error"
    if done.missing:
        return "s-missing"
    if done.late:
        return "s-late"
    return "s-ok" if done.sent == done.owed else "s-notdue"


@blueprint.get("/tinh/tien-do")
def grid() -> str:
    found, months = facts(board())
    rows = [(f, [(progress_text(f.periods.get(m)), _cell_class(f.periods.get(m))) for m in months]) for f in found]
    return render_template("board_grid.html", rows=rows, months=months, year=board().province.province.year)


@blueprint.get("/tinh/de-nghi")
def proposals() -> str:
    found, _ = facts(board())
    return render_template("board_proposals.html", facts=found, stage_sentence=stage_sentence, vote_text=vote_text)


def _documents(p: Any) -> dict[str, Path]:
    """A cluster's documents by the name the board sees: thidua run's outputs and the portal's builds."""
    found = {}
    for folder, label in ((p.outputs, ""), (p.state / "builds", "cổng/")):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in DOCUMENT_SUFFIXES and "phan-hoi" not in path.parts and path.is_file():
                    found[label + path.relative_to(folder).as_posix()] = path
    return found


def _cluster(code: str) -> Any:
    p = board().clusters.get(code)
    if p is None:
        abort(404)
    return p


@blueprint.get("/tinh/cum/<code>/")
def cluster(code: str) -> str:
    p = _cluster(code)
    return render_template("board_cluster.html", code=code, name=p.cfg.cluster.name, documents=list(_documents(p)))


@blueprint.get("/tinh/cum/<code>/tai-ve")
def document(code: str) -> Any:
    p = _cluster(code)
    name = request.args.get("tep", "")
    path = _documents(p).get(name)  # a name from the list, never a path joined from the request
    if path is None:
        abort(404)
    board().store.log(session["actor"], "download", f"{code}: {name}")
    return send_file(path, mimetype=DOWNLOAD_TYPES.get(path.suffix, "application/pdf"), as_attachment=True)


@blueprint.get("/tinh/tong-hop-tinh.xlsx")
def summary_book() -> Any:
    from thidua.workbooks.province_book import write_province_book

    b = board()
    found, months = facts(b)
    target = _scratch(b) / "tong-hop-tinh.xlsx"
    write_province_book(found, months, b.province.province.year, target)
    return send_file(target, mimetype=DOWNLOAD_TYPES[".xlsx"], as_attachment=True, download_name=target.name)


@blueprint.get("/tinh/danh-sach-de-nghi.docx")
def council_list() -> Any:
    from thidua.report.council_list import write_council_list

    b = board()
    found, _ = facts(b)
    target = _scratch(b) / "danh-sach-de-nghi.docx"
    write_council_list(found, b.province, target)
    return send_file(target, mimetype=DOWNLOAD_TYPES[".docx"], as_attachment=True, download_name=target.name)


def _scratch(b: Board) -> Path:
    """A fresh folder for one download (two requests never share a file half-written)."""
    b.state.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="tai-ve-", dir=b.state))
