"""Turn Google's error answers into our error types with messages a customer can act on."""

from __future__ import annotations

import json
from typing import Any

from googleapiclient.errors import HttpError

from service.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceeded,
    WorkspaceError,
)

RATE_LIMIT_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}


def error_details(error: HttpError) -> tuple[int, str, str]:
    """(status, reason or status name, message) from either of Google's error shapes."""
    status = int(error.resp.status)
    try:
        body: Any = json.loads(error.content.decode("utf-8", "replace"))
    except ValueError:
        return status, "", error.content.decode("utf-8", "replace")[:200]
    inner = body.get("error", {}) if isinstance(body, dict) else {}
    if not isinstance(inner, dict):  # the OAuth endpoint answers {"error": "invalid_grant"}
        return status, str(inner), str(body.get("error_description", ""))
    items = inner.get("errors") or [{}]
    reason = str(items[0].get("reason") or inner.get("status") or "")
    return status, reason, str(inner.get("message", ""))


def is_retryable(error: HttpError) -> bool:
    """429, 5xx and 403 rate-limit answers are worth retrying with back-off."""
    status, reason, _ = error_details(error)
    return status == 429 or status >= 500 or (status == 403 and reason in RATE_LIMIT_REASONS)


def translate(error: HttpError, what: str) -> WorkspaceError:
    """Our error for a failed call about ``what`` (e.g. "template doc 1abc")."""
    status, reason, message = error_details(error)
    text = f"{what}: {message or reason or 'HTTP ' + str(status)}"
    if status == 404:
        return NotFoundError(
            f"{what} was not found, or is not shared with the account the service acts as",
            status=status,
            reason=reason,
        )
    if status in (401, 403) and reason not in RATE_LIMIT_REASONS:
        hint = ""
        if reason in (
            "insufficientPermissions",
            "PERMISSION_DENIED",
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
        ):
            hint = " (check that the OAuth scopes in the README are granted)"
        return PermissionDeniedError(text + hint, status=status, reason=reason)
    if status == 429 or reason in RATE_LIMIT_REASONS:
        return QuotaExceeded(
            f"{what}: Google quota still exceeded after retries; the job can be re-run safely",
            status=status,
            reason=reason,
        )
    if status in (409, 412) or (status == 400 and "revision" in message.lower()):
        return ConflictError(text, status=status, reason=reason)
    return WorkspaceError(text, status=status, reason=reason)
