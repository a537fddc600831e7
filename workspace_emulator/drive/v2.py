"""The one Drive v2 call client libraries still make: ``PUT /upload/drive/v2/files/ID`` with
``uploadType=media&convert=true``, new content for a Google file converted from the upload
(gspread's ``import_csv``: a CSV becomes the spreadsheet's only sheet).

The content type must be one the file's kind converts from (``acl.CONTENT_IMPORTERS``); other
uploads on v2 are a 501. The answer is the Drive v2 File resource, built from the v3 record.
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store
from workspace_emulator.drive.acl import (
    CONTENT_IMPORTERS,
    EXPORT_FORMATS,
    FILES,
    require_drive_file,
    touch,
)

_V2 = "https://www.googleapis.com/drive/v2/files/"
_DOCS = "https://docs.google.com/"
_FORMATS = {"text/csv": "csv", "text/tab-separated-values": "tsv", "application/pdf": "pdf",
            "application/zip": "zip", "application/x-vnd.oasis.opendocument.spreadsheet": "ods",
            "application/vnd.oasis.opendocument.spreadsheet": "ods",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
            }  # fmt: skip


def _not_emulated(what: str) -> ApiError:
    return ApiError(501, f"Drive v2 {what} is not emulated.", reason="notImplemented")


def files_update_media(request: Request) -> dict[str, Any]:
    """files.update (v2) with a media body converted into the Google file."""
    store: Store = request.store
    if request.arg("uploadType") != "media":
        raise _not_emulated("files.update other than uploadType=media")
    file = require_drive_file(request, request.match["fileId"], "writer")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    importer = CONTENT_IMPORTERS.get(file["mimeType"])
    if not request.flag("convert") or importer is None:
        raise _not_emulated(f"upload into a {file['mimeType']} file without conversion")
    if not importer(store, file["id"], content_type, request.body, request.user):
        raise _not_emulated(f"conversion of {content_type or 'untyped'} content")
    touch(store, file["id"], request.user)
    return v2_file(store.get(FILES, file["id"]) or file, request.user)


def _user(person: dict[str, Any], me: str) -> dict[str, Any]:
    email = str(person.get("emailAddress", ""))
    return {"displayName": person.get("displayName", email), "kind": "drive#user",
            "isAuthenticatedUser": email.lower() == me.lower(),
            "permissionId": person.get("permissionId", ""), "emailAddress": email,
            "picture": {"url": "https://lh3.googleusercontent.com/a/default-user=s64"}}  # fmt: skip


def v2_file(file: dict[str, Any], me: str) -> dict[str, Any]:
    """A file as Drive v2 answers it to ``me`` (its owner or an editor)."""
    ident, mime = file["id"], file["mimeType"]
    owners = [_user(p, me) for p in file.get("owners", [])]
    editor = file.get("lastModifyingUser") or (file.get("owners") or [{}])[0]
    kind = mime.rpartition(".")[2]  # spreadsheet, document...
    role = "owner" if any(o["isAuthenticatedUser"] for o in owners) else "writer"
    return {
        "kind": "drive#file", "id": ident, "etag": f'"{file.get("version", "1")}"',
        "selfLink": _V2 + ident, "title": file.get("name", ""), "mimeType": mime,
        "alternateLink": f"{_DOCS}{kind}s/d/{ident}/edit?usp=drivesdk",
        "embedLink": f"{_DOCS}{kind}s/d/{ident}/htmlembed",
        "iconLink": f"https://drive-thirdparty.googleusercontent.com/16/type/{mime}",
        "thumbnailLink": f"{_DOCS}feeds/vt?gd=true&id={ident}&sz=s220",
        "exportLinks": {m: f"{_DOCS}{kind}s/export?id={ident}&exportFormat={_FORMATS.get(m, m)}"
                        for m in sorted(EXPORT_FORMATS.get(mime, ()))},
        "labels": {"viewed": True, "restricted": False, "starred": bool(file.get("starred")),
                   "hidden": False, "trashed": bool(file.get("trashed"))},
        "createdDate": file.get("createdTime"), "modifiedDate": file.get("modifiedTime"),
        "modifiedByMeDate": file.get("modifiedTime"),
        "lastViewedByMeDate": file.get("modifiedTime"),
        "markedViewedByMeDate": "1970-01-01T00:00:00.000Z",
        "version": str(file.get("version", "1")),
        "parents": [{"kind": "drive#parentReference", "id": p, "isRoot": False,
                     "selfLink": f"{_V2}{ident}/parents/{p}", "parentLink": _V2 + p}
                    for p in file.get("parents", [])],
        "userPermission": {"kind": "drive#permission", "id": "me", "type": "user", "role": role,
                           "selfLink": f"{_V2}{ident}/permissions/me", "pendingOwner": False,
                           "etag": f'"{file.get("version", "1")}"'},
        "ownerNames": [o["displayName"] for o in owners], "owners": owners,
        "lastModifyingUserName": str(editor.get("displayName", "")),
        "lastModifyingUser": _user(editor, me),
        "editable": True, "copyable": True, "writersCanShare": bool(file.get("writersCanShare")),
        "shared": len(file.get("permissions", [])) > 1, "explicitlyTrashed": False,
        "appDataContents": False, "copyRequiresWriterPermission": False, "spaces": ["drive"],
        "fileSize": str(file.get("size", "1024")), "quotaBytesUsed": str(file.get("size", "1024")),
        "capabilities": {"canEdit": True, "canCopy": True},
    }  # fmt: skip
