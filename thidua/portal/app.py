"""The portal's Flask application: server sessions in the database, CSRF on every form, security headers on
every response, a Vietnamese page for every refusal and every error. Views are in unit_views.py (a unit, by
its private link), chair_views.py (the cluster's office, by password) and public_views.py (the front page)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, Response, g
from flask.sessions import SessionInterface, SessionMixin
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.datastructures import CallbackDict
from werkzeug.exceptions import HTTPException

from thidua import layout
from thidua.config import Config
from thidua.config import Portal as PortalSettings
from thidua.findings import ERROR, WARNING
from thidua.intake.cache import CACHE_FOLDER, OutcomeCache, fingerprint
from thidua.intake.completeness import LATE, MISSING, NO_LONGER_MEMBER, NOT_DUE, NOT_YET_MEMBER, ON_TIME, UNDATED
from thidua.periods import PeriodError, parse_period
from thidua.portal.context import Portal, ProvinceLink
from thidua.portal.errors import PAGES, page
from thidua.portal.orphans import adopt
from thidua.portal.overview import HAS_ERRORS, Memo
from thidua.portal.uploads import year_kind
from thidua.state.database import resolve
from thidua.state.store import Store, open_store

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
log = logging.getLogger("thidua.portal")


class ServerSession(CallbackDict, SessionMixin):
    """Session data kept server-side; the cookie holds only a random id (stored hashed)."""

    def __init__(self, data: dict[str, Any] | None = None, sid: str | None = None):
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.sid, self.modified, self.renew = sid, False, False


class ServerSessions(SessionInterface):
    """`cookie`: the session cookie's name; it is set for the application's own path (a province's clusters
    are mounted under /c/<code>/, each with its own cookie), so one browser holds one session per portal."""

    def __init__(self, store: Store, lifetime: timedelta, secure: bool, cookie: str = COOKIE):
        self.store, self.lifetime, self.secure, self.cookie = store, lifetime, secure, cookie

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.cookie)
        loaded = self.store.load_session(sid) if sid and len(sid) <= 100 else None  # in the store's scope only
        if not loaded or not sid:
            return ServerSession()
        return ServerSession(loaded[1], sid)

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if session.renew and session.sid:  # a login: the id that existed before it is never reused
            self.store.drop_session(session.sid)
            session.sid = None
        if not session.modified and not session.renew:
            return
        if not session:
            if session.sid:
                self.store.drop_session(session.sid)
            response.delete_cookie(self.cookie, path=_root())
            return
        session.sid = session.sid or secrets.token_urlsafe(32)
        actor, account = str(session.get("actor", "")), session.get("account")
        self.store.save_session(session.sid, actor, dict(session), self.lifetime, account)
        response.set_cookie(
            self.cookie,
            session.sid,
            max_age=int(self.lifetime.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=self.secure,
            path=_root(),
        )


def _root() -> str:
    """The path the application is served under ("/" alone, "/c/<code>/" in a province's portal)."""
    from flask import request

    return request.script_root + "/" if request.script_root else "/"


SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # A Referer only to this site itself: a unit's private link never reaches another site, while a form
    # posted over HTTPS carries the Referer Flask-WTF's CSRF check requires there (with "no-referrer",
    # Chromium sends none and every form behind an HTTPS proxy was refused).
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _headers(response: Response) -> Response:
    if response.location and 300 <= response.status_code < 400:
        # werkzeug builds its own redirects ('/chu-tri' → '/chu-tri/') from the request's Host header, which
        # the client chooses: every redirect of ours stays on this site, so only its path is kept, and the
        # body names no host either.
        target = urlsplit(response.location)
        response.location = target.path + (f"?{target.query}" if target.query else "")
        response.set_data(_redirect_body(response.location))
        response.content_type = "text/html; charset=utf-8"
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Security-Policy"] = g.get("csp", CSP)  # the signing page alone runs scripts
    return response


def _redirect_body(path: str) -> str:
    from markupsafe import escape

    link = f'<a href="{escape(path)}">trang mới</a>'
    return f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>Chuyển trang</title><p>Chuyển tới {link}.</p>'


def _period_label(key: str, frequency: str) -> str:
    """'2023-06' → 'tháng 6 năm 2023'; '2023-dang-ky' → 'bản đăng ký thi đua năm 2023'; else as it is."""
    if kind := year_kind(key):
        return f"{layout.YEAR_KINDS[kind]} năm {key[:4]}"
    try:
        return parse_period(key, frequency).label
    except PeriodError:
        return key


def _errors(app: Flask, limit: int) -> None:
    """One Vietnamese page per status; an unexpected error is logged and answered with a 500 page, never
    with a stack or Flask's English."""

    def answer(error: HTTPException) -> Any:
        return page(error.code or 500, limit)

    def unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return answer(error)
        log.exception("unexpected error")
        return page(500, limit)

    app.register_error_handler(CSRFError, lambda e: page(400, limit, "csrf"))
    app.register_error_handler(HTTPException, answer)
    app.register_error_handler(Exception, unexpected)


def _filters(app: Flask, cfg: Config, province: ProvinceLink | None = None) -> None:
    app.context_processor(lambda: {"cluster": cfg.cluster, "base_url": cfg.portal.base_url, "province": province})
    app.add_template_filter(lambda status: STATUS_CLASSES.get(status, ""), "status_class")
    app.add_template_filter(lambda severity: SEVERITY_CLASSES.get(severity, ""), "severity_class")
    app.add_template_filter(lambda key: _period_label(key, cfg.reporting.frequency), "period_label")
    app.add_template_filter(lambda moment: datetime.fromisoformat(moment).strftime("%H:%M ngày %d/%m/%Y"), "vn_time")


def guarded_app(store: Store, settings: PortalSettings, cookie: str) -> Flask:
    """A Flask application with the guards every portal application has, a cluster's as the board's: the
    secret kept in the database, the upload limit, server-side sessions under `cookie`, CSRF on every form,
    the security headers on every response."""
    app = Flask(__name__, template_folder="templates", static_folder="static")
    app.config.update(
        SECRET_KEY=store.secret_key(),
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # bound to the session, which expires by itself
    )
    lifetime = timedelta(hours=settings.session_hours)
    app.session_interface = ServerSessions(store, lifetime, settings.secure_cookies, cookie)
    CSRFProtect(app)
    app.after_request(_headers)
    return app


def create_app(
    cfg: Config,
    config_path: Path,
    inputs: Path,
    outputs: Path,
    today: Callable[[], date],
    store: Store | None = None,
    state: Path | None = None,
    province: tuple[ProvinceLink, list[str]] | None = None,
) -> Flask:
    """One cluster's portal. `store` and `state`: a province's shared database (scoped to the cluster) and
    the cluster's own state folder; by default the cluster's config.yaml says where they are. `province`:
    the cluster is one of a province's (what it knows of it, and how `thidua` names the cluster)."""
    from thidua.portal import (
        chair_dossier,
        chair_ledger,
        chair_reminders,
        chair_views,
        public_views,
        signing_views,
        unit_form_views,
        unit_views,
    )

    # their routes are on the chair's and the unit's blueprints: imported before they register
    assert chair_ledger and chair_reminders and chair_dossier and signing_views and unit_form_views

    state = state or (config_path.parent / cfg.portal.state).resolve()
    store = store or open_store(resolve(cfg.portal.database, state / "portal.sqlite3"))
    cookie = f"{COOKIE}_{province[0].code}" if province else COOKIE  # one session per cluster in a browser
    app = guarded_app(store, cfg.portal, cookie)
    cache = OutcomeCache(state / CACHE_FOLDER, fingerprint(cfg))
    source = province[1] if province else ["--config", str(config_path)]
    link = province[0] if province else None
    context = Portal(cfg, config_path, inputs, outputs, state, store, today, cache, Memo(), source, link)
    context.adopted = adopt(store, cfg, inputs, today())  # returns stored before a stop left them unrecorded
    app.extensions["thidua"] = context
    for blueprint in (public_views.blueprint, unit_views.blueprint, chair_views.blueprint, signing_views.handoff):
        app.register_blueprint(blueprint)
    # VGCA's desktop service carries no session nor form token: its two routes take a one-time token instead
    app.extensions["csrf"].exempt(signing_views.handoff)
    _filters(app, cfg, link)
    _errors(app, cfg.portal.max_upload_mb)
    assert set(PAGES) >= {400, 403, 404, 405, 413, 429, 500}
    return app
