"""Sheets v4's route table: every emulated method, its path and the scopes that allow it.

Handlers live in ``spreadsheets`` (create, get, batchUpdate), ``copy_to`` (sheets.copyTo),
``metadata`` (developerMetadata.*) and ``values_api`` (spreadsheets.values.*); batchUpdate's
request kinds in ``sheet_requests``, ``cells``, ``charts``, ``ranges``, ``find_replace``,
``metadata`` and ``dimension_requests``; the grid model in ``model``, ``values`` and ``a1``.
"""

from __future__ import annotations

from workspace_emulator.core.framework import Api, Handler
from workspace_emulator.sheets import copy_to, imports, metadata, spreadsheets, values_api

API = Api("sheets", "grpc")
CONVERTERS = (imports,)  # imported for registering Drive v2's CSV conversion
_AUTH = "https://www.googleapis.com/auth/"
WRITE_SCOPES = (_AUTH + "spreadsheets", _AUTH + "drive", _AUTH + "drive.file")
READ_SCOPES = (*WRITE_SCOPES, _AUTH + "spreadsheets.readonly", _AUTH + "drive.readonly")
SHEET = r"/v4/spreadsheets/(?P<spreadsheetId>[^/:]+)"
_VALUES = SHEET + r"/values/(?P<range>[^/]+)"

ROUTES: list[tuple[str, str, tuple[str, ...], Handler]] = [
    ("POST", r"/v4/spreadsheets", WRITE_SCOPES, spreadsheets.spreadsheets_create),
    ("GET", SHEET, READ_SCOPES, spreadsheets.spreadsheets_get),
    ("POST", SHEET + r":batchUpdate", WRITE_SCOPES, spreadsheets.spreadsheets_batch_update),
    ("POST", SHEET + r"/sheets/(?P<sheetId>[^/:]+):copyTo", WRITE_SCOPES, copy_to.sheets_copy_to),
    (
        "GET",
        SHEET + r"/developerMetadata/(?P<metadataId>[^/:]+)",
        READ_SCOPES,
        metadata.developer_metadata_get,
    ),
    ("POST", SHEET + r"/developerMetadata:search", READ_SCOPES, metadata.developer_metadata_search),
    ("GET", _VALUES, READ_SCOPES, values_api.values_get),
    ("GET", SHEET + r"/values:batchGet", READ_SCOPES, values_api.values_batch_get),
    ("PUT", _VALUES, WRITE_SCOPES, values_api.values_update),
    ("POST", SHEET + r"/values:batchUpdate", WRITE_SCOPES, values_api.values_batch_update),
    ("POST", _VALUES + r":append", WRITE_SCOPES, values_api.values_append),
    ("POST", _VALUES + r":clear", WRITE_SCOPES, values_api.values_clear),
    ("POST", SHEET + r"/values:batchClear", WRITE_SCOPES, values_api.values_batch_clear),
]
for _method, _pattern, _scopes, _handler in ROUTES:
    API.route(_method, _pattern, scopes=_scopes)(_handler)
