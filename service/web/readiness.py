"""``/readyz``: whether this instance should get traffic, with the reason when not.

Liveness (``/healthz``) says the process answers; readiness says it can do its work: it is not
shutting down, its configuration directory still validates, and its credentials still give an
access token. The checks cost a YAML parse and, at most once per token lifetime, one token
request, so their result is kept for ``ttl`` seconds (probes come every few seconds). The
reason names the part that is broken, never a value, a key or an address.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import requests
from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError
from google.auth.transport.requests import Request

from service.errors import ConfigError
from service.google.credentials import CredentialSource
from service.settings import Config, load_config
from service.web.app import runtime_of

readiness_bp = Blueprint("readiness", __name__)
TOKEN_TIMEOUT_SECONDS = 5.0


@dataclass
class Readiness:
    """The cached result of the configuration and credentials checks."""

    config: Config
    ttl: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _checked: tuple[float, str | None] | None = None
    _credentials: tuple[tuple[str, bytes], Any] | None = None  # (file stamp, credentials)

    def problem(self) -> str | None:
        """Why this instance is not ready (None when it is), at most ``ttl`` seconds old.

        While one probe re-checks, the others answer from the last result rather than
        queueing behind a slow token endpoint (each would hold a request thread)."""
        checked = self._checked
        if checked is not None and self.clock() - checked[0] < self.ttl:
            return checked[1]
        if not self._lock.acquire(blocking=checked is None):
            return checked[1] if checked else None
        try:
            result = self._config_problem() or self._credentials_problem()
            self._checked = (self.clock(), result)
            return result
        finally:
            self._lock.release()

    def _config_problem(self) -> str | None:
        try:
            load_config(self.config.directory)
        except ConfigError as exc:
            files = sorted({line.split(":", 1)[0].rsplit("/", 1)[-1] for line in exc.problems})
            return f"configuration: {len(exc.problems)} problem(s) in {', '.join(files)}"
        return None

    def _credentials_problem(self) -> str | None:
        try:
            credentials = self._current_credentials()
            if not credentials.valid:
                with requests.Session() as session:
                    request = Request(session)
                    credentials.refresh(partial(request, timeout=TOKEN_TIMEOUT_SECONDS))
        except ConfigError as exc:  # the file's problem, in one line (never its content)
            if any("not found" in problem for problem in exc.problems):
                return "credentials: the key or credentials file is missing"
            return "credentials: the key or credentials file cannot be read"
        except RefreshError as exc:
            self._credentials = None
            code = str(exc.args[0]).split(":", 1)[0] if exc.args else "refused"
            return f"credentials: the token request was refused ({code[:40]})"
        except TransportError:
            return "credentials: the token endpoint did not answer"
        except (GoogleAuthError, ValueError, OSError):
            return "credentials: the key or credentials file cannot be read"
        return None

    def _current_credentials(self) -> Any:
        """The admin user's credentials from the file as it is now (each job reads it anew);
        the same object while the file is unchanged, so its token is reused."""
        auth = self.config.google.auth
        name = auth.key_file if auth.mode == "service_account" else auth.authorized_user_file
        path = self.config.resolve(name) if name else None
        if path is not None and not path.is_file():
            raise ConfigError([f"google.yaml: {path.name}: file not found"])
        stamp = (auth.mode, path.read_bytes() if path is not None else b"")
        if self._credentials is None or self._credentials[0] != stamp:
            self._credentials = None
            source = CredentialSource(auth.mode, path)
            self._credentials = (stamp, source.for_user(self.config.admin_user))
        return self._credentials[1]


def readiness_of(app: Flask) -> Readiness:
    """The app's Readiness, made on first use."""
    readiness: Readiness | None = app.extensions.get("oneonone_readiness")
    if readiness is None:
        readiness = app.extensions.setdefault(
            "oneonone_readiness", Readiness(runtime_of(app).config)
        )
    return readiness


@readiness_bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """200 when ready; 503 with the reason while shutting down or while the configuration
    or the credentials are broken."""
    if runtime_of(current_app).lifecycle.draining.is_set():
        return jsonify(ready=False, reason="shutting down"), 503
    reason = readiness_of(current_app).problem()
    if reason:
        return jsonify(ready=False, reason=reason), 503
    return jsonify(ready=True)
