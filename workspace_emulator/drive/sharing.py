"""Drive v3 permissions, comments, revisions and shared drives (routes in ``drive.urls``)."""

from __future__ import annotations

import re
from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store, bad_request, new_id
from workspace_emulator.drive.acl import (
    FILES,
    ROLE_RANK,
    permission,
    person,
    require_drive_file,
    require_sharer,
    timestamp,
)

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _store(request: Request) -> Store:
    store: Store = request.store
    return store


# --- permissions ----------------------------------------------------------------------


def permissions_create(request: Request) -> dict[str, Any]:
    """permissions.create; an existing grant for the same grantee is updated, not doubled."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "writer")
    require_sharer(request, file)
    body = request.json()
    if not isinstance(body, dict):
        raise bad_request("Invalid JSON payload received.")
    kind, role = body.get("type"), body.get("role")
    if kind not in ("user", "group", "domain", "anyone") or role not in ROLE_RANK:
        raise bad_request("Invalid permission type or role.", location="permission")
    email = body.get("emailAddress")
    if kind in ("user", "group") and not (isinstance(email, str) and _EMAIL.fullmatch(email)):
        raise bad_request("Invalid email address.", location="permission.emailAddress")
    if role == "owner":
        _check_transfer(request, file, kind)
        if (request.arg("sendNotificationEmail") or "").lower() == "false":
            raise bad_request("sendNotificationEmail cannot be false when transferring ownership.")
    perm = permission(email, role, kind, body.get("domain"))
    perms = [p for p in file.get("permissions", []) if p["id"] != perm["id"]]
    if role == "owner":  # the one owner hands over and stays a writer, as on Google
        perms = [{**p, "role": "writer"} if p["role"] == "owner" else p for p in perms]
        file["owners"] = [person(str(email))]
    file["permissions"] = [*perms, perm]
    store.put(FILES, file["id"], file)
    if body.get("emailAddress") and request.arg("sendNotificationEmail", "true") != "false":
        mail = {"to": body["emailAddress"], "method": "SHARE", "time": timestamp(store),
                "subject": f"{file['name']} was shared with you"}  # fmt: skip
        store.put("outbox", new_id(20), mail)
    return perm


def permissions_list(request: Request) -> dict[str, Any]:
    """permissions.list."""
    file = require_drive_file(request, request.match["fileId"])
    return {"kind": "drive#permissionList", "permissions": file.get("permissions", [])}


def permissions_delete(request: Request) -> None:
    """permissions.delete (the owner's permission cannot be removed)."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "writer")
    require_sharer(request, file)
    pid = request.match["permissionId"]
    target = next((p for p in file.get("permissions", []) if p["id"] == pid), None)
    if target is None:
        raise ApiError(404, f"Permission not found: {pid}.", reason="notFound")
    if target["role"] == "owner":
        raise ApiError(403, "The owner of a file cannot be removed.", reason="cannotRemoveOwner")
    file["permissions"] = [p for p in file["permissions"] if p["id"] != pid]
    store.put(FILES, file["id"], file)


def permissions_update(request: Request) -> dict[str, Any]:
    """permissions.update (role)."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "writer")
    require_sharer(request, file)
    body = request.json()
    role = body.get("role") if isinstance(body, dict) else None
    if role not in ROLE_RANK:
        raise bad_request("Invalid permission role.", location="permission.role")
    for perm in file.get("permissions", []):
        if perm["id"] == request.match["permissionId"]:
            if role == "owner" and perm["role"] != "owner":
                _check_transfer(request, file, perm["type"])
                for other in file["permissions"]:
                    other["role"] = "writer" if other["role"] == "owner" else other["role"]
                file["owners"] = [person(perm["emailAddress"])]
            elif perm["role"] == "owner" and role != "owner":
                raise ApiError(403, "The owner of a file cannot be downgraded.",
                               reason="cannotModifyOwner")  # fmt: skip
            perm["role"] = role
            store.put(FILES, file["id"], file)
            return dict(perm)
    raise ApiError(404, "Permission not found.", reason="notFound")


def _check_transfer(request: Request, file: dict[str, Any], kind: str | None) -> None:
    """Ownership moves only on purpose (transferOwnership), from the owner, to a user."""
    if not request.flag("transferOwnership"):
        raise ApiError(403, "The transferOwnership parameter must be enabled when the "
                       "permission role is 'owner'.", reason="forbidden")  # fmt: skip
    owners = [o["emailAddress"] for o in file.get("owners", [])]
    if request.user.lower() not in owners:
        raise ApiError(403, "The user does not have sufficient permissions for this file.",
                       reason="insufficientFilePermissions")  # fmt: skip
    if kind != "user":
        raise bad_request("Ownership can only be transferred to a user.", location="permission")


# --- comments, revisions, shared drives -------------------------------------------------


def _require_fields(request: Request) -> None:
    if not request.arg("fields"):
        raise bad_request(
            "The 'fields' parameter is required for this operation.", location="fields"
        )


def comments_list(request: Request) -> dict[str, Any]:
    """comments.list (``fields`` is required, as on Google)."""
    _require_fields(request)
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"])
    record = store.get("comments", file["id"]) or {"items": []}
    return {"kind": "drive#commentList", "comments": record["items"]}


def comments_create(request: Request) -> dict[str, Any]:
    """comments.create by anyone who can comment."""
    _require_fields(request)
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "commenter")
    body = request.json()
    if not body.get("content"):
        raise bad_request("A comment needs content.", location="content")
    now = timestamp(store)
    comment = {"kind": "drive#comment", "id": new_id(16), "content": body["content"],
               "author": {**person(request.user), "me": True}, "createdTime": now,
               "modifiedTime": now, "resolved": False, "deleted": False, "replies": []}  # fmt: skip
    record = store.get("comments", file["id"]) or {"items": []}
    record["items"].append(comment)
    store.put("comments", file["id"], record)
    return comment


def revisions_list(request: Request) -> dict[str, Any]:
    """revisions.list: one revision per recorded edit."""
    file = require_drive_file(request, request.match["fileId"])
    items = [{"kind": "drive#revision", **r} for r in file.get("revisions", [])]
    return {"kind": "drive#revisionList", "revisions": items}


def revisions_get(request: Request) -> dict[str, Any]:
    """revisions.get: one recorded edit by id, or Drive's 404."""
    file = require_drive_file(request, request.match["fileId"])
    wanted = request.match["revisionId"]
    for revision in file.get("revisions", []):
        if str(revision.get("id")) == wanted:
            return {"kind": "drive#revision", **revision}
    raise ApiError(404, f"Revision not found: {wanted}.", reason="notFound",
                   location="revisionId")  # fmt: skip


def drives_create(request: Request) -> dict[str, Any]:
    """drives.create: a shared drive; the creator is its organizer."""
    store = _store(request)
    body = request.json()
    drive_id = "0A" + new_id(17)
    drive = {"kind": "drive#drive", "id": drive_id, "name": body.get("name", "Shared drive"),
             "members": {request.user: "organizer"}, "createdTime": timestamp(store)}  # fmt: skip
    store.put("drives", drive_id, drive)
    return {k: v for k, v in drive.items() if k != "members"}


def drives_list(request: Request) -> dict[str, Any]:
    """drives.list: shared drives the caller belongs to."""
    store = _store(request)
    mine = [d for d in store.all("drives") if request.user in d.get("members", {})]
    return {
        "kind": "drive#driveList",
        "drives": [{k: v for k, v in d.items() if k != "members"} for d in mine],
    }


def add_drive_member(store: Store, drive_id: str, user: str, role: str) -> None:
    """Test/demo helper: make ``user`` a member of a shared drive."""
    drive = store.get("drives", drive_id)
    if drive is None:
        raise KeyError(drive_id)
    drive["members"][user.lower()] = role
    store.put("drives", drive_id, drive)
