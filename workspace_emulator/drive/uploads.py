"""files.create with content: media, multipart and resumable uploads, as Drive takes them;
files.update with new content (media or multipart).

The file's type is the metadata's ``mimeType``, else the media's own Content-Type (the
multipart media part's, the body's, or a resumable session's ``X-Upload-Content-Type``). A
resumable upload answers its first call with a session URI in ``Location``; the content is
PUT there, in one piece or in chunks (``Content-Range``; 308 with ``Range`` until complete).
https://developers.google.com/drive/api/guides/manage-uploads
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
from typing import Any
from urllib.parse import urlencode

from workspace_emulator.core.framework import ApiError, Request, Response, Store, new_id
from workspace_emulator.drive.acl import FILES, require_drive_file, touch
from workspace_emulator.drive.files import create_from, set_app_properties, view

UPLOADS = "uploads"  # open resumable sessions, by upload id
_RANGE = re.compile(r"bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)")


def files_upload(request: Request) -> dict[str, Any] | Response:
    """POST /upload/drive/v3/files: media, multipart, or the start of a resumable upload."""
    content_type = request.headers.get("content-type", "")
    if request.arg("uploadType") == "resumable":
        return _start(request)
    if content_type.startswith("multipart/"):
        parts = _parts(content_type, request.body)
        if len(parts) != 2:
            raise ApiError(400, "Multipart upload needs metadata and media parts.")
        meta = _metadata(parts[0][1])
        meta.setdefault("mimeType", parts[1][0] or None)
        return create_from(request, meta, parts[1][1])
    return create_from(request, {"mimeType": content_type or None}, request.body)


def files_update_upload(request: Request) -> dict[str, Any]:
    """PATCH /upload/drive/v3/files/ID: new content for a file (media or multipart, whose
    metadata part may change its name, description and appProperties), as files.update with
    a media body does."""
    store: Store = request.store
    file = require_drive_file(request, request.match["fileId"], "writer")
    content_type = request.headers.get("content-type", "")
    meta: dict[str, Any] = {}
    data = request.body
    if content_type.startswith("multipart/"):
        parts = _parts(content_type, request.body)
        if len(parts) != 2:
            raise ApiError(400, "Multipart upload needs metadata and media parts.")
        meta, data = _metadata(parts[0][1]), parts[1][1]
    for key in ("name", "description"):
        if key in meta:
            file[key] = meta[key]
    set_app_properties(file, meta.get("appProperties"))
    file["content"] = data.decode("latin-1")
    file["size"] = str(len(data))
    store.put(FILES, file["id"], file)
    touch(store, file["id"], request.user)
    return view(store.get(FILES, file["id"]) or file, request, store)


def files_upload_resumed(request: Request) -> dict[str, Any] | Response:
    """PUT to a resumable session URI: a chunk of the content; the file when it is whole."""
    store: Store = request.store
    upload_id = request.arg("upload_id") or ""
    session = store.get(UPLOADS, upload_id)
    if session is None or session["user"] != request.user:
        raise ApiError(404, "No such upload session.", reason="notFound")
    match = _RANGE.fullmatch(request.headers.get("content-range", f"bytes */{len(request.body)}"))
    if match is None:
        raise ApiError(400, "Invalid Content-Range header.", reason="badContent")
    start, _end, total = match.groups()
    if start is not None:
        if int(start) != len(session["data"]):
            raise ApiError(400, "Chunk does not start where the upload stopped.")
        session["data"] += request.body.decode("latin-1")
    received = len(session["data"])
    if total != "*" and received >= int(total):
        store.delete(UPLOADS, upload_id)
        data = session["data"].encode("latin-1")
        return create_from(request, session["meta"], data)
    store.put(UPLOADS, upload_id, session)
    headers = {"Range": f"bytes=0-{received - 1}"} if received else {}
    return Response(status=308, body=b"", content_type="text/plain", headers=headers)


def _start(request: Request) -> Response:
    meta = _metadata(request.body)
    meta.setdefault("mimeType", request.headers.get("x-upload-content-type") or None)
    upload_id = new_id(32)
    session = {"user": request.user, "meta": meta, "data": ""}
    request.store.put(UPLOADS, upload_id, session)
    host = request.headers.get("host", "127.0.0.1")
    # the session URI carries the first call's parameters (fields, ...) for the final answer
    kept = [(k, v) for k, vs in request.query.items() if k != "uploadType" for v in vs]
    query = urlencode([("uploadType", "resumable"), ("upload_id", upload_id), *kept])
    location = f"http://{host}/upload/drive/v3/files?{query}"
    return Response(status=200, body=b"", content_type="text/plain", headers={"Location": location})


def _metadata(raw: bytes) -> dict[str, Any]:
    try:
        meta = json.loads(raw or b"{}")
    except ValueError as exc:
        raise ApiError(400, "Invalid JSON payload received.", reason="parseError") from exc
    if not isinstance(meta, dict):
        raise ApiError(400, "Invalid JSON payload received.", reason="parseError")
    return {k: v for k, v in meta.items() if v is not None}


def _parts(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """(Content-Type, bytes) of each part of a multipart/related body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise ApiError(400, "Invalid multipart request.", reason="badContent")
    out = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else str(part.get_payload()).encode()
        given = part.get("Content-Type")
        out.append((str(part.get_content_type()) if given else "", raw))
    return out
