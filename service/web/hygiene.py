"""What every request passes through: refusals before the view runs.

While the service drains for a shutdown, ``/tasks`` answers 503 (with ``Retry-After``) so a
cron or scheduler retries against the next instance instead of starting a job here that would
be cut short.
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

from service.web.app import runtime_of

RETRY_AFTER_SECONDS = 30


def hygiene_init_app(app: Flask) -> None:
    """Install the request checks on ``app``."""

    @app.before_request
    def refuse_tasks_while_draining() -> ResponseReturnValue | None:
        if request.blueprint == "tasks" and runtime_of(app).lifecycle.draining.is_set():
            response = jsonify(error="the service is shutting down; retry later")
            response.status_code = 503
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        return None
