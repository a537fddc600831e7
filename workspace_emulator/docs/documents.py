"""Docs v1 handlers: documents.create, documents.get, documents.batchUpdate (routes in ``urls``).

A Doc is a Drive file (mimeType ``application/vnd.google-apps.document``) whose content
is stored under kind ``documents``, keyed by the file id, in the tabs form. Drive decides
who may read or write it; this module answers in the Docs (gRPC-style) error shape.
https://developers.google.com/docs/api/reference/rest/v1/documents
"""

from __future__ import annotations

import secrets
from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store
from workspace_emulator.docs.batch_update import applied
from workspace_emulator.docs.defaults import DOC_MIME, new_document
from workspace_emulator.docs.model import DocsError
from workspace_emulator.docs.view import (
    INLINE,
    MODES,
    WITHOUT,
    apply_view,
    legacy_form,
    public,
    render_html,
    to_stored,
)
from workspace_emulator.drive import acl
from workspace_emulator.drive.acl import require_file_rpc

__all__ = ["DOC_MIME", "import_document", "read_document"]

DOCUMENTS = "documents"
_FILES = "files"  # Drive's kind: the file name is the document title
_HISTORY = 20  # revision ids remembered for targetRevisionId


def new_revision_id() -> str:
    """An opaque revision id shaped like Google's."""
    return "ALm37B" + secrets.token_urlsafe(48)[:64]


def _store(request: Request) -> Store:
    store: Store = request.store
    return store


def _save(store: Store, doc: dict[str, Any]) -> None:
    history = [*doc.get("_revisions", []), doc["revisionId"]][-_HISTORY:]
    doc["_revisions"] = history
    store.put(DOCUMENTS, doc["documentId"], doc)


def _require(store: Store, document_id: str, user: str, role: str) -> dict[str, Any]:
    """The Drive file, with Drive's 404/403 said the way the Docs API says them."""
    file = require_file_rpc(store, document_id, user, role)
    if file.get("mimeType") != DOC_MIME or store.get(DOCUMENTS, document_id) is None:
        raise ApiError(
            400,
            "This operation is not supported for this document. "
            "The document may not be a Google Doc.",
            status="FAILED_PRECONDITION",
        )
    return file


def read_document(
    store: Store, document_id: str, *, tabs: bool = True, mode: str = INLINE
) -> dict[str, Any]:
    """The stored document as ``documents.get`` answers it (no access check)."""
    stored = store.get(DOCUMENTS, document_id)
    if stored is None:
        raise KeyError(document_id)
    doc = apply_view(public(stored), mode)
    file = store.get(_FILES, document_id)
    if file is not None:
        doc["title"] = file.get("name", doc.get("title", ""))
    return doc if tabs else legacy_form(doc)


def import_document(
    store: Store, owner: str, document_json: dict[str, Any], *, title: str | None = None
) -> str:
    """Store a real ``documents.get`` JSON (either form) as a new Doc owned by ``owner``.

    Reading it back in the same form gives the same JSON but for documentId and
    revisionId. Returns the new document id.
    """
    name = title or document_json.get("title") or "Untitled document"
    file = acl.create_file(store, owner, name, DOC_MIME)
    doc = to_stored(document_json)
    doc.update(title=name, documentId=file["id"], revisionId=new_revision_id())
    doc.setdefault("suggestionsViewMode", INLINE)
    _save(store, doc)
    return str(file["id"])


def _create_content(store: Store, file_id: str, name: str, _owner: str) -> None:
    _save(store, new_document(file_id, name, new_revision_id()))


def _copy_content(store: Store, source_id: str, new_id: str, new_name: str) -> None:
    source = store.get(DOCUMENTS, source_id)
    if source is None:
        _create_content(store, new_id, new_name, "")
        return
    doc = public(source)
    doc.update(documentId=new_id, title=new_name, revisionId=new_revision_id())
    _save(store, doc)


def _render(store: Store, file_id: str) -> str:
    if store.get(DOCUMENTS, file_id) is None:
        return "<p>(empty document)</p>"
    return render_html(read_document(store, file_id))


acl.CONTENT_CREATORS[DOC_MIME] = _create_content
acl.CONTENT_COPIERS[DOC_MIME] = _copy_content
acl.CONTENT_RENDERERS[DOC_MIME] = _render


def documents_create(request: Request) -> dict[str, Any]:
    """documents.create: a blank Doc; only the title of the body is used, as on Google."""
    store = _store(request)
    title = request.json().get("title") or "Untitled document"
    file = acl.create_file(store, request.user, title, DOC_MIME, app_id=request.client_id)
    _create_content(store, file["id"], title, request.user)
    return read_document(store, file["id"], tabs=False)


def documents_get(request: Request) -> dict[str, Any]:
    """documents.get in either form, in the requested (or the caller's default) view."""
    store = _store(request)
    document_id = request.match["documentId"]
    _require(store, document_id, request.user, "reader")
    mode = request.arg("suggestionsViewMode") or "DEFAULT_FOR_CURRENT_ACCESS"
    if mode == "DEFAULT_FOR_CURRENT_ACCESS":
        mode = INLINE if _can(store, document_id, request.user, "commenter") else WITHOUT
    if mode not in MODES:
        raise ApiError(400, f"Invalid value for suggestionsViewMode: {mode}")
    return read_document(store, document_id, tabs=request.flag("includeTabsContent"), mode=mode)


def _can(store: Store, document_id: str, user: str, role: str) -> bool:
    try:
        acl.require_file(store, document_id, user, role)
    except ApiError:
        return False
    return True


def documents_batch_update(request: Request) -> dict[str, Any]:
    """documents.batchUpdate: all requests or none; bumps the revision and Drive's file."""
    store = _store(request)
    document_id = request.match["documentId"]
    _require(store, document_id, request.user, "writer")
    stored = store.get(DOCUMENTS, document_id) or {}
    body = request.json()
    control = body.get("writeControl") or {}
    required, target = control.get("requiredRevisionId"), control.get("targetRevisionId")
    if required and target:
        raise ApiError(400, "Only one of requiredRevisionId or targetRevisionId may be set.")
    if required and required != stored["revisionId"]:
        raise ApiError(
            400,
            "Invalid requiredRevisionId: The document was modified since the provided revision id.",
            status="FAILED_PRECONDITION",
        )
    if target and target not in [*stored.get("_revisions", []), stored["revisionId"]]:
        raise ApiError(
            400, f"Invalid targetRevisionId: {target} is not a revision of this document."
        )
    requests = body.get("requests") or []
    try:
        changed, replies = applied(stored, requests)
    except DocsError as exc:
        raise ApiError(400, str(exc)) from exc
    if requests:
        changed["revisionId"] = new_revision_id()
        _save(store, changed)
        acl.touch(store, document_id, request.user)
    return {
        "replies": replies,
        "writeControl": {"requiredRevisionId": changed["revisionId"]},
        "documentId": document_id,
    }
