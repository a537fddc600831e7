"""Google's refusals, as the sentence that fixes them (for ``oneonone check-access``).

Domain-wide delegation fails in a few well-known ways; each maps to one place to click:
- ``unauthorized_client`` on the token: the client id lacks a scope in the Admin console;
- ``invalid_grant`` / ``access_denied``: the user does not exist, is suspended, or the key
  was revoked;
- 403 ``insufficientPermissions``: the token was had without the scope the call needs;
- 403 ``accessNotConfigured`` / ``SERVICE_DISABLED``: the API is off in the Cloud project;
- 404: the file is gone, or not visible to the user the service acted as.
"""

from __future__ import annotations

from service.errors import NotFoundError, WorkspaceError

DELEGATION = "Admin console > Security > API controls > Domain-wide delegation"
API_NAMES = {
    "drive": "Google Drive API",
    "docs": "Google Docs API",
    "sheets": "Google Sheets API",
    "calendar": "Google Calendar API",
}
SCOPE_OF_API = {
    "drive": "https://www.googleapis.com/auth/drive.file",
    "docs": "https://www.googleapis.com/auth/documents",
    "sheets": "https://www.googleapis.com/auth/spreadsheets",
    "calendar": "https://www.googleapis.com/auth/calendar.events",
}


def grant(scopes: tuple[str, ...], client_id: str) -> str:
    """The Admin console sentence that grants ``scopes`` to the service account."""
    who = f"client id {client_id}" if client_id else "the service account's client id"
    return f"add {', '.join(scopes)} for {who} in {DELEGATION}"


def refresh_fix(exc: Exception, user: str, scopes: tuple[str, ...], client_id: str) -> str:
    """What to do when no token could be had acting as ``user`` with ``scopes``."""
    detail = str(exc.args[0]) if exc.args else str(exc)
    if "unauthorized_client" in detail:
        if len(scopes) == 1:
            return grant(scopes, client_id)
        return (
            f"Google will not let the service act as {user} (unauthorized_client): check that "
            f"{user} is a user of your Workspace domain, and {grant(scopes, client_id)}"
        )
    if "invalid_grant" in detail or "access_denied" in detail:
        return _user_refused(
            user, "invalid_grant" if "invalid_grant" in detail else "access_denied"
        )
    return f"no token acting as {user}: {detail[:200]}"


def workspace_fix(exc: WorkspaceError, api: str, user: str, what: str, client_id: str) -> str:
    """What to do when a harmless read as ``user`` failed."""
    reason = exc.reason
    if reason == "unauthorized_client":
        return str(exc)
    if reason in ("invalid_grant", "access_denied"):
        return _user_refused(user, reason)
    if reason in ("accessNotConfigured", "SERVICE_DISABLED"):
        name = API_NAMES.get(api, api)
        return f"enable the {name} in the Google Cloud project of the service account"
    if reason in (
        "insufficientPermissions",
        "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
        "PERMISSION_DENIED",
    ):
        scope = SCOPE_OF_API.get(api)
        return grant((scope,), client_id) if scope else str(exc)
    if isinstance(exc, NotFoundError):
        return (
            f"{what}: not found as {user}; if it was deleted, run `oneonone install` to make it "
            f"again, or if it is your own file, share it with {user}"
        )
    return f"{what}: {exc}"


def _user_refused(user: str, code: str) -> str:
    return (
        f"Google refused to act as {user} ({code}): the user may not exist, may be suspended, "
        "or the service account key was revoked; check the address in org.yaml and the user in "
        "the Admin console > Directory > Users"
    )
