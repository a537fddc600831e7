"""Drive v3 files.* and about.get handlers (routes in ``drive.urls``).

Docs and Sheets files are Drive files; their content lives with those surfaces, which
register copy / render / create / export hooks in ``drive.acl`` (``CONTENT_*``).
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import (
    ApiError,
    Request,
    Response,
    Store,
    bad_request,
)
from workspace_emulator.drive.acl import (
    CONTENT_COPIERS,
    CONTENT_CREATORS,
    CONTENT_EXPORTERS,
    EXPORT_FORMATS,
    FILES,
    FOLDER,
    GOOGLE_APPS,
    ROLE_RANK,
    app_authorized,
    best_role,
    create_file,
    full_text,
    person,
    require_drive_file,
    require_sharer,
    roles_of,
    shared_with,
    touch,
)
from workspace_emulator.drive.query import ORDER_KEYS, Searcher, compile_query

_PRIVATE = ("permissions", "createdByApp", "appUsers", "revisions", "content", "comments")
DEFAULT_FIELDS = ("kind", "id", "name", "mimeType")
MAX_APP_PROPERTIES = 30


def _store(request: Request) -> Store:
    store: Store = request.store
    return store


def view(file: dict[str, Any], request: Request, store: Store) -> dict[str, Any]:
    """The file resource as ``request.user`` sees it (default fields unless ``fields``)."""
    out = {k: v for k, v in file.items() if k not in _PRIVATE}
    rank = best_role(roles_of(store, file, request.user))
    out["webViewLink"] = f"{_base(request)}/view/file/{file['id']}"
    owned = any(o["emailAddress"] == request.user for o in file.get("owners", []))
    shares = rank >= ROLE_RANK["writer"] and (owned or file.get("writersCanShare", True))
    out["capabilities"] = {"canEdit": rank >= ROLE_RANK["writer"], "canComment": rank >= 2,
                           "canShare": bool(shares)}  # fmt: skip
    out["permissions"] = file.get("permissions", []) if rank >= ROLE_RANK["writer"] else []
    out["ownedByMe"] = owned
    if not request.arg("fields"):
        out = {k: out[k] for k in DEFAULT_FIELDS if k in out}
    return out


def _base(request: Request) -> str:
    return "http://" + request.headers.get("host", "127.0.0.1")


def _set_app_properties(
    file: dict[str, Any], changes: dict[str, Any] | None, key: str = "appProperties"
) -> None:
    if not changes:
        return
    props = file.setdefault(key, {})
    for name, value in changes.items():
        if value is None:
            props.pop(name, None)
            continue
        if len(name.encode()) + len(str(value).encode()) > 124:
            raise bad_request(f"The {key} key and value together exceed 124 bytes.", location=key)
        props[name] = str(value)
    if len(props) > MAX_APP_PROPERTIES:
        raise bad_request(f"A file may have at most {MAX_APP_PROPERTIES} {key}.", location=key)


set_app_properties = _set_app_properties  # files.update with media (``uploads``) sets them too


def _check_parents(request: Request, parents: list[str]) -> None:
    for parent in parents:
        if _store(request).get("drives", parent) is not None:
            continue
        require_drive_file(request, parent, "writer")


def files_create(request: Request) -> dict[str, Any]:
    """files.create (metadata only)."""
    return create_from(request, request.json(), b"")


def create_from(request: Request, meta: dict[str, Any], data: bytes) -> dict[str, Any]:
    """A new file from upload or create metadata and its content bytes."""
    store = _store(request)
    mime = meta.get("mimeType") or "application/octet-stream"
    parents = list(meta.get("parents") or [])
    _check_parents(request, parents)
    file = create_file(
        store, request.user, meta.get("name") or "Untitled", mime, parents, app_id=request.client_id
    )
    _set_app_properties(file, meta.get("appProperties"))
    _set_app_properties(file, meta.get("properties"), "properties")
    for key in ("description", "starred"):
        if key in meta:
            file[key] = meta[key]
    _set_writers_can_share(file, meta)
    if data:
        file["content"] = data.decode("latin-1")
        file["size"] = str(len(data))
    drive_id = next((p for p in parents if store.get("drives", p)), None)
    if drive_id:
        file["driveId"] = drive_id
    store.put(FILES, file["id"], file)
    creator = CONTENT_CREATORS.get(mime)
    if creator is not None:
        creator(store, file["id"], file["name"], request.user)
    return view(file, request, store)


def files_get(request: Request) -> dict[str, Any] | Response:
    """files.get (metadata, or the content with alt=media)."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"])
    if request.arg("alt") == "media":
        return Response(
            body=file.get("content", "").encode("latin-1"), content_type=file.get("mimeType", "")
        )
    return view(file, request, store)


def files_list(request: Request) -> dict[str, Any]:
    """files.list with q, orderBy and paging."""
    store = _store(request)
    user = request.user
    searcher = Searcher(
        user=user.lower(),
        roles=lambda f, email: roles_of(store, f, email),
        text=lambda f: full_text(store, f),
        shared=lambda f: shared_with(f, user.lower()),
    )
    match = compile_query(request.arg("q") or "", searcher)
    visible = [
        f
        for f in store.all(FILES)
        if roles_of(store, f, user) and app_authorized(request, f, write=False) and match(f)
    ]
    if not request.arg("q") or "trashed" not in (request.arg("q") or ""):
        visible = [f for f in visible if not f.get("trashed")]
    drive_id = request.arg("driveId")
    if drive_id:
        visible = [f for f in visible if f.get("driveId") == drive_id]
    for key in reversed((request.arg("orderBy") or "").split(",")):
        name, _, direction = key.strip().partition(" ")
        if not name:
            continue
        if name not in ORDER_KEYS or direction.strip() not in ("", "asc", "desc"):
            raise ApiError(400, "Invalid Value", reason="invalid", location="orderBy")
        name = {"name_natural": "name", "folder": "mimeType"}.get(name, name)
        visible.sort(key=_sort_key(name), reverse=direction.strip() == "desc")
    size = min(request.int_arg("pageSize", 100), 1000)
    token = request.arg("pageToken") or "0"
    if not token.isdigit():
        raise ApiError(400, "Invalid Value", reason="invalid", location="pageToken")
    start = int(token)
    page = visible[start : start + size]
    body: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False}
    fields = request.arg("fields") or ""
    items = [view(f, request, store) for f in page]
    if "files(" in fields:
        from workspace_emulator.core.fields import apply_fields

        inner = fields.split("files(", 1)[1].rsplit(")", 1)[0]
        items = [apply_fields({**view_full(f, request, store)}, inner) for f in page]
    body["files"] = items
    if start + size < len(visible):
        body["nextPageToken"] = str(start + size)
    return body


def _sort_key(name: str) -> Any:
    return lambda f: str(f.get(name, ""))


def view_full(file: dict[str, Any], request: Request, store: Store) -> dict[str, Any]:
    """The whole visible resource (for ``fields=files(...)``)."""
    saved = request.query.pop("fields", None)
    request.query["fields"] = ["*"]
    try:
        return view(file, request, store)
    finally:
        request.query.pop("fields", None)
        if saved is not None:
            request.query["fields"] = saved


def files_update(request: Request) -> dict[str, Any]:
    """files.update: name, description, parents, appProperties, properties, trashed."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "writer")
    meta = request.json()
    for key in ("name", "description", "trashed", "starred", "mimeType"):
        if key in meta and key != "mimeType":
            file[key] = meta[key]
    if "writersCanShare" in meta:
        require_sharer(request, {**file, "writersCanShare": False})  # an owner's setting
        _set_writers_can_share(file, meta)
    _set_app_properties(file, meta.get("appProperties"))
    _set_app_properties(file, meta.get("properties"), "properties")
    add = [p for p in (request.arg("addParents") or "").split(",") if p]
    remove = set((request.arg("removeParents") or "").split(","))
    _check_parents(request, add)
    file["parents"] = [p for p in file.get("parents", []) if p not in remove] + add
    store.put(FILES, file["id"], file)
    touch(store, file["id"], request.user)
    return view(store.get(FILES, file["id"]) or file, request, store)


def files_copy(request: Request) -> dict[str, Any]:
    """files.copy: a new file (and content) owned by the caller."""
    store = _store(request)
    source = require_drive_file(request, request.match["fileId"])
    meta = request.json()
    parents = list(meta.get("parents") or source.get("parents", []))
    _check_parents(request, parents)
    name = meta.get("name") or f"Copy of {source['name']}"
    copy = create_file(
        store, request.user, name, source["mimeType"], parents, app_id=request.client_id
    )
    _set_app_properties(copy, meta.get("appProperties"))
    _set_app_properties(copy, meta.get("properties"), "properties")
    for key in ("content", "size", "description"):
        if key in source:
            copy[key] = source[key]
    _set_writers_can_share(copy, meta)
    store.put(FILES, copy["id"], copy)
    copier = CONTENT_COPIERS.get(source["mimeType"])
    if copier is not None:
        copier(store, source["id"], copy["id"], name)
    return view(copy, request, store)


def _set_writers_can_share(file: dict[str, Any], meta: dict[str, Any]) -> None:
    value = meta.get("writersCanShare")
    if value is None:
        return
    if not isinstance(value, bool):
        raise bad_request(f"Invalid value for writersCanShare: {value!r}.")
    file["writersCanShare"] = value


def files_delete(request: Request) -> None:
    """files.delete (owner only), with the file's descendants."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"], "owner")
    store.delete(FILES, file["id"])
    for child in store.all(FILES):
        if file["id"] in child.get("parents", []):
            store.delete(FILES, child["id"])


def files_export(request: Request) -> Response:
    """files.export: the content in a format Google offers for it (a Doc as text or HTML, a
    Sheet as CSV or TSV); 400 for a format Google refuses, 501 for one not emulated here."""
    store = _store(request)
    file = require_drive_file(request, request.match["fileId"])
    target = request.arg("mimeType")
    if not target:
        raise ApiError(400, "Required parameter: mimeType", reason="required",
                       location="mimeType")  # fmt: skip
    source = file.get("mimeType", "")
    formats = EXPORT_FORMATS.get(source)
    if (formats is None and not source.startswith(GOOGLE_APPS)) or source == FOLDER:
        raise ApiError(403, "Export only supports Docs Editors files.", reason="fileNotExportable")
    if formats is None or target not in formats:
        raise ApiError(400, "The requested conversion is not supported.", reason="badRequest",
                       location="convertTo")  # fmt: skip
    exporter = CONTENT_EXPORTERS.get(source)
    data = exporter(store, file["id"], target) if exporter else None
    if data is None:
        raise ApiError(501, f"files.export as {target} is not emulated.")
    return Response(body=data, content_type=target)


def about_get(request: Request) -> dict[str, Any]:
    """about.get: who the caller is."""
    return {"kind": "drive#about", "user": {**person(request.user), "me": True}}
