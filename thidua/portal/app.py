"""The portal's Flask application: server sessions in SQLite, CSRF on every form, security headers on every
response, Vietnamese error pages. Views are in unit_views.py (a unit, by its private link) and
chair_views.py (the chair's office, by password)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, render_template
from flask.sessions import SessionInterface, SessionMixin
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.datastructures import CallbackDict

from thidua import layout
from thidua.config import Config
from thidua.findings import ERROR, WARNING
from thidua.intake.completeness import LATE, MISSING, NO_LONGER_MEMBER, NOT_DUE, NOT_YET_MEMBER, ON_TIME, UNDATED
from thidua.periods import PeriodError, parse_period
from thidua.portal.context import Portal
from thidua.portal.overview import HAS_ERRORS, Memo, fingerprint
from thidua.portal.store import Store
from thidua.portal.uploads import year_kind

COOKIE = "thidua_phien"
STATUS_CLASSES = {
    ON_TIME: "s-ok",
    LATE: "s-late",
    UNDATED: "s-undated",
    MISSING: "s-missing",
    NOT_DUE: "s-notdue",
    NOT_YET_MEMBER: "s-none",
    NO_LONGER_MEMBER: "s-none",
    HAS_ERRORS: "s-error",
}
SEVERITY_CLASSES = {ERROR: "f-error", WARNING: "f-warning"}
# No script at all, nothing from elsewhere, never in a frame: the pages need only their own CSS.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class ServerSession(CallbackDict, SessionMixin):
    """Session data kept server-side; the cookie holds only a random id (stored hashed)."""

    def __init__(self, data: dict[str, Any] | None = None, sid: str | None = None):
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.sid, self.modified, self.renew = sid, False, False


class SqliteSessions(SessionInterface):
    def __init__(self, store: Store, lifetime: timedelta, secure: bool):
        self.store, self.lifetime, self.secure = store, lifetime, secure

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(COOKIE)
        loaded = self.store.load_session(sid) if sid else None
        return ServerSession(loaded[1], sid) if loaded and sid else ServerSession()

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if session.renew and session.sid:  # a login: the id that existed before it is never reused
            self.store.drop_session(session.sid)
            session.sid = None
        if not session.modified and not session.renew:
            return
        if not session:
            if session.sid:
                self.store.drop_session(session.sid)
            response.delete_cookie(COOKIE)
            return
        session.sid = session.sid or secrets.token_urlsafe(32)
        self.store.save_session(session.sid, str(session.get("actor", "")), dict(session), self.lifetime)
        response.set_cookie(
            COOKIE,
            session.sid,
            max_age=int(self.lifetime.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=self.secure,
        )


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"  # a unit's link must never leak in a Referer
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(code: int, title: str, text: str) -> tuple[str, int]:
    return render_template("error.html", title=title, text=text), code


def _period_label(key: str, frequency: str) -> str:
    """'2023-06' → 'tháng 6 năm 2023'; '2023-dang-ky' → 'bản đăng ký thi đua năm 2023'; else as it is."""
    if kind := year_kind(key):
        return f"{layout.YEAR_KINDS[kind]} năm {key[:4]}"
    try:
        return parse_period(key, frequency).label
    except PeriodError:
        return key


def create_app(cfg: Config, config_path: Path, inputs: Path, outputs: Path, today: Callable[[], date]) -> Flask:
    from thidua.portal import chair_views, unit_views

    state = (config_path.parent / cfg.portal.state).resolve()
    store = Store(state / "portal.sqlite3")
    app = Flask(__name__, template_folder="templates", static_folder="static")
    app.config.update(
        SECRET_KEY=store.secret_key(),
        MAX_CONTENT_LENGTH=cfg.portal.max_upload_mb * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session, which expires by itself
    )
    app.session_interface = SqliteSessions(store, timedelta(hours=cfg.portal.session_hours), cfg.portal.secure_cookies)
    CSRFProtect(app)
    app.extensions["thidua"] = Portal(
        cfg, config_path, inputs, outputs, state, store, today, fingerprint(config_path), Memo()
    )
    app.after_request(_headers)
    app.register_blueprint(unit_views.blueprint)
    app.register_blueprint(chair_views.blueprint)
    app.context_processor(lambda: {"cluster": cfg.cluster})
    app.add_template_filter(lambda status: STATUS_CLASSES.get(status, ""), "status_class")
    app.add_template_filter(lambda severity: SEVERITY_CLASSES.get(severity, ""), "severity_class")
    app.add_template_filter(lambda key: _period_label(key, cfg.reporting.frequency), "period_label")
    app.add_template_filter(lambda moment: datetime.fromisoformat(moment).strftime("%H:%M ngày %d/%m/%Y"), "vn_time")
    limit = cfg.portal.max_upload_mb
    app.register_error_handler(
        404, lambda e: _error(404, "Không tìm thấy", "Trang hoặc tệp này không có, hoặc bạn không có quyền xem.")
    )
    app.register_error_handler(
        403, lambda e: _error(403, "Không có quyền", "Hãy mở lại đường liên kết riêng của đơn vị hoặc đăng nhập.")
    )
    app.register_error_handler(
        413,
        lambda e: _error(413, "Tệp quá lớn", f"Tệp gửi lên vượt quá {limit} MB; biểu mẫu đã điền thường dưới 1 MB."),
    )
    app.register_error_handler(
        CSRFError, lambda e: _error(400, "Phiên làm việc đã hết hạn", "Hãy tải lại trang rồi làm lại.")
    )
    app.register_error_handler(405, lambda e: _error(405, "Không thực hiện được", "Hãy quay lại trang trước."))
    return app
