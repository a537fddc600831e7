"""``spreadsheets.sheets.copyTo``: copy one sheet into another spreadsheet (or the same one).

The copy goes last, titled "Copy of <title>" (" 2", " 3"... when that is taken, as Sheets
names it); the caller must be able to read the source and edit the destination. The answer is
the new sheet's properties.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.sheets/copyTo
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, Request
from workspace_emulator.sheets.access import bad, load, save, store_of
from workspace_emulator.sheets.defaults import new_id
from workspace_emulator.sheets.model import SheetsError, sheet_by_id, sheet_by_title
from workspace_emulator.sheets.sheet_requests import insert_copy


def sheets_copy_to(request: Request) -> dict[str, Any]:
    """Copy sheet ``sheetId`` of the spreadsheet into ``destinationSpreadsheetId``."""
    store = store_of(request)
    target = str(request.json().get("destinationSpreadsheetId") or "")
    if not target:
        raise ApiError(400, "destinationSpreadsheetId is required.", status="INVALID_ARGUMENT")
    if not request.match["sheetId"].lstrip("-").isdigit():
        raise ApiError(
            400, f"Invalid sheetId: {request.match['sheetId']}", status="INVALID_ARGUMENT"
        )
    source = load(store, request.match["spreadsheetId"], request.user)
    destination = load(store, target, request.user, "writer")
    try:
        sheet = sheet_by_id(source, int(request.match["sheetId"]))
        title = _free_title(destination, f"Copy of {sheet['properties']['title']}")
        index = len(destination["sheets"])
        properties = insert_copy(destination, sheet, new_id(), title, index)
    except SheetsError as exc:
        raise bad(exc) from exc
    save(store, destination, request.user)
    return properties


def _free_title(spreadsheet: dict[str, Any], title: str) -> str:
    candidate, number = title, 2
    while sheet_by_title(spreadsheet, candidate) is not None:
        candidate, number = f"{title} {number}", number + 1
    return candidate
