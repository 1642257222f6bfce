"""The dossier of a report built on the portal, signed from the office's browser: for each PDF the page
offers VGCA's desktop signing service (driven by the office's own copy of vgcaplugin.js) a link to fetch it
and a link to post it back signed, each a one-time token bound to the document and to the office's
session, for 15 minutes (state/handoffs.py); or a signed copy uploaded by hand. Either way the file is
kept only when it is the same document with a new signature that holds (signing/verify.py), by someone
its index names; the dossier's zip is then made again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, send_file, url_for

from thidua.portal import builds
from thidua.portal.chair_views import blueprint
from thidua.portal.context import Portal, portal
from thidua.signing.dossier import Document, documents, expected
from thidua.signing.facts import FileCheck
from thidua.signing.package import put_signed, signature_lines
from thidua.signing.verify import check_pdf, load_roots
from thidua.state.access import CHAIR
from thidua.state.handoffs import DOWNLOAD, UPLOAD, Handoff
from thidua.words.signatures import file_text

handoff = Blueprint("handoff", __name__, url_prefix="/ky-so")  # the desktop service's: no session, a token
PLUGIN = "vgcaplugin.js"  # VGCA's page script, the office's own copy in the portal's state folder
# The signing page runs scripts (its own, and VGCA's, which talks to the desktop service on this computer).
SIGNING_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; script-src 'self'; connect-src 'self' ws://127.0.0.1:* wss://127.0.0.1:* "
    "ws://localhost:* wss://localhost:*"
)
REFUSED = {  # why a one-time link does not work, for the service's message and the office
    "used": "Đường dẫn ký số này đã được dùng; hãy bấm “Ký số” lại trên trang của Văn phòng.",
    "expired": "Đường dẫn ký số đã hết hạn (15 phút); hãy bấm “Ký số” lại trên trang của Văn phòng.",
    "signed out": "Phiên đăng nhập của Văn phòng đã kết thúc; hãy đăng nhập lại rồi ký.",
    "unknown": "Đường dẫn ký số không hợp lệ.",
}


def _dossier(p: Portal, build_id: str) -> tuple[Path, int, list[Document]]:
    """The dossier folder of a build, its year and documents; 404 when the build has none."""
    folder = next((f.parent / f.stem for f in builds.files(p.state, build_id).values() if f.suffix == ".zip"), None)
    if folder is None or not folder.is_dir():
        abort(404)
    try:
        year, docs = documents(folder)
    except ValueError:
        abort(404)
    return folder, year, docs


def _document(docs: list[Document], n: int) -> Document:
    if not 0 <= n < len(docs) or docs[n].pdf is None or not docs[n].pdf.is_file():  # type: ignore[union-attr]
        abort(404)
    return docs[n]


def accept_signed(p: Portal, folder: Path, year: int, document: Document, data: bytes) -> tuple[bool, str]:
    """Keep `data` in place of the document's PDF when it is that very file with one more signature, and
    every signature holds; (kept, what to say)."""
    assert document.pdf is not None
    original = document.pdf.read_bytes()
    if not data.startswith(b"%PDF") or len(data) <= len(original) or not data.startswith(original):
        return False, "Tệp gửi lên không phải bản ký của đúng văn bản này (nội dung khác bản đang có trong hồ sơ)."
    roots = load_roots(p.cfg.signing.trusted_roots)
    check = check_pdf(data, document.pdf.name, roots, expected(document, year))
    before = check_pdf(original, document.pdf.name, roots, expected(document, year))
    if not check.ok or len(check.signatures) <= len(before.signatures):
        return False, " ".join(file_text(check))
    put_signed(folder, {document.pdf.name: data}, _lines(folder, year, {document.pdf.name: check}))
    who = check.signatures[-1].signer
    p.store.log(CHAIR, "sign", f"{document.pdf.name}: chữ ký số của {who.name if who else '?'} đã kiểm tra, đã lưu")
    return True, " ".join(file_text(check))


def _lines(folder: Path, year: int, fresh: dict[str, FileCheck]) -> list[str]:
    """The index's signature section: every PDF of the dossier and who has signed it."""
    _, docs = documents(folder)
    return signature_lines(docs, year, portal().cfg.signing, fresh)


@blueprint.get("/ky-so/<build_id>")
def signing_page(build_id: str, message: str = "", status: int = 200) -> Any:
    p = portal()
    folder, year, docs = _dossier(p, build_id)
    roots = load_roots(p.cfg.signing.trusted_roots)
    rows = [
        (n, d, file_text(check_pdf(d.pdf.read_bytes(), d.pdf.name, roots, expected(d, year))))
        for n, d in enumerate(docs)
        if d.pdf is not None and d.pdf.is_file()
    ]
    plugin = (p.state / PLUGIN).is_file()
    g.csp = SIGNING_CSP
    page = render_template(
        "signing.html", build_id=build_id, rows=rows, plugin=plugin, message=message, folder=folder.name
    )
    return page, status


@blueprint.post("/ky-so/<build_id>/<int:n>/lien-ket")
def handoff_links(build_id: str, n: int) -> Any:
    """The two one-time links for VGCA's desktop service, as its page script hands them over."""
    p = portal()
    _, _, docs = _dossier(p, build_id)
    document = _document(docs, n)
    tokens = p.store.issue_handoff(build_id, document.pdf.name, _session_id())  # type: ignore[union-attr]
    return jsonify(
        FileName=url_for("handoff.fetch", token=tokens[DOWNLOAD], _external=True),
        FileUploadHandler=url_for("handoff.receive", token=tokens[UPLOAD], _external=True),
        SessionId="",
    )


def _session_id() -> str:
    from flask import session

    sid = getattr(session, "sid", None)
    if not sid:
        abort(403)
    return str(sid)


@blueprint.post("/ky-so/<build_id>/<int:n>")
def upload_signed(build_id: str, n: int) -> Any:
    """A copy signed outside the portal (VGCA's desktop application, another tool), uploaded by hand."""
    p = portal()
    folder, year, docs = _dossier(p, build_id)
    document = _document(docs, n)
    sent = request.files.get("tep")
    kept, said = accept_signed(p, folder, year, document, sent.read() if sent else b"")
    if not kept:
        return signing_page(build_id, said, 400)
    return redirect(url_for("chair.signing_page", build_id=build_id))


def _handoff(token: str, purpose: str) -> tuple[Portal, Handoff | str]:
    p = portal()
    return p, p.store.use_handoff(token, purpose)


@handoff.get("/tai-ve/<token>")
def fetch(token: str) -> Any:
    p, found = _handoff(token, DOWNLOAD)
    if isinstance(found, str):
        return jsonify(Status=False, Message=REFUSED[found], FileName="", FileServer=""), 403
    _, _, docs = _dossier(p, found.build_id)
    document = next((d for d in docs if d.pdf is not None and d.pdf.name == found.file_name), None)
    if document is None or document.pdf is None:
        abort(404)
    return send_file(document.pdf, mimetype="application/pdf", as_attachment=True, download_name=found.file_name)


@handoff.post("/tai-len/<token>")
def receive(token: str) -> Any:
    """What VGCA's service posts: the signed file (whatever the form field's name). It answers, as the
    service expects, {Status, Message, FileName, FileServer}."""
    p, found = _handoff(token, UPLOAD)
    if isinstance(found, str):
        return jsonify(Status=False, Message=REFUSED[found], FileName="", FileServer=""), 403
    folder, year, docs = _dossier(p, found.build_id)
    document = next((d for d in docs if d.pdf is not None and d.pdf.name == found.file_name), None)
    if document is None:
        abort(404)
    sent = next(iter(request.files.values()), None)
    data = sent.read() if sent else request.get_data()
    kept, said = accept_signed(p, folder, year, document, data)
    server = url_for("chair.signing_page", build_id=found.build_id, _external=True)
    return jsonify(Status=kept, Message=said, FileName=found.file_name, FileServer=server), (200 if kept else 400)


@handoff.get("/" + PLUGIN)
def plugin() -> Any:
    """The office's copy of VGCA's script, served from the portal so the page's policy allows it."""
    path = portal().state / PLUGIN
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="text/javascript")
