"""batchUpdate requests on things that name ranges: the basic filter, conditional format rules
(by index), protected ranges and named ranges.

Ranges are stored as Google answers them: ``sheetId`` 0 is left out (proto3 default), the
other bounds kept as given (an open end stays open, except the basic filter's, which Google
closes at the grid's edge).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets import filters
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.defaults import new_id
from workspace_emulator.sheets.model import (
    Bounds,
    SheetsError,
    grid_range,
    public_range,
    sheet_by_id,
)
from workspace_emulator.sheets.sheet_requests import HANDLERS, Context, handles

_NAME = re.compile(r"^[A-Za-z_\\][A-Za-z0-9_.]*$")
_CELLISH = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*|true|false)$", re.IGNORECASE)


def stored_range(bounds: Bounds) -> dict[str, int]:
    """A bounded GridRange in Google's answer form."""
    return public_range(bounds)


def normalized(spreadsheet: dict[str, Any], rng: dict[str, Any]) -> dict[str, Any]:
    """A checked GridRange as given, ``sheetId`` 0 left out."""
    grid_range(spreadsheet, rng)
    out = {k: int(v) for k, v in rng.items() if k != "sheetId"}
    if int(rng.get("sheetId", 0)):
        return {"sheetId": int(rng["sheetId"]), **out}
    return out


# --- basic filter -----------------------------------------------------------------------


@handles("setBasicFilter")
def set_basic_filter(ctx: Context, body: dict[str, Any]) -> None:
    """The sheet's basic filter (replacing any), its range closed at the grid's edge, with its
    criteria per column; ``sortSpecs`` sort the rows under the header, as in Sheets."""
    given = body.get("filter") or {}
    bounds = grid_range(ctx.spreadsheet, given.get("range") or {})
    stored = filters.stored_filter(given, stored_range(bounds))
    if stored.get("sortSpecs") and bounds.row1 > bounds.row0 + 1:
        rows = {**stored["range"], "startRowIndex": bounds.row0 + 1}
        HANDLERS["sortRange"](ctx, {"range": rows, "sortSpecs": stored["sortSpecs"]})
    bounds.sheet["basicFilter"] = stored


@handles("clearBasicFilter")
def clear_basic_filter(ctx: Context, body: dict[str, Any]) -> None:
    """Remove the sheet's basic filter (if any)."""
    sheet_by_id(ctx.spreadsheet, int(body.get("sheetId", 0))).pop("basicFilter", None)


# --- conditional formats ----------------------------------------------------------------


def _rule_sheet(ctx: Context, rule: dict[str, Any]) -> dict[str, Any]:
    ranges = rule.get("ranges") or []
    if not ranges:
        raise SheetsError("A conditional format rule must have at least one range.")
    ids = {int(r.get("sheetId", 0)) for r in ranges}
    if len(ids) > 1:
        raise SheetsError("All ranges of a conditional format rule must be on the same sheet.")
    rule["ranges"] = [normalized(ctx.spreadsheet, r) for r in ranges]
    return sheet_by_id(ctx.spreadsheet, ids.pop())


@handles("addConditionalFormatRule")
def add_conditional_format_rule(ctx: Context, body: dict[str, Any]) -> None:
    """Insert a rule at ``index`` (0 when not given) of its sheet's rules."""
    rule = json_copy(body.get("rule") or {})
    sheet = _rule_sheet(ctx, rule)
    rules = sheet.setdefault("conditionalFormats", [])
    index = int(body.get("index", 0))
    if not 0 <= index <= len(rules):
        raise SheetsError(f"The index {index} is out of bounds (the sheet has {len(rules)}).")
    rules.insert(index, rule)


def _rule_at(ctx: Context, body: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    sheet_id = int(body.get("sheetId", 0))
    rules = sheet_by_id(ctx.spreadsheet, sheet_id).get("conditionalFormats", [])
    index = int(body.get("index", 0))
    if not 0 <= index < len(rules):
        raise SheetsError(f"No conditional format on sheet: {sheet_id} at index: {index}")
    return rules, index


@handles("deleteConditionalFormatRule")
def delete_conditional_format_rule(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Remove the rule at ``index``; the reply holds it."""
    rules, index = _rule_at(ctx, body)
    removed = rules.pop(index)
    _drop_empty(sheet_by_id(ctx.spreadsheet, int(body.get("sheetId", 0))), "conditionalFormats")
    return {"rule": removed}


@handles("updateConditionalFormatRule")
def update_conditional_format_rule(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Replace the rule at ``index`` (``rule``) or move it (``newIndex``)."""
    rules, index = _rule_at(ctx, body)
    old = rules[index]
    if "rule" in body:
        new = json_copy(body["rule"])
        _rule_sheet(ctx, new)
        rules[index] = new
        return {"newRule": new, "newIndex": index, "oldRule": old, "oldIndex": index}
    new_index = int(body.get("newIndex", index))
    if not 0 <= new_index < len(rules):
        raise SheetsError(f"The index {new_index} is out of bounds.")
    rules.insert(new_index, rules.pop(index))
    return {"newRule": old, "newIndex": new_index, "oldRule": old, "oldIndex": index}


def _drop_empty(sheet: dict[str, Any], key: str) -> None:
    if not sheet.get(key):
        sheet.pop(key, None)


# --- protected ranges -------------------------------------------------------------------


def _protections(spreadsheet: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(s, p) for s in spreadsheet["sheets"] for p in s.get("protectedRanges", [])]


@handles("addProtectedRange")
def add_protected_range(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Protect a range; Google assigns the id and makes the caller an editor."""
    given = json_copy(body.get("protectedRange") or {})
    ids = {p["protectedRangeId"] for _, p in _protections(ctx.spreadsheet)}
    pid = int(given.get("protectedRangeId") or new_id())
    if pid in ids:
        raise SheetsError(f"A protected range with ID {pid} already exists.")
    rng = given.get("range") or {}
    sheet = sheet_by_id(ctx.spreadsheet, int(rng.get("sheetId", 0)))
    stored: dict[str, Any] = {"protectedRangeId": pid, "range": normalized(ctx.spreadsheet, rng)}
    if given.get("description"):
        stored["description"] = str(given["description"])
    if given.get("warningOnly"):
        stored["warningOnly"] = True
    users = [ctx.user, *((given.get("editors") or {}).get("users") or [])]
    stored["editors"] = {"users": sorted({u.lower() for u in users})}
    unprotected = given.get("unprotectedRanges") or []
    if unprotected:
        stored["unprotectedRanges"] = [normalized(ctx.spreadsheet, r) for r in unprotected]
    sheet.setdefault("protectedRanges", []).append(stored)
    reply = {k: json_copy(v) for k, v in stored.items() if k != "editors"}
    reply["requestingUserCanEdit"] = True
    reply["editors"] = {}  # as Google answers it; a get lists the editors
    return {"protectedRange": reply}


@handles("deleteProtectedRange")
def delete_protected_range(ctx: Context, body: dict[str, Any]) -> None:
    """Remove a protection by id."""
    pid = int(body.get("protectedRangeId", -1))
    for sheet, protection in _protections(ctx.spreadsheet):
        if protection["protectedRangeId"] == pid:
            sheet["protectedRanges"].remove(protection)
            _drop_empty(sheet, "protectedRanges")
            return
    raise SheetsError(f"No protected range with id: {pid}")


@handles("updateProtectedRange")
def update_protected_range(ctx: Context, body: dict[str, Any]) -> None:
    """Masked update of a protection (description, warningOnly, range, editors)."""
    given = body.get("protectedRange") or {}
    pid = int(given.get("protectedRangeId", -1))
    for _sheet, protection in _protections(ctx.spreadsheet):
        if protection["protectedRangeId"] == pid:
            field_mask.apply(protection, given, field_mask.paths(body.get("fields")))
            protection["protectedRangeId"] = pid
            if "range" in protection:
                protection["range"] = normalized(ctx.spreadsheet, protection["range"])
            return
    raise SheetsError(f"No protected range with id: {pid}")


# --- named ranges -----------------------------------------------------------------------


def _check_name(ctx: Context, name: str, own_id: str | None = None) -> None:
    if not _NAME.match(name) or _CELLISH.match(name):
        raise SheetsError(f"Invalid name for a named range: {name}")
    for named in ctx.spreadsheet.get("namedRanges", []):
        if named["name"].casefold() == name.casefold() and named["namedRangeId"] != own_id:
            raise SheetsError(f"A named range with the name {name} already exists.")


@handles("addNamedRange")
def add_named_range(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Name a range; Google assigns a numeric-string id."""
    given = body.get("namedRange") or {}
    name = str(given.get("name", ""))
    _check_name(ctx, name)
    named = {
        "namedRangeId": str(given.get("namedRangeId") or secrets.randbelow(2**31 - 1) + 1),
        "name": name,
        "range": normalized(ctx.spreadsheet, given.get("range") or {}),
    }
    ctx.spreadsheet.setdefault("namedRanges", []).append(named)
    return {"namedRange": json_copy(named)}


def _named(ctx: Context, named_id: str) -> dict[str, Any]:
    for named in ctx.spreadsheet.get("namedRanges", []):
        if named["namedRangeId"] == named_id:
            return named
    raise SheetsError(f"No named range with id: {named_id}")


@handles("deleteNamedRange")
def delete_named_range(ctx: Context, body: dict[str, Any]) -> None:
    """Remove a named range by id."""
    ctx.spreadsheet["namedRanges"].remove(_named(ctx, str(body.get("namedRangeId"))))


@handles("updateNamedRange")
def update_named_range(ctx: Context, body: dict[str, Any]) -> None:
    """Masked update of a named range's name or range."""
    given = body.get("namedRange") or {}
    named = _named(ctx, str(given.get("namedRangeId")))
    field_mask.apply(named, given, field_mask.paths(body.get("fields")))
    _check_name(ctx, str(named.get("name", "")), named["namedRangeId"])
    named["range"] = normalized(ctx.spreadsheet, named.get("range") or {})
