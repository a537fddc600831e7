"""The ``spreadsheets.values`` handlers (routes in ``urls``): get, batchGet, update,
batchUpdate, append, clear, batchClear. Every write is atomic (all ranges or none) and touches
the Drive file.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from workspace_emulator.core.framework import ApiError, Request
from workspace_emulator.sheets import values_io
from workspace_emulator.sheets.access import (
    bad,
    check_protection,
    is_owner,
    load,
    save,
    store_of,
)
from workspace_emulator.sheets.model import Bounds, SheetsError, resolve


def _range(request: Request) -> str:
    return unquote(request.match["range"])


def _read_options(request: Request, prefix: str = "") -> dict[str, str]:
    def name(base: str) -> str:
        return prefix + base[0].upper() + base[1:] if prefix else base

    return {
        "option": request.arg(name("valueRenderOption")) or "FORMATTED_VALUE",
        "date_option": request.arg(name("dateTimeRenderOption")) or "SERIAL_NUMBER",
    }


def _input_option(value: str | None) -> str:
    if not value:
        raise ApiError(
            400, "'valueInputOption' is required but not specified", status="INVALID_ARGUMENT"
        )
    return value


def values_get(request: Request) -> dict[str, Any]:
    """values.get: one ValueRange."""
    spreadsheet = load(store_of(request), request.match["spreadsheetId"], request.user)
    try:
        bounds = resolve(spreadsheet, _range(request))
        return values_io.read(
            bounds, major=request.arg("majorDimension") or "ROWS", **_read_options(request)
        )
    except SheetsError as exc:
        raise bad(exc) from exc


def values_batch_get(request: Request) -> dict[str, Any]:
    """values.batchGet: a ValueRange per ``ranges`` value, in order."""
    spreadsheet = load(store_of(request), request.match["spreadsheetId"], request.user)
    out: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    major = request.arg("majorDimension") or "ROWS"
    try:
        blocks = [
            values_io.read(resolve(spreadsheet, text), major=major, **_read_options(request))
            for text in request.args("ranges")
        ]
    except SheetsError as exc:
        raise bad(exc) from exc
    if blocks:
        out["valueRanges"] = blocks
    return out


def _write_one(
    request: Request, spreadsheet: dict[str, Any], text: str, block: dict[str, Any], option: str
) -> dict[str, Any]:
    major = block.get("majorDimension") or "ROWS"
    rows = values_io.as_rows(block.get("values"), major, "data.values")  # checked first
    bounds = resolve(spreadsheet, text, writing=True)
    height, width = len(rows), max((len(r) for r in rows), default=0)
    target = Bounds(bounds.sheet, bounds.row0, bounds.col0, bounds.row0 + height,
                    bounds.col0 + width)  # fmt: skip
    owner = is_owner(store_of(request), spreadsheet["spreadsheetId"], request.user)
    check_protection(target, request.user, owner=owner)
    return values_io.write(spreadsheet, bounds, rows, option=option)


def _with_data(
    request: Request, spreadsheet: dict[str, Any], answer: dict[str, Any], flag: bool | None
) -> dict[str, Any]:
    wanted = request.flag("includeValuesInResponse") if flag is None else flag
    if wanted and "updatedRange" in answer:
        bounds = resolve(spreadsheet, answer["updatedRange"])
        answer["updatedData"] = values_io.read(bounds, **_read_options(request, "response"))
    return answer


def values_update(request: Request) -> dict[str, Any]:
    """values.update: write one ValueRange at the range's top-left."""
    store = store_of(request)
    option = _input_option(request.arg("valueInputOption"))
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    try:
        answer = _write_one(request, spreadsheet, _range(request), request.json(), option)
        save(store, spreadsheet, request.user)
        return _with_data(request, spreadsheet, answer, None)
    except SheetsError as exc:
        raise bad(exc) from exc


def values_batch_update(request: Request) -> dict[str, Any]:
    """values.batchUpdate: several ValueRanges, one input option, all or nothing."""
    store = store_of(request)
    body = request.json()
    option = _input_option(body.get("valueInputOption"))
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    responses = []
    try:
        for i, block in enumerate(body.get("data") or []):
            if not block.get("range"):
                raise SheetsError(f"Invalid data[{i}]: range is required.")
            responses.append(_write_one(request, spreadsheet, block["range"], block, option))
        save(store, spreadsheet, request.user)
        flag = bool(body.get("includeValuesInResponse"))
        responses = [_with_data(request, spreadsheet, r, flag) for r in responses]
    except SheetsError as exc:
        raise bad(exc) from exc
    return {"spreadsheetId": spreadsheet["spreadsheetId"], **_totals(spreadsheet, responses)}


def _totals(spreadsheet: dict[str, Any], responses: list[dict[str, Any]]) -> dict[str, Any]:
    rows: set[tuple[int, int]] = set()
    cols: set[tuple[int, int]] = set()
    sheets: set[int] = set()
    cells = 0
    for answer in responses:
        if "updatedCells" not in answer:
            continue
        bounds = resolve(spreadsheet, answer["updatedRange"])
        sheet_id = int(bounds.sheet["properties"]["sheetId"])
        sheets.add(sheet_id)
        rows.update((sheet_id, r) for r in range(bounds.row0, bounds.row1))
        cols.update((sheet_id, c) for c in range(bounds.col0, bounds.col1))
        cells += int(answer["updatedCells"])
    out: dict[str, Any] = {}
    totals = {"totalUpdatedRows": len(rows), "totalUpdatedColumns": len(cols),
              "totalUpdatedCells": cells, "totalUpdatedSheets": len(sheets)}  # fmt: skip
    for key, value in totals.items():
        if value:
            out[key] = value
    if responses:
        out["responses"] = responses
    return out


def values_append(request: Request) -> dict[str, Any]:
    """values.append: below the table found in the range (rows inserted with INSERT_ROWS)."""
    store = store_of(request)
    option = _input_option(request.arg("valueInputOption"))
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    body = request.json()
    try:
        bounds = resolve(spreadsheet, _range(request))
        owner = is_owner(store, spreadsheet["spreadsheetId"], request.user)
        answer = values_io.append(
            spreadsheet, bounds, body.get("values"), option=option,
            major=body.get("majorDimension") or "ROWS",
            insert=request.arg("insertDataOption") or "OVERWRITE",
        )  # fmt: skip
        updates = answer["updates"]
        if "updatedCells" in updates:
            check_protection(resolve(spreadsheet, updates["updatedRange"], writing=True),
                             request.user, owner=owner)  # fmt: skip
        save(store, spreadsheet, request.user)
        _with_data(request, spreadsheet, updates, None)
        return answer
    except SheetsError as exc:
        raise bad(exc) from exc


def values_clear(request: Request) -> dict[str, Any]:
    """values.clear: values go, formatting stays."""
    store = store_of(request)
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    try:
        bounds = resolve(spreadsheet, _range(request))
        owner = is_owner(store, spreadsheet["spreadsheetId"], request.user)
        check_protection(bounds, request.user, owner=owner)
        cleared = values_io.clear(bounds)
    except SheetsError as exc:
        raise bad(exc) from exc
    save(store, spreadsheet, request.user)
    return {"spreadsheetId": spreadsheet["spreadsheetId"], "clearedRange": cleared}


def values_batch_clear(request: Request) -> dict[str, Any]:
    """values.batchClear: several ranges, all or nothing."""
    store = store_of(request)
    spreadsheet = load(store, request.match["spreadsheetId"], request.user, "writer")
    owner = is_owner(store, spreadsheet["spreadsheetId"], request.user)
    cleared = []
    try:
        for text in request.json().get("ranges") or []:
            bounds = resolve(spreadsheet, text)
            check_protection(bounds, request.user, owner=owner)
            cleared.append(values_io.clear(bounds))
    except SheetsError as exc:
        raise bad(exc) from exc
    save(store, spreadsheet, request.user)
    out: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    if cleared:
        out["clearedRanges"] = cleared
    return out
