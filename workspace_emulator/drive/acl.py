"""Drive files and who may see them: the ACL (with folder inheritance) and the facade that
the Docs and Sheets surfaces use to create, check and touch their files."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from workspace_emulator.core.auth import (
    DRIVE,
    DRIVE_FILE,
    DRIVE_METADATA_READONLY,
    DRIVE_READONLY,
)
from workspace_emulator.core.framework import ApiError, Request, Store, new_id

FILES = "files"
GOOGLE_APPS = "application/vnd.google-apps."
FOLDER = GOOGLE_APPS + "folder"
ROLE_RANK = {
    "reader": 1,
    "commenter": 2,
    "writer": 3,
    "fileOrganizer": 3,
    "organizer": 4,
    "owner": 5,
}

# mime -> fn(store, src_id, new_id, new_name): copies the content of a Doc / Sheet.
CONTENT_COPIERS: dict[str, Callable[[Store, str, str, str], None]] = {}
# mime -> fn(store, file_id) -> HTML fragment for the read-only view.
CONTENT_RENDERERS: dict[str, Callable[[Store, str], str]] = {}
# mime -> fn(store, file_id, name, owner): empty content for a Doc / Sheet made by files.create.
CONTENT_CREATORS: dict[str, Callable[[Store, str, str, str], None]] = {}
# mime -> fn(store, file_id, export mime) -> the exported bytes, or None when not emulated.
CONTENT_EXPORTERS: dict[str, Callable[[Store, str, str], bytes | None]] = {}
# mime -> every export format Google offers for it (others are Google's 400).
EXPORT_FORMATS: dict[str, frozenset[str]] = {}
# mime -> fn(store, file_id, content type, data, user) -> False when that type is not converted:
# new content for a Doc / Sheet converted from an upload (Drive v2's convert=true).
CONTENT_IMPORTERS: dict[str, Callable[[Store, str, str, bytes, str], bool]] = {}


def timestamp(store: Store) -> str:
    """RFC 3339 with milliseconds and Z, from the store's (simulated) clock."""
    now: datetime = store.now().astimezone(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def person(email: str) -> dict[str, Any]:
    """A Drive User resource."""
    return {
        "kind": "drive#user",
        "displayName": email.split("@")[0].replace(".", " ").title(),
        "emailAddress": email,
        "me": False,
        "permissionId": str(int(hashlib.sha256(email.lower().encode()).hexdigest()[:15], 16)),
    }


def permission(
    email: str | None, role: str, kind: str = "user", domain: str | None = None
) -> dict[str, Any]:
    """A Drive Permission resource."""
    perm: dict[str, Any] = {"kind": "drive#permission", "type": kind, "role": role}
    if email:
        perm.update(
            id=person(email)["permissionId"],
            emailAddress=email.lower(),
            displayName=person(email)["displayName"],
        )
    elif kind == "domain":
        perm.update(id=f"domain-{domain}", domain=domain)
    else:
        perm.update(id="anyoneWithLink" if kind == "anyone" else new_id(20))
    return perm


def create_file(
    store: Store,
    owner: str,
    name: str,
    mime_type: str,
    parents: list[str] | None = None,
    *,
    app_id: str = "",
) -> dict[str, Any]:
    """Store a new file owned by ``owner`` and return its resource."""
    file_id = new_id()
    now = timestamp(store)
    file: dict[str, Any] = {
        "kind": "drive#file",
        "id": file_id,
        "name": name,
        "mimeType": mime_type,
        "parents": list(parents or []),
        "owners": [person(owner)],
        "permissions": [permission(owner, "owner")],
        "createdTime": now,
        "modifiedTime": now,
        "lastModifyingUser": person(owner),
        "version": "1",
        "trashed": False,
        "starred": False,
        "writersCanShare": True,
        "appProperties": {},
        "properties": {},
        "createdByApp": app_id,
        # drive.file: the (OAuth client, user) pairs the file is authorized for.
        "appUsers": [app_user(app_id, owner)] if app_id else [],
        "revisions": [{"id": "1", "modifiedTime": now, "lastModifyingUser": person(owner)}],
    }
    store.put(FILES, file_id, file)
    return file


def app_user(client_id: str, user: str) -> str:
    """The key of one per-user ``drive.file`` authorization."""
    return f"{client_id} {user.lower()}"


def app_authorized(request: Request, file: dict[str, Any], *, write: bool) -> bool:
    """May the OAuth client of ``request`` reach ``file`` through Drive, as its user?

    ``drive`` reaches every file the user can; ``drive.readonly`` and
    ``drive.metadata.readonly`` every one for reading. ``drive.file`` is "per-file access to
    files created or opened by the app", granted "on a per-user basis": only files this
    client made (or copied) acting as this same user. The Docs and Sheets APIs are not
    limited by it; only Drive calls check this.
    """
    scopes = request.scopes
    if not scopes or DRIVE in scopes:
        return True
    if not write and scopes & {DRIVE_READONLY, DRIVE_METADATA_READONLY}:
        return True
    if DRIVE_FILE not in scopes:
        return False
    granted = file.get("appUsers")
    if granted is None and file.get("createdByApp"):  # state written before per-user grants
        granted = [app_user(file["createdByApp"], file["owners"][0]["emailAddress"])]
    return app_user(request.client_id, request.user) in (granted or [])


def require_drive_file(request: Request, file_id: str, role: str = "reader") -> dict[str, Any]:
    """``require_file`` for a Drive call: also 404 when the client's scopes do not reach the
    file for ``request.user`` (``drive.file`` is per user), as Google answers."""
    store: Store = request.store
    file = store.get(FILES, file_id)
    if file is not None and not app_authorized(request, file, write=role != "reader"):
        raise ApiError(404, f"File not found: {file_id}.", reason="notFound", location="fileId")
    return require_file(store, file_id, request.user, role)


def roles_of(store: Store, file: dict[str, Any], user: str, depth: int = 0) -> set[str]:
    """Every role ``user`` holds on ``file``, directly or through a parent folder."""
    roles: set[str] = set()
    domain = user.split("@")[-1]
    for perm in file.get("permissions", []):
        kind = perm.get("type")
        if (
            (kind in ("user", "group") and perm.get("emailAddress", "").lower() == user)
            or (kind == "domain" and perm.get("domain") == domain)
            or kind == "anyone"
        ):
            roles.add(perm["role"])
    if depth < 20:
        for parent_id in file.get("parents", []):
            parent = store.get(FILES, parent_id)
            if parent is not None:
                roles |= roles_of(store, parent, user, depth + 1)
            drive = store.get("drives", parent_id)
            if drive is not None and user in drive.get("members", {}):
                roles.add(drive["members"][user])
    return roles


def require_sharer(request: Request, file: dict[str, Any]) -> None:
    """With ``writersCanShare`` false only an owner changes who has access (Google's 403)."""
    owners = {o.get("emailAddress", "").lower() for o in file.get("owners", [])}
    if file.get("writersCanShare", True) is False and request.user.lower() not in owners:
        raise ApiError(403, "The user does not have sufficient permissions for this file.",
                       reason="insufficientFilePermissions")  # fmt: skip


def best_role(roles: set[str]) -> int:
    """The rank of the strongest role."""
    return max((ROLE_RANK.get(r, 0) for r in roles), default=0)


def require_file(store: Store, file_id: str, user: str, role: str = "reader") -> dict[str, Any]:
    """The file if ``user`` holds ``role``; 404 when they cannot see it, 403 when too weak."""
    file = store.get(FILES, file_id)
    rank = best_role(roles_of(store, file, user.lower())) if file else 0
    if file is None or rank == 0:
        raise ApiError(404, f"File not found: {file_id}.", reason="notFound", location="fileId")
    if rank < ROLE_RANK[role]:
        raise ApiError(
            403,
            "The user does not have sufficient permissions for this file.",
            reason="insufficientFilePermissions",
        )
    return file


def require_file_rpc(store: Store, file_id: str, user: str, role: str) -> dict[str, Any]:
    """``require_file`` with its 404/403 said the way Docs and Sheets (gRPC-style APIs) say
    them: ``{"code", "message", "status"}``."""
    try:
        return require_file(store, file_id, user, role)
    except ApiError as exc:
        if exc.code == 404:
            raise ApiError(404, "Requested entity was not found.", status="NOT_FOUND") from exc
        if exc.code == 403:
            raise ApiError(
                403, "The caller does not have permission", status="PERMISSION_DENIED"
            ) from exc
        raise


def touch(store: Store, file_id: str, user: str) -> None:
    """Record an edit: modifiedTime, lastModifyingUser, version, a revision."""
    file = store.get(FILES, file_id)
    if file is None:
        return
    now = timestamp(store)
    file["modifiedTime"] = now
    file["lastModifyingUser"] = person(user)
    file["version"] = str(int(file.get("version", "1")) + 1)
    revisions = file.setdefault("revisions", [])
    revisions.append(
        {"id": str(len(revisions) + 1), "modifiedTime": now, "lastModifyingUser": person(user)}
    )
    del revisions[:-50]
    store.put(FILES, file_id, file)


def full_text(store: Store, file: dict[str, Any]) -> str:
    """What ``fullText`` searches: name, description and the content's text."""
    parts = [str(file.get("name", "")), str(file.get("description", ""))]
    mime = str(file.get("mimeType", ""))
    exporter = CONTENT_EXPORTERS.get(mime)
    plain = next((m for m in ("text/plain", "text/csv") if m in EXPORT_FORMATS.get(mime, ())), "")
    data = exporter(store, file["id"], plain) if exporter and plain else None
    if data is not None:
        parts.append(data.decode("utf-8", "replace"))
    elif mime.startswith("text/") and "content" in file:
        parts.append(file["content"].encode("latin-1").decode("utf-8", "replace"))
    return "\n".join(parts)


def shared_with(file: dict[str, Any], user: str) -> bool:
    """In ``user``'s "Shared with me": shared with them by name, and not theirs."""
    perms = file.get("permissions", [])
    if any(p.get("role") == "owner" and p.get("emailAddress", "").lower() == user for p in perms):
        return False
    return any(p.get("type") == "user" and p.get("emailAddress", "").lower() == user for p in perms)
