"""Authenticating ``/tasks/<job>`` calls: App Engine cron, Cloud Scheduler OIDC, or a secret."""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from service.settings.models import TaskAuthConfig

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Oneonone-Task-Secret"  # noqa: S105 - a header name
Verifier = Callable[[str, str], Mapping[str, Any]]  # (token, audience) -> claims


def _verify_google_id_token(token: str, audience: str) -> Mapping[str, Any]:
    from google.auth.transport import requests as google_requests
    from google.oauth2 import id_token

    claims: Mapping[str, Any] = id_token.verify_oauth2_token(  # type: ignore[no-untyped-call]
        token, google_requests.Request(), audience
    )
    return claims


def on_app_engine(environ: Mapping[str, str] = os.environ) -> bool:
    """True only when the process runs on App Engine (which strips X-Appengine-* headers)."""
    return bool(environ.get("GAE_APPLICATION")) and bool(environ.get("GAE_ENV"))


def authorize(
    headers: Mapping[str, str],
    config: TaskAuthConfig,
    *,
    environ: Mapping[str, str] = os.environ,
    verify: Verifier = _verify_google_id_token,
) -> tuple[bool, str]:
    """(allowed, how or why not) for a task request's headers."""
    if headers.get("X-Appengine-Cron") == "true":
        if on_app_engine(environ):
            return True, "app-engine-cron"
        return False, "X-Appengine-Cron is only trusted on App Engine"
    secret = environ.get(config.shared_secret_env, "")
    given = headers.get(SECRET_HEADER, "")
    if given:
        if secret and hmac.compare_digest(given.encode(), secret.encode()):
            return True, "shared-secret"
        return False, "wrong task secret"
    bearer = headers.get("Authorization", "")
    if bearer.startswith("Bearer ") and config.oidc_audience and config.oidc_service_account:
        try:
            claims = verify(bearer.removeprefix("Bearer "), config.oidc_audience)
        except Exception as exc:  # any verification failure is a refusal
            log.info("OIDC token refused: %s", type(exc).__name__)
            return False, "invalid OIDC token"
        email = str(claims.get("email", "")).lower()  # addresses compare case-insensitively
        if email == config.oidc_service_account and claims.get("email_verified"):
            return True, "oidc"
        return False, "OIDC token is not from the configured service account"
    return False, "no task credentials"
