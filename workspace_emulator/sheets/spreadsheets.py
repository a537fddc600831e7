"""Sheets v4 handlers: spreadsheets.create, spreadsheets.get, spreadsheets.batchUpdate (routes
in ``urls``; spreadsheets.values in ``values_api``).

A spreadsheet is a Drive file; its content is stored under kind ``spreadsheets`` (see
``access``). Drive's files.create with the spreadsheet mime type makes an empty one
("Sheet1", sheetId 0, 1000 x 26), files.copy copies it, and the HTML view shows it.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store, json_copy
from workspace_emulator.drive import acl
from workspace_emulator.sheets import filters
from workspace_emulator.sheets.access import (
    SPREADSHEETS,
    bad,
    is_owner,
    load,
    save,
    store_of,
)
from workspace_emulator.sheets.batch_update import apply_requests
from workspace_emulator.sheets.defaults import (
    SHEET_MIME,
    new_id,
    new_sheet,
    new_spreadsheet,
    sheet_properties,
)
from workspace_emulator.sheets.formulas import WORKBOOK
from workspace_emulator.sheets.model import Bounds, SheetsError, grid, resolve
from workspace_emulator.sheets.view import export_table, public, render_html

__all__ = ["SHEET_MIME", "read_spreadsheet"]


def read_spreadsheet(store: Store, spreadsheet_id: str) -> dict[str, Any]:
    """The stored spreadsheet as ``spreadsheets.get`` answers its owner (no access check)."""
    stored = store.get(SPREADSHEETS, spreadsheet_id)
    if stored is None:
        raise KeyError(spreadsheet_id)
    spreadsheet = json_copy(stored)
    file = store.get("files", spreadsheet_id) or {}
    spreadsheet["properties"]["title"] = file.get("name", spreadsheet["properties"]["title"])
    return public(spreadsheet, user="", owner=True)


def _create_content(store: Store, file_id: str, name: str, _owner: str) -> None:
    save(store, new_spreadsheet(file_id, name))


def _copy_content(store: Store, source_id: str, new_id: str, new_name: str) -> None:
    source = store.get(SPREADSHEETS, source_id)
    if source is None:
        _create_content(store, new_id, new_name, "")
        return
    spreadsheet = json_copy(source)
    spreadsheet["spreadsheetId"] = new_id
    spreadsheet["properties"]["title"] = new_name
    save(store, spreadsheet)


def _render(store: Store, file_id: str) -> str:
    stored = store.get(SPREADSHEETS, file_id)
    if stored is None:
        return "<p>(empty spreadsheet)</p>"
    WORKBOOK.set(stored)
    filters.set_clock(stored, store.now())
    return render_html(stored)


def _export(store: Store, file_id: str, mime: str) -> bytes | None:
    """The first sheet as CSV or TSV (formatted values), as Drive's export gives it."""
    stored = store.get(SPREADSHEETS, file_id)
    if stored is None or mime not in ("text/csv", "text/tab-separated-values"):
        return None
    WORKBOOK.set(stored)
    filters.set_clock(stored, store.now())
    return export_table(stored["sheets"][0], "," if mime == "text/csv" else "\t").encode()


acl.CONTENT_CREATORS[SHEET_MIME] = _create_content
acl.CONTENT_COPIERS[SHEET_MIME] = _copy_content
acl.CONTENT_RENDERERS[SHEET_MIME] = _render
acl.CONTENT_EXPORTERS[SHEET_MIME] = _export
acl.EXPORT_FORMATS[SHEET_MIME] = frozenset((
    "text/csv", "text/tab-separated-values", "application/pdf", "application/zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/x-vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet",
))  # fmt: skip


def spreadsheets_create(request: Request) -> dict[str, Any]:
    """spreadsheets.create: properties, sheets (with their grid data and merges), named
    ranges. Without sheets, one "Sheet1" as on Google."""
    store = store_of(request)
    body = request.json()
    given = dict(body.get("properties") or {})
    title = str(given.pop("title", "") or "Untitled spreadsheet")
    file = acl.create_file(store, request.user, title, SHEET_MIME, app_id=request.client_id)
    spreadsheet = new_spreadsheet(file["id"], title)
    spreadsheet["properties"].update(given)
    try:
        if body.get("sheets"):
            spreadsheet["sheets"] = []
            for i, given_sheet in enumerate(body["sheets"]):
                _new_sheet(spreadsheet, i, given_sheet)
        requests = _content_requests(body, spreadsheet)
        if requests:
            spreadsheet, _replies = apply_requests(spreadsheet, requests, request.user)
    except SheetsError as exc:
        store.delete("files", file["id"])
        raise bad(exc) from exc
    save(store, spreadsheet)
    return public(spreadsheet, user=request.user, owner=True)


def _new_sheet(spreadsheet: dict[str, Any], index: int, given: dict[str, Any]) -> None:
    props = json_copy(given.get("properties") or {})
    sheet_id = int(props.pop("sheetId", 0 if index == 0 else new_id()))
    title = str(props.pop("title", "") or f"Sheet{index + 1}")
    taken = [s["properties"] for s in spreadsheet["sheets"]]
    if any(p["sheetId"] == sheet_id for p in taken) or any(
        str(p["title"]).casefold() == title.casefold() for p in taken
    ):
        raise SheetsError(f"Invalid sheets[{index}]: duplicate sheet id or title.")
    out = sheet_properties(sheet_id, title, index)
    out["gridProperties"].update(props.pop("gridProperties", {}) or {})
    props.pop("index", None)
    out.update(props)
    spreadsheet["sheets"].append(new_sheet(out))


def _content_requests(body: dict[str, Any], spreadsheet: dict[str, Any]) -> list[dict[str, Any]]:
    """The create body's cells, merges and named ranges as batchUpdate requests."""
    requests: list[dict[str, Any]] = []
    for i, sheet in enumerate(body.get("sheets") or []):
        sheet_id = spreadsheet["sheets"][i]["properties"]["sheetId"]
        for block in sheet.get("data") or []:
            if not block.get("rowData"):
                continue
            start = {"rowIndex": block.get("startRow", 0),
                     "columnIndex": block.get("startColumn", 0)}  # fmt: skip
            requests.append({"updateCells": {
                "start": {**start, "sheetId": sheet_id},
                "rows": block["rowData"], "fields": "userEnteredValue,userEnteredFormat,note",
            }})  # fmt: skip
        for merge in sheet.get("merges") or []:
            merge_range = {**merge, "sheetId": sheet_id}
            requests.append({"mergeCells": {"range": merge_range, "mergeType": "MERGE_ALL"}})
    for named in body.get("namedRanges") or []:
        requests.append({"addNamedRange": {"namedRange": named}})
    return requests


def _normalize_fields(request: Request) -> str:
    """Google accepts ``sheets.data.rowData`` as well as ``sheets/data/rowData`` in ``fields``;
    the server's mask wants slashes."""
    fields = request.arg("fields") or ""
    if fields:
        request.query["fields"] = [fields.replace(".", "/")]
    return fields


def _wants_data(request: Request, fields: str) -> bool:
    if fields:  # includeGridData is ignored when a mask is given: the mask decides
        spec = fields.replace(".", "/").replace(" ", "")
        return fields.strip() == "*" or "data" in spec.split("sheets", 1)[-1]
    return request.flag("includeGridData")


def spreadsheets_get(request: Request) -> dict[str, Any]:
    """spreadsheets.get: metadata, and grid data for ``includeGridData`` or a mask naming
    ``sheets.data``; ``ranges`` keep only the sheets (and cells) they name."""
    store = store_of(request)
    spreadsheet = load(store, request.match["spreadsheetId"], request.user)
    fields = _normalize_fields(request)
    ranges = request.args("ranges")
    data: dict[int, list[Bounds]] | None = None
    try:
        if ranges:
            data = {}
            for text in ranges:
                bounds = resolve(spreadsheet, text)
                data.setdefault(int(bounds.sheet["properties"]["sheetId"]), []).append(bounds)
        elif _wants_data(request, fields):
            data = {}
            for sheet in spreadsheet["sheets"]:
                rows, cols = grid(sheet)
                data[int(sheet["properties"]["sheetId"])] = [Bounds(sheet, 0, 0, rows, cols)]
    except SheetsError as exc:
        raise bad(exc) from exc
    owner = is_owner(store, spreadsheet["spreadsheetId"], request.user)
    answer = public(spreadsheet, user=request.user, owner=owner, data=data)
    if ranges and not _wants_data(request, fields):
        for sheet in answer["sheets"]:
            sheet.pop("data", None)
    return answer


def spreadsheets_batch_update(request: Request) -> dict[str, Any]:
    """spreadsheets.batchUpdate: every request or none, one reply per request."""
    store = store_of(request)
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    body = request.json()
    requests = body.get("requests") or []
    if not isinstance(requests, list) or not requests:
        raise ApiError(400, "Must specify at least one request.", status="INVALID_ARGUMENT")
    try:
        changed, replies = apply_requests(spreadsheet, requests, request.user)
    except SheetsError as exc:
        raise bad(exc) from exc
    save(store, changed, request.user)
    out: dict[str, Any] = {"spreadsheetId": changed["spreadsheetId"], "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        owner = is_owner(store, changed["spreadsheetId"], request.user)
        data = None
        if body.get("responseIncludeGridData"):
            data = {int(s["properties"]["sheetId"]): [Bounds(s, 0, 0, *grid(s))]
                    for s in changed["sheets"]}  # fmt: skip
        out["updatedSpreadsheet"] = public(changed, user=request.user, owner=owner, data=data)
    return out
