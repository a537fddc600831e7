"""``spreadsheets.batchUpdate``'s sheet-level request kinds, and the ``handles`` table every
request-kind module registers in (``batch_update`` applies them).

Cells and formats are in ``cells``; filters, rules, protections and named ranges in
``ranges``; sizes and groups in ``dimension_requests``.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.defaults import COLUMNS, ROWS, new_id, new_sheet, sheet_properties
from workspace_emulator.sheets.dims import delete_dimension, insert_dimension
from workspace_emulator.sheets.model import (
    SheetsError,
    grid,
    set_grid,
    sheet_by_id,
    sheet_by_title,
)


@dataclass
class Context:
    """What a request handler may look at besides its own body."""

    spreadsheet: dict[str, Any]
    user: str


Handler = Callable[[Context, dict[str, Any]], "dict[str, Any] | None"]
HANDLERS: dict[str, Handler] = {}


def handles(name: str) -> Callable[[Handler], Handler]:
    """Register a request kind."""

    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def _drop_defaults(props: dict[str, Any]) -> None:
    """Sheet properties answer without proto3 defaults (false, 0) in optional flags."""
    for key in ("hidden", "rightToLeft"):
        if props.get(key) is False:
            del props[key]
    grid_props = props.get("gridProperties") or {}
    for key in [k for k, v in grid_props.items() if v is False or v == 0]:
        if key not in ("rowCount", "columnCount"):
            del grid_props[key]


def reindex(spreadsheet: dict[str, Any]) -> None:
    """Sheet ``index`` values follow list order."""
    for i, sheet in enumerate(spreadsheet["sheets"]):
        sheet["properties"]["index"] = i


def _free_title(spreadsheet: dict[str, Any]) -> str:
    n = len(spreadsheet["sheets"]) + 1
    while sheet_by_title(spreadsheet, f"Sheet{n}") is not None:
        n += 1
    return f"Sheet{n}"


def _check_title(spreadsheet: dict[str, Any], title: str, sheet_id: int | None = None) -> None:
    if not title.strip():
        raise SheetsError("The sheet name cannot be empty.")
    other = sheet_by_title(spreadsheet, title)
    if other is not None and other["properties"]["sheetId"] != sheet_id:
        raise SheetsError(
            f'A sheet with the name "{title}" already exists. Please enter another name.'
        )


@handles("addSheet")
def add_sheet(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """A new sheet (grid 1000 x 26 unless told), at ``index`` or last."""
    ss = ctx.spreadsheet
    given = json_copy(body.get("properties") or {})
    if given.get("sheetType", "GRID") != "GRID":
        raise SheetsError("Only GRID sheets are supported by the emulator.")
    sheet_id = int(given.pop("sheetId")) if "sheetId" in given else new_id()
    if any(s["properties"]["sheetId"] == sheet_id for s in ss["sheets"]):
        raise SheetsError(f"A sheet with id {sheet_id} already exists.")
    title = str(given.pop("title", "") or _free_title(ss))
    _check_title(ss, title)
    index = int(given.pop("index", len(ss["sheets"])))
    props = sheet_properties(sheet_id, title, index)
    props["gridProperties"].update(given.pop("gridProperties", {}) or {})
    props.update(given)
    _drop_defaults(props)
    _mirror_tab_color(props)
    sheet = new_sheet(props)
    rows, cols = grid(sheet)
    props["gridProperties"].update(rowCount=ROWS, columnCount=COLUMNS)
    set_grid(ss, sheet, rows, cols)
    ss["sheets"].insert(max(0, min(index, len(ss["sheets"]))), sheet)
    reindex(ss)
    return {"properties": json_copy(props)}


@handles("deleteSheet")
def delete_sheet(ctx: Context, body: dict[str, Any]) -> None:
    """Remove a sheet (never the last one) and the named ranges on it."""
    ss = ctx.spreadsheet
    sheet = sheet_by_id(ss, int(body.get("sheetId", 0)))
    if len(ss["sheets"]) == 1:
        raise SheetsError("You can't remove all the sheets in a document.")
    ss["sheets"].remove(sheet)
    sheet_id = sheet["properties"]["sheetId"]
    ss["namedRanges"] = [
        n for n in ss.get("namedRanges", []) if n.get("range", {}).get("sheetId", 0) != sheet_id
    ]
    reindex(ss)


@handles("updateSheetProperties")
def update_sheet_properties(ctx: Context, body: dict[str, Any]) -> None:
    """Masked update of title, index, hidden, tab color and grid size / frozen panes."""
    ss = ctx.spreadsheet
    given = body.get("properties") or {}
    sheet = sheet_by_id(ss, int(given.get("sheetId", 0)))
    props = sheet["properties"]
    new = json_copy(props)
    mask = [p for p in field_mask.paths(body.get("fields")) if p != ["sheetId"]]
    field_mask.apply(new, given, mask)
    new["sheetId"] = props["sheetId"]
    new.setdefault("gridProperties", {})
    _check_title(ss, str(new.get("title", "")), props["sheetId"])
    grid_new = new["gridProperties"]
    rows = int(grid_new.get("rowCount", grid(sheet)[0]))
    cols = int(grid_new.get("columnCount", grid(sheet)[1]))
    for frozen, limit in (("frozenRowCount", rows), ("frozenColumnCount", cols)):
        if int(grid_new.get(frozen, 0)) >= limit:
            what = "rows" if frozen == "frozenRowCount" else "columns"
            raise SheetsError(f"You can't freeze all visible {what} on the sheet.")
    _drop_defaults(new)
    _mirror_tab_color(new)
    sheet["properties"] = new
    set_grid(ss, sheet, rows, cols)
    if all(s["properties"].get("hidden") for s in ss["sheets"]):
        raise SheetsError("You can't hide all the sheets in a document.")
    if not new.get("hidden"):
        new.pop("hidden", None)
    if new.get("index") != props.get("index"):
        ss["sheets"].remove(sheet)
        ss["sheets"].insert(max(0, min(int(new.get("index", 0)), len(ss["sheets"]))), sheet)
    reindex(ss)


def _mirror_tab_color(props: dict[str, Any]) -> None:
    """Google answers ``tabColor`` and ``tabColorStyle`` together; an empty style clears."""
    if props.get("tabColorStyle") == {} or (
        "tabColor" in props and "tabColorStyle" not in props and props["tabColor"] is None
    ):
        props.pop("tabColorStyle", None)
        props.pop("tabColor", None)
        return
    if "tabColor" in props and "tabColorStyle" not in props:
        props["tabColorStyle"] = {"rgbColor": json_copy(props["tabColor"])}
    elif "tabColorStyle" in props and "tabColor" not in props:
        rgb = props["tabColorStyle"].get("rgbColor")
        if rgb is not None:
            props["tabColor"] = json_copy(rgb)


@handles("updateSpreadsheetProperties")
def update_spreadsheet_properties(ctx: Context, body: dict[str, Any]) -> None:
    """Masked update of title, locale, time zone... (the title renames the Drive file)."""
    props = ctx.spreadsheet["properties"]
    field_mask.apply(props, body.get("properties") or {}, field_mask.paths(body.get("fields")))
    if not str(props.get("title", "")).strip():
        raise SheetsError("The spreadsheet title cannot be empty.")


@handles("appendDimension")
def append_dimension(ctx: Context, body: dict[str, Any]) -> None:
    """Add ``length`` rows or columns at the end of the grid."""
    sheet = sheet_by_id(ctx.spreadsheet, int(body.get("sheetId", 0)))
    length = int(body.get("length", 0))
    if length <= 0:
        raise SheetsError("length must be greater than 0.")
    rows, cols = grid(sheet)
    if body.get("dimension") == "ROWS":
        set_grid(ctx.spreadsheet, sheet, rows + length, cols)
    elif body.get("dimension") == "COLUMNS":
        set_grid(ctx.spreadsheet, sheet, rows, cols + length)
    else:
        raise SheetsError("dimension must be ROWS or COLUMNS.")


@handles("insertDimension")
def insert_dimension_request(ctx: Context, body: dict[str, Any]) -> None:
    """Insert rows/columns; ranges below or right of them move along."""
    rng = body.get("range") or {}
    insert_dimension(
        ctx.spreadsheet, int(rng.get("sheetId", 0)), str(rng.get("dimension")),
        int(rng.get("startIndex", 0)), int(rng.get("endIndex", 0)),
        inherit_before=bool(body.get("inheritFromBefore")),
    )  # fmt: skip


@handles("deleteDimension")
def delete_dimension_request(ctx: Context, body: dict[str, Any]) -> None:
    """Delete rows/columns; ranges move back and shrink."""
    rng = body.get("range") or {}
    sheet = sheet_by_id(ctx.spreadsheet, int(rng.get("sheetId", 0)))
    size = grid(sheet)[0 if rng.get("dimension") == "ROWS" else 1]
    delete_dimension(
        ctx.spreadsheet, int(rng.get("sheetId", 0)), str(rng.get("dimension")),
        int(rng.get("startIndex", 0)), int(rng.get("endIndex", size)),
    )  # fmt: skip


@handles("duplicateSheet")
def duplicate_sheet(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """A copy of a sheet's cells, sizes and formatting under a new id and title."""
    ss = ctx.spreadsheet
    source = sheet_by_id(ss, int(body.get("sourceSheetId", 0)))
    sheet_id = int(body["newSheetId"]) if "newSheetId" in body else new_id()
    title = body.get("newSheetName") or f"Copy of {source['properties']['title']}"
    index = int(body.get("insertSheetIndex", len(ss["sheets"])))
    return {"properties": insert_copy(ss, source, sheet_id, title, index)}


def insert_copy(
    ss: dict[str, Any], source: dict[str, Any], sheet_id: int, title: str, index: int
) -> dict[str, Any]:
    """Insert a copy of ``source`` (a sheet of ``ss`` or of another spreadsheet) at ``index``
    under a new id and title; its ranges, protections and charts are the copy's own. Returns
    the copy's properties."""
    if any(s["properties"]["sheetId"] == sheet_id for s in ss["sheets"]):
        raise SheetsError(f"A sheet with id {sheet_id} already exists.")
    _check_title(ss, title)
    sheet = json_copy(source)
    sheet["properties"].update(sheetId=sheet_id, title=title)
    sheet.pop("developerMetadata", None)  # metadata ids are unique in a spreadsheet
    for rng in _sheet_ranges(sheet):
        rng.pop("sheetId", None)
        if sheet_id:
            rng["sheetId"] = sheet_id
    for protection in sheet.get("protectedRanges", []):
        protection["protectedRangeId"] = new_id()
    for chart in sheet.get("charts", []):  # a copy's charts are new objects over the copy
        chart["chartId"] = new_id()
        anchor = chart["position"]["overlayPosition"]["anchorCell"]
        anchor.pop("sheetId", None)
        if sheet_id:
            anchor["sheetId"] = sheet_id
    ss["sheets"].insert(max(0, min(index, len(ss["sheets"]))), sheet)
    reindex(ss)
    return json_copy(sheet["properties"])


def _sheet_ranges(sheet: dict[str, Any]) -> list[dict[str, Any]]:
    out = list(sheet.get("merges", []))
    for rule in sheet.get("conditionalFormats", []):
        out.extend(rule.get("ranges", []))
    out.extend(p["range"] for p in sheet.get("protectedRanges", []) if "range" in p)
    if "basicFilter" in sheet:
        out.append(sheet["basicFilter"].setdefault("range", {}))
    return out
