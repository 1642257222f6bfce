"""The portal served by waitress: its settings, and Vietnamese pages for what waitress refuses before the
application sees a request (a body over the server's limit, a request it cannot parse), which it would
otherwise answer in English plain text."""

from __future__ import annotations

from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask

from thidua.config import Portal
from thidua.portal.app import SECURITY_HEADERS
from thidua.portal.errors import page

# Slow clients hold a connection, not a thread (waitress reads requests asynchronously), so a high cap on
# connections and a short idle timeout keep a handful of them from blocking an office.
CONNECTIONS, IDLE_SECONDS = 1000, 30


def server_options(settings: Portal) -> dict[str, object]:
    """waitress settings: a request body bound just above the upload limit; proxy headers trusted only from
    the configured proxy (waitress then sets the client address and scheme from them)."""
    options: dict[str, object] = {
        "threads": 8,
        "max_request_body_size": (settings.max_upload_mb + 1) * 2**20,
        "connection_limit": CONNECTIONS,
        "channel_timeout": IDLE_SECONDS,
        "ident": "thidua",
    }
    if settings.trusted_proxy:
        options |= {
            "trusted_proxy": settings.trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    return options


def _pages(app: Flask, limit: int) -> dict[int, bytes]:
    """The error pages waitress may need, rendered once at start-up with the application's own template."""
    with app.test_request_context("/"):
        return {code: page(code, limit)[0].encode("utf-8") for code in (400, 413, 431, 500)}


def serve(app: Flask, settings: Portal, host: str, port: int, wsgi: Any = None) -> Any:
    """A waitress server (not yet running) for the app (or for `wsgi`, a province's portal made of several
    apps; `app` then renders waitress's own error pages); its `effective_port` is the port it listens on."""
    pages = _pages(app, settings.max_upload_mb)

    class VietnameseErrorTask(ErrorTask):
        def execute(self) -> None:
            error = self.request.error
            body = pages.get(error.code) or pages[400 if error.code < 500 else 500]
            self.status = f"{error.code} {error.reason}"
            self.response_headers.append(("Content-Type", "text/html; charset=utf-8"))
            self.response_headers.extend(SECURITY_HEADERS.items())  # waitress's own answers are pages like ours
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):
        error_task_class = VietnameseErrorTask

    server = create_server(wsgi or app, host=host, port=port, **server_options(settings))
    server.channel_class = Channel
    return server
