"""Authenticating ``/tasks/<job>`` calls: App Engine cron, an OIDC token (Cloud Scheduler's, or
Cloud Tasks' for the cloud_tasks executor), or a shared secret.

OIDC tokens are checked with google-auth's ``id_token.verify_token`` against Google's
certificates, or the emulator's when ``google.yaml: endpoint`` points at it (configuration,
not patching): signature, expiry, audience, issuer, then the service account's address.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from service.settings import Config
from service.settings.models import TaskAuthConfig

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Oneonone-Task-Secret"  # noqa: S105 - a header name
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
CERTS_PATH = "/oauth2/v1/certs"  # the same path on an endpoint override (the emulator)
ISSUERS = ("accounts.google.com", "https://accounts.google.com")
Verifier = Callable[[str, str], Mapping[str, Any]]  # (token, audience) -> claims


def id_token_verifier(certs_url: str = GOOGLE_CERTS_URL) -> Verifier:
    """Checks a Google-signed ID token against the certificates at ``certs_url``."""

    def verify(token: str, audience: str) -> Mapping[str, Any]:
        from google.auth.transport import requests as google_requests
        from google.oauth2 import id_token

        claims: Mapping[str, Any] = id_token.verify_token(
            token, google_requests.Request(), audience, certs_url=certs_url
        )
        if claims.get("iss") not in ISSUERS:
            raise ValueError("the token was not issued by Google")
        return claims

    return verify


_verify_google_id_token = id_token_verifier()


def oidc_callers(config: Config) -> list[tuple[str, str]]:
    """(audience, service account) of every OIDC caller the configuration accepts: Cloud
    Scheduler's (``task_auth``) and, with the cloud_tasks executor, Cloud Tasks'."""
    callers = []
    auth = config.service.task_auth
    if auth.oidc_audience and auth.oidc_service_account:
        callers.append((auth.oidc_audience, auth.oidc_service_account))
    tasks = config.service.cloud_tasks
    if config.service.executor == "cloud_tasks" and tasks is not None:
        callers.append((tasks.service_url, tasks.invoker_service_account))
    return callers


def authorize_request(
    headers: Mapping[str, str], config: Config, *, environ: Mapping[str, str] = os.environ
) -> tuple[bool, str]:
    """``authorize`` with everything the configuration says: the OIDC callers, and the
    emulator's certificates when ``google.yaml: endpoint`` is set."""
    endpoint = config.google.endpoint
    certs = endpoint.rstrip("/") + CERTS_PATH if endpoint else GOOGLE_CERTS_URL
    return authorize(
        headers,
        config.service.task_auth,
        environ=environ,
        verify=id_token_verifier(certs),
        callers=oidc_callers(config),
    )


def on_app_engine(environ: Mapping[str, str] = os.environ) -> bool:
    """True only when the process runs on App Engine (which strips X-Appengine-* headers)."""
    return bool(environ.get("GAE_APPLICATION")) and bool(environ.get("GAE_ENV"))


def authorize(
    headers: Mapping[str, str],
    config: TaskAuthConfig,
    *,
    environ: Mapping[str, str] = os.environ,
    verify: Verifier = _verify_google_id_token,
    callers: Sequence[tuple[str, str]] | None = None,
) -> tuple[bool, str]:
    """(allowed, how or why not) for a task request's headers; ``callers`` are the
    (audience, service account) pairs an OIDC token may be for (default: ``config``'s)."""
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
    if callers is None:
        audience, account = config.oidc_audience, config.oidc_service_account
        callers = [(audience, account)] if audience and account else []
    bearer = headers.get("Authorization", "")
    if bearer.startswith("Bearer ") and callers:
        return _check_oidc(bearer.removeprefix("Bearer "), callers, verify)
    return False, "no task credentials"


def _check_oidc(
    token: str, callers: Sequence[tuple[str, str]], verify: Verifier
) -> tuple[bool, str]:
    """Verified for one of the callers' audiences, and from that caller's account."""
    claimed = _unverified_audience(token)  # only to try the likely audience first
    audiences = sorted({a for a, _ in callers}, key=lambda a: a != claimed)
    for audience in audiences:
        try:
            claims = verify(token, audience)
        except Exception as exc:  # any verification failure is a refusal
            log.info("OIDC token refused: %s", type(exc).__name__)
            continue
        email = str(claims.get("email", "")).lower()  # addresses compare case-insensitively
        allowed = {account.lower() for a, account in callers if a == audience}
        if email in allowed and claims.get("email_verified"):
            return True, "oidc"
        return False, "OIDC token is not from the configured service account"
    return False, "invalid OIDC token"


def _unverified_audience(token: str) -> str | None:
    from google.auth import jwt

    try:
        claims = jwt.decode(token, verify=False)  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        return None
    audience = claims.get("aud")
    return audience if isinstance(audience, str) else None
