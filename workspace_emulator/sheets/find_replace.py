"""The ``findReplace`` batchUpdate request: find text in cells of a range, a sheet or every sheet
and replace it, answering the counts Google answers (values, formulas, rows, sheets and
occurrences changed).

Cells are searched by their shown text, without regard to case unless ``matchCase``; a number
or boolean whose text changes is entered again as typed (``100`` -> ``200`` stays a number).
Formulas are searched only with ``includeFormulas``, in their formula text.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#findreplacerequest
"""

from __future__ import annotations

import re
from typing import Any

from workspace_emulator.sheets.model import (
    Bounds,
    Sheet,
    SheetsError,
    cell,
    grid,
    grid_range,
    set_cell,
    sheet_by_id,
)
from workspace_emulator.sheets.sheet_requests import Context, handles
from workspace_emulator.sheets.values import formatted, parse_input


def _scope(ctx: Context, body: dict[str, Any]) -> list[Bounds]:
    scopes = [key for key in ("range", "sheetId") if body.get(key) is not None]
    scopes += ["allSheets"] if body.get("allSheets") is True else []
    if len(scopes) != 1:
        raise SheetsError("Exactly one of range, sheetId or allSheets must be set.")
    if scopes[0] == "range":
        return [grid_range(ctx.spreadsheet, body["range"])]
    if scopes[0] == "sheetId":
        sheets = [sheet_by_id(ctx.spreadsheet, int(body["sheetId"]))]
    else:
        sheets = list(ctx.spreadsheet["sheets"])
    return [Bounds(sheet, 0, 0, *grid(sheet)) for sheet in sheets]


def _pattern(body: dict[str, Any]) -> re.Pattern[str]:
    find = str(body.get("find") or "")
    if not find:
        raise SheetsError("find must not be empty.")
    text = find if body.get("searchByRegex") else re.escape(find)
    if body.get("matchEntireCell"):
        text = f"^(?:{text})$"
    try:
        return re.compile(text, 0 if body.get("matchCase") else re.IGNORECASE)
    except re.error as exc:
        raise SheetsError(f"Invalid regular expression: {find}") from exc


Replacement = Any  # a function of the match: the text put in its place


def _replacement(body: dict[str, Any]) -> Replacement:
    """The text for a match; with ``searchByRegex``, ``$1`` is the first group (as in Sheets)."""
    new = str(body.get("replacement") or "")
    if not body.get("searchByRegex"):
        return lambda _match: new

    def expand(match: re.Match[str]) -> str:
        def group(ref: re.Match[str]) -> str:
            digits = ref[1]  # "$10" is group 10 only if there is one, else group 1 then "0"
            while len(digits) > 1 and int(digits) > (match.re.groups or 0):
                digits = digits[:-1]
            rest = ref[1][len(digits) :]
            if int(digits) > (match.re.groups or 0):
                raise SheetsError(f"No group {digits} in the regular expression.")
            return (match.group(int(digits)) or "") + rest

        return re.sub(r"\$(\d+)", group, new)

    return expand


def _replace(stored: dict[str, Any], pattern: re.Pattern[str], new: Replacement,
             formulas: bool) -> int:  # fmt: skip
    """Replace in one cell; the number of occurrences replaced."""
    entered = stored.get("userEnteredValue") or {}
    if "formulaValue" in entered:
        if not formulas:
            return 0
        text, count = pattern.subn(new, str(entered["formulaValue"]))
        if count:
            entered["formulaValue"] = text
        return count
    if "stringValue" in entered:
        text, count = pattern.subn(new, str(entered["stringValue"]))
        if count:
            entered["stringValue"] = text
        return count
    value = entered.get("numberValue", entered.get("boolValue"))
    if value is None:
        return 0
    fmt = (stored.get("userEnteredFormat") or {}).get("numberFormat")
    text, count = pattern.subn(new, formatted(value, fmt))
    if count:
        again, _fmt = parse_input(text, "USER_ENTERED")
        stored["userEnteredValue"] = again or {"stringValue": ""}
    return count


@handles("findReplace")
def find_replace(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Replace every match in the scope; Google's FindReplaceResponse."""
    pattern = _pattern(body)
    new = _replacement(body)
    formulas = bool(body.get("includeFormulas"))
    counts = {"valuesChanged": 0, "formulasChanged": 0, "occurrencesChanged": 0}
    rows: set[tuple[int, int]] = set()
    sheets: set[int] = set()
    for bounds in _scope(ctx, body):
        sheet: Sheet = bounds.sheet
        sheet_id = int(sheet["properties"]["sheetId"])
        for r in range(bounds.row0, min(bounds.row1, len(sheet["rows"]))):
            for c in range(bounds.col0, bounds.col1):
                stored = cell(sheet, r, c)
                if not stored or not stored.get("userEnteredValue"):
                    continue
                is_formula = "formulaValue" in stored["userEnteredValue"]
                count = _replace(stored, pattern, new, formulas)
                if count:
                    set_cell(sheet, r, c, stored)
                    counts["formulasChanged" if is_formula else "valuesChanged"] += 1
                    counts["occurrencesChanged"] += count
                    rows.add((sheet_id, r))
                    sheets.add(sheet_id)
    answer = {key: value for key, value in counts.items() if value}
    if rows:
        answer.update(rowsChanged=len(rows), sheetsChanged=len(sheets))
    return answer
