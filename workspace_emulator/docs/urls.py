"""Docs v1's route table: every emulated method, its path and the scopes that allow it.

Handlers live in ``documents``; batchUpdate's request kinds in ``batch_update`` (with
``lists``, ``styles``, ``tables``), the document model in ``model``, views in ``view``.
"""

from __future__ import annotations

from workspace_emulator.core.framework import Api, Handler
from workspace_emulator.docs import documents, export
from workspace_emulator.docs.defaults import DOC_MIME
from workspace_emulator.drive import acl

API = Api("docs", "grpc")
_AUTH = "https://www.googleapis.com/auth/"
WRITE_SCOPES = (_AUTH + "documents", _AUTH + "drive", _AUTH + "drive.file")
READ_SCOPES = (*WRITE_SCOPES, _AUTH + "documents.readonly", _AUTH + "drive.readonly")
_DOC = r"/v1/documents/(?P<documentId>[^/:]+)"

ROUTES: list[tuple[str, str, tuple[str, ...], Handler]] = [
    ("POST", r"/v1/documents", WRITE_SCOPES, documents.documents_create),
    ("GET", _DOC, READ_SCOPES, documents.documents_get),
    ("POST", _DOC + r":batchUpdate", WRITE_SCOPES, documents.documents_batch_update),
]
for _method, _pattern, _scopes, _handler in ROUTES:
    API.route(_method, _pattern, scopes=_scopes)(_handler)

# Drive's files.export of a Doc
acl.CONTENT_EXPORTERS[DOC_MIME] = export.export_document
acl.EXPORT_FORMATS[DOC_MIME] = export.FORMATS
