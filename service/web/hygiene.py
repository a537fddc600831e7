"""What every request passes through: size limit, refusals while draining, security headers.

- A request body over ``MAX_REQUEST_BYTES`` gets 413 before any view runs (no endpoint takes
  a body; Flask's ``MAX_CONTENT_LENGTH`` also guards a body sent without a length).
- While the service drains for a shutdown, ``/tasks`` answers 503 (with ``Retry-After``) so a
  cron or scheduler retries against the next instance instead of starting a job here that
  would be cut short.
- Every response says what it is and may not be framed or sniffed; HTML pages (``/status``)
  get a Content-Security-Policy that allows nothing but their own inline style.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue

from service.web.app import runtime_of

MAX_REQUEST_BYTES = 64 * 1024
RETRY_AFTER_SECONDS = 30
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def hygiene_init_app(app: Flask) -> None:
    """Install the request checks and response headers on ``app``."""
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default: no limit
        app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @app.before_request
    def refuse_large_bodies() -> ResponseReturnValue | None:
        limit = app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is not None and request.content_length > limit:
            return jsonify(error=f"request body over {limit} bytes"), 413
        return None

    @app.before_request
    def refuse_tasks_while_draining() -> ResponseReturnValue | None:
        if request.blueprint == "tasks" and runtime_of(app).lifecycle.draining.is_set():
            response = jsonify(error="the service is shutting down; retry later")
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", HTML_POLICY)
        return response
