"""A province's cluster office sends its award dossier to the board from its own pages, and sees what the
board did with it (received, returned with the reason, accepted). On the chair's blueprint, behind its
guard; a single cluster's portal (no province) has no such page."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from flask import abort, redirect, render_template, request, url_for

from thidua.atomic import atomic_path
from thidua.periods import VN_TZ
from thidua.portal.chair_views import blueprint
from thidua.portal.context import Portal, portal
from thidua.portal.dossier_files import dossier_kind
from thidua.portal.uploads import safe_name
from thidua.signing.package import check_package
from thidua.state.access import CHAIR
from thidua.state.place import DOSSIERS
from thidua.words.signatures import file_text


def _province(p: Portal) -> Any:
    if p.province is None:
        abort(404)
    return p.province


def _page(p: Portal, message: str = "", status: int = 200) -> Any:
    link = _province(p)
    history = p.store.own_dossier_history(link.year)
    return render_template("dossier_send.html", link=link, history=history, message=message), status


@blueprint.get("/ho-so-de-nghi")
def dossier() -> Any:
    return _page(portal())


@blueprint.post("/ho-so-de-nghi")
def send_dossier() -> Any:
    p = portal()
    link = _province(p)
    sent = request.files.get("tep")
    data = sent.read() if sent else b""
    kind = dossier_kind(data)
    if kind is None:
        text = "Hồ sơ phải là một tệp nén .zip (do thidua lập), một tệp PDF đã ký số hoặc một tệp Word (.docx) mở được."
        return _page(p, text, 400)
    original = safe_name(sent.filename or "") if sent else ""
    refused = [c for c in check_package(data, original, p.cfg.signing, link.year) if not c.ok]
    if refused:  # a file changed after signing, signed by someone else, under an untrusted root: not sent
        said = "; ".join(f"{c.name}: {' '.join(file_text(c))}" for c in refused)
        return _page(p, f"Hồ sơ chưa được gửi vì chữ ký số không đạt: {said}", 400)
    sha = hashlib.sha256(data).hexdigest()
    moment = datetime.now(VN_TZ)
    stored = f"{DOSSIERS}/{link.year}/{moment:%Y%m%d-%H%M%S}-{sha[:12]}.{kind}"
    target = p.state / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    if p.store.send_dossier(link.year, CHAIR, original, stored, sha) is None:  # decided in the same transaction
        target.unlink(missing_ok=True)
        return _page(p, f"{link.board} đã chấp nhận hồ sơ; muốn thay hồ sơ, hãy đề nghị Sở trả lại trước.", 409)
    p.store.log(CHAIR, "dossier", f"gửi hồ sơ đề nghị khen thưởng năm {link.year} lên {link.board}: {original}", sha)
    return redirect(url_for("chair.dossier"))
