"""Who may read or write a spreadsheet, and where it is kept.

A spreadsheet is a Drive file (``application/vnd.google-apps.spreadsheet``) whose content is
stored under kind ``spreadsheets``, keyed by the file id. Drive's ACL decides access; errors
are said the way the Sheets API says them (GOOGLE-FACTS, error shapes): a file the caller
cannot see is 404 "Requested entity was not found.", a reader writing is 403.
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store, json_copy
from workspace_emulator.core.validate import FieldViolation
from workspace_emulator.drive import acl
from workspace_emulator.drive.acl import require_file_rpc
from workspace_emulator.sheets import filters
from workspace_emulator.sheets.defaults import SHEET_MIME, new_spreadsheet
from workspace_emulator.sheets.formulas import WORKBOOK
from workspace_emulator.sheets.model import Bounds, SheetsError

SPREADSHEETS = "spreadsheets"
_FILES = "files"
PROTECTED = (
    "You are trying to edit a protected cell or object. Please contact the spreadsheet owner "
    "to remove protection if you need to edit."
)


def store_of(request: Request) -> Store:
    """The server's store."""
    store: Store = request.store
    return store


def bad(exc: SheetsError) -> ApiError:
    """A model error as the API's 400 INVALID_ARGUMENT."""
    if exc.field:
        return FieldViolation(str(exc), exc.field)
    return ApiError(400, str(exc), status="INVALID_ARGUMENT")


def load(store: Store, spreadsheet_id: str, user: str, role: str = "reader") -> dict[str, Any]:
    """The stored spreadsheet if ``user`` holds ``role`` on its Drive file; its title is the
    file's name. Writers get a deep copy (a failing write leaves the stored one alone); readers
    a shallow one they must not change."""
    file = require_file_rpc(store, spreadsheet_id, user, role)
    if file.get("mimeType") != SHEET_MIME:
        raise ApiError(
            400, "This operation is not supported for this document", status="FAILED_PRECONDITION"
        )
    stored = store.get(SPREADSHEETS, spreadsheet_id)
    if stored is None:  # a file made before the Sheets surface knew of it: empty, as Google
        stored = new_spreadsheet(spreadsheet_id, str(file.get("name", "")))
    spreadsheet = json_copy(stored) if role != "reader" else dict(stored)
    title = file.get("name", stored["properties"]["title"])
    spreadsheet["properties"] = {**spreadsheet["properties"], "title": title}
    WORKBOOK.set(spreadsheet)  # what formulas on it read other sheets from, for this call
    filters.set_clock(spreadsheet, store.now())  # what its filters' relative dates start from
    return spreadsheet


def save(store: Store, spreadsheet: dict[str, Any], user: str | None = None) -> None:
    """Persist; with ``user``, record the edit on the Drive file (modifiedTime, revision) and
    keep the file's name equal to the spreadsheet's title."""
    store.put(SPREADSHEETS, spreadsheet["spreadsheetId"], spreadsheet)
    file = store.get(_FILES, spreadsheet["spreadsheetId"])
    if file is not None and file.get("name") != spreadsheet["properties"]["title"]:
        file["name"] = spreadsheet["properties"]["title"]
        store.put(_FILES, file["id"], file)
    if user is not None:
        acl.touch(store, spreadsheet["spreadsheetId"], user)


def is_owner(store: Store, spreadsheet_id: str, user: str) -> bool:
    """Whether ``user`` owns the Drive file."""
    file = store.get(_FILES, spreadsheet_id) or {}
    return any(o.get("emailAddress", "").lower() == user.lower() for o in file.get("owners", []))


def check_protection(bounds: Bounds, user: str, *, owner: bool) -> None:
    """A write into a (non-warning) protected range by someone not among its editors is
    refused, as Google does; the owner may always write."""
    if owner:
        return
    for protection in bounds.sheet.get("protectedRanges", []):
        if protection.get("warningOnly"):
            continue
        editors = [u.lower() for u in (protection.get("editors") or {}).get("users", [])]
        if user.lower() in editors:
            continue
        rng = protection.get("range") or {}
        if (
            rng.get("startRowIndex", 0) < bounds.row1
            and bounds.row0 < rng.get("endRowIndex", 10**9)
            and rng.get("startColumnIndex", 0) < bounds.col1
            and bounds.col0 < rng.get("endColumnIndex", 10**9)
        ):
            raise ApiError(400, PROTECTED, status="INVALID_ARGUMENT")
