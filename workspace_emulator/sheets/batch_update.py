"""``spreadsheets.batchUpdate``: apply every request to a copy, all or nothing, with one reply
per request (``{}`` when the request kind has none), as Google does.

The request kinds register themselves with ``sheet_requests.handles`` in the modules imported
here: ``sheet_requests`` (sheets), ``cells`` (values and formats), ``charts`` (embedded
charts), ``ranges`` (filters, rules, protections, named ranges), ``dimension_requests``
(sizes and groups), ``find_replace`` and ``metadata`` (developer metadata).
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, json_copy
from workspace_emulator.sheets import (
    cells,
    charts,
    dimension_requests,
    find_replace,
    metadata,
    ranges,
)
from workspace_emulator.sheets.formulas import WORKBOOK
from workspace_emulator.sheets.mask import cleaned
from workspace_emulator.sheets.model import SheetsError
from workspace_emulator.sheets.sheet_requests import HANDLERS, Context

KIND_MODULES = (
    cells,
    charts,
    ranges,
    dimension_requests,
    find_replace,
    metadata,
)  # imported for their ``handles`` entries

# Google's other request kinds: real, but not emulated (a 501 that says so, not "unknown").
NOT_EMULATED = frozenset((
    "insertRange", "deleteRange", "moveDimension",
    "pasteData", "textToColumns", "updateFilterView", "addFilterView", "deleteFilterView",
    "duplicateFilterView", "updateBanding", "addBanding", "deleteBanding",
    "randomizeRange", "addSlicer", "updateSlicerSpec",
    "updateDimensionGroup", "trimWhitespace", "deleteDuplicates", "addDataSource",
    "updateDataSource", "deleteDataSource", "refreshDataSource", "autoFill", "addTable",
    "updateTable", "deleteTable", "cancelDataSourceRefresh", "updateEmbeddedObjectBorder",
))  # fmt: skip


def apply_requests(
    spreadsheet: dict[str, Any], requests: list[Any], user: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the changed copy, replies); the stored spreadsheet is untouched on error."""
    changed = json_copy(spreadsheet)
    WORKBOOK.set(changed)  # formulas read the copy being changed (sorts, sizes)
    context = Context(changed, user)
    replies: list[dict[str, Any]] = []
    for i, request in enumerate(requests):
        kinds = list(request) if isinstance(request, dict) else []
        if len(kinds) != 1:
            raise SheetsError(f"Invalid requests[{i}]: exactly one kind of request must be set.")
        kind = kinds[0]
        handler = HANDLERS.get(kind)
        if handler is None and kind in NOT_EMULATED:
            raise ApiError(501, f"Request requests[{i}].{kind} is not implemented by the "
                           "emulator.", status="UNIMPLEMENTED")  # fmt: skip
        if handler is None:
            raise SheetsError(
                f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': "
                "Cannot find field."
            )
        try:
            reply = handler(context, cleaned(request[kind] or {}))
        except SheetsError as exc:
            raise SheetsError(f"Invalid requests[{i}].{kind}: {exc}") from exc
        replies.append({kind: reply} if reply is not None else {})
    return changed, replies
