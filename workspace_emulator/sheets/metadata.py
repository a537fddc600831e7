"""Developer metadata: key/value pairs a program keeps on a spreadsheet or on one of its sheets.

batchUpdate's ``createDeveloperMetadata``, ``updateDeveloperMetadata`` and
``deleteDeveloperMetadata``, and the ``developerMetadata.get`` / ``.search`` methods. Metadata
on the spreadsheet is stored (and answered by ``spreadsheets.get``) as the spreadsheet's
``developerMetadata``, metadata on a sheet as that sheet's, so it goes with its sheet. Lookups
by ``developerMetadataLookup`` are served; metadata on rows or columns and lookups by
``a1Range`` / ``gridRange`` are a 501.
https://developers.google.com/sheets/api/guides/metadata
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Any

from workspace_emulator.core.framework import ApiError, Request, json_copy
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.access import bad, load, store_of
from workspace_emulator.sheets.model import SheetsError, sheet_by_id
from workspace_emulator.sheets.sheet_requests import Context, handles

Holder = dict[str, Any]  # the spreadsheet or a sheet: what holds a "developerMetadata" list


def _not_emulated(what: str) -> ApiError:
    return ApiError(501, f"Developer metadata {what} is not emulated.", status="UNIMPLEMENTED")


def _holder(spreadsheet: dict[str, Any], location: dict[str, Any]) -> tuple[Holder, dict]:
    """(where metadata at ``location`` is kept, the location as Google answers it)."""
    if location.get("dimensionRange") is not None:
        raise _not_emulated("on rows or columns")
    if location.get("sheetId") is not None:
        sheet_id = int(location["sheetId"])
        return sheet_by_id(spreadsheet, sheet_id), {"locationType": "SHEET", "sheetId": sheet_id}
    if location.get("spreadsheet"):
        return spreadsheet, {"locationType": "SPREADSHEET", "spreadsheet": True}
    raise SheetsError("A developer metadata location must be set.")


def _all(spreadsheet: dict[str, Any]) -> Iterator[tuple[Holder, dict[str, Any]]]:
    for item in spreadsheet.get("developerMetadata", []):
        yield spreadsheet, item
    for sheet in spreadsheet["sheets"]:
        for item in sheet.get("developerMetadata", []):
            yield sheet, item


def _matches(item: dict[str, Any], data_filter: dict[str, Any]) -> bool:
    if "developerMetadataLookup" not in data_filter:
        raise _not_emulated("lookups by a1Range or gridRange")
    lookup = data_filter["developerMetadataLookup"] or {}
    for key in ("metadataId", "metadataKey", "metadataValue", "visibility"):
        if lookup.get(key) is not None and str(lookup[key]) != str(item.get(key)):
            return False
    location = item["location"]
    if lookup.get("locationType") and lookup["locationType"] != location["locationType"]:
        return False
    wanted = lookup.get("metadataLocation")
    if wanted is None:
        return True
    if wanted.get("dimensionRange") is not None:
        raise _not_emulated("on rows or columns")
    if wanted.get("spreadsheet"):  # INTERSECTING_LOCATION: a sheet lies in the spreadsheet
        intersecting = lookup.get("locationMatchingStrategy") == "INTERSECTING_LOCATION"
        return intersecting or location["locationType"] == "SPREADSHEET"
    return location.get("sheetId") == int(wanted.get("sheetId", -1))


def _found(spreadsheet: dict[str, Any], filters: list[dict[str, Any]]) -> list[tuple[Holder, dict]]:
    if not filters:
        raise SheetsError("At least one data filter must be set.")
    return [(h, i) for h, i in _all(spreadsheet) if any(_matches(i, f) for f in filters)]


@handles("createDeveloperMetadata")
def create(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """New metadata at its location; Google mints the id when none is given."""
    given = json_copy(body.get("developerMetadata") or {})
    if not given.get("metadataKey"):
        raise SheetsError("developerMetadata.metadataKey is required.")
    taken = {int(item["metadataId"]) for _h, item in _all(ctx.spreadsheet)}
    ident = int(given.get("metadataId") or secrets.randbelow(2**31 - 1) + 1)
    if ident in taken:
        raise SheetsError(f"Developer metadata with id {ident} already exists.")
    holder, location = _holder(ctx.spreadsheet, given.get("location") or {})
    item = {"metadataId": ident, "metadataKey": str(given["metadataKey"])}
    if given.get("metadataValue") is not None:
        item["metadataValue"] = str(given["metadataValue"])
    item.update(location=location, visibility=given.get("visibility") or "DOCUMENT")
    holder.setdefault("developerMetadata", []).append(item)
    return {"developerMetadata": json_copy(item)}


@handles("updateDeveloperMetadata")
def update(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """The masked fields of ``developerMetadata`` on every match (its id stays)."""
    mask = [p for p in field_mask.paths(body.get("fields")) if p != ["metadataId"]]
    given = body.get("developerMetadata") or {}
    changed = []
    for holder, item in _found(ctx.spreadsheet, body.get("dataFilters") or []):
        new = json_copy(item)
        field_mask.apply(new, {k: v for k, v in given.items() if k != "metadataId"}, mask)
        new["metadataId"] = item["metadataId"]  # "*" copies everything but the id
        new_holder, new["location"] = _holder(ctx.spreadsheet, new.get("location") or {})
        holder["developerMetadata"].remove(item)
        new_holder.setdefault("developerMetadata", []).append(new)
        changed.append(new)
    return {"developerMetadata": json_copy(changed)}


@handles("deleteDeveloperMetadata")
def delete(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Delete every match; the answer lists them."""
    gone = []
    for holder, item in _found(ctx.spreadsheet, [body.get("dataFilter") or {}]):
        holder["developerMetadata"].remove(item)
        if not holder["developerMetadata"]:
            del holder["developerMetadata"]
        gone.append(item)
    return {"deletedDeveloperMetadata": gone}


def developer_metadata_get(request: Request) -> dict[str, Any]:
    """developerMetadata.get: one item by id, or Google's 404."""
    spreadsheet = load(store_of(request), request.match["spreadsheetId"], request.user)
    wanted = request.match["metadataId"]
    for item in (item for _holder, item in _all(spreadsheet)):
        if str(item["metadataId"]) == wanted:
            return dict(json_copy(item))
    raise ApiError(404, f"No developer metadata with id {wanted}.", status="NOT_FOUND")


def developer_metadata_search(request: Request) -> dict[str, Any]:
    """developerMetadata.search: every item a data filter matches, with the filters it met."""
    spreadsheet = load(store_of(request), request.match["spreadsheetId"], request.user)
    filters = request.json().get("dataFilters") or []
    try:
        found = _found(spreadsheet, filters)
    except SheetsError as exc:
        raise bad(exc) from exc
    matched = [{"developerMetadata": json_copy(item),
                "dataFilters": [f for f in filters if _matches(item, f)]}
               for _holder_, item in found]  # fmt: skip
    return {"matchedDeveloperMetadata": matched} if matched else {}
