"""``spreadsheets.values``: read, write, clear and append values on a stored spreadsheet.

Answers are shaped like Google's: trailing empty cells and rows are trimmed, a blank row in
the middle is ``[]``, zero counts are left out (proto3), ``null`` in written values leaves a
cell as it was and is not counted in ``updatedCells``.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values
"""

from __future__ import annotations

import json
from typing import Any

from workspace_emulator.sheets.dims import insert_dimension
from workspace_emulator.sheets.model import (
    Bounds,
    SheetsError,
    cell,
    ensure_grid,
    set_cell,
    trim,
)
from workspace_emulator.sheets.values import ValueError400, parse_input, render

RENDER_OPTIONS = ("FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA")
INPUT_OPTIONS = ("RAW", "USER_ENTERED")
DIMENSIONS = ("ROWS", "COLUMNS")


def read(
    bounds: Bounds,
    option: str = "FORMATTED_VALUE",
    major: str = "ROWS",
    date_option: str = "SERIAL_NUMBER",
) -> dict[str, Any]:
    """A ValueRange of ``bounds``."""
    _check(option, RENDER_OPTIONS, "valueRenderOption")
    _check(major, DIMENSIONS, "majorDimension")
    sheet = bounds.sheet
    stored = len(sheet["rows"])
    table: list[list[Any]] = []
    for r in range(bounds.row0, min(bounds.row1, stored)):
        width = min(bounds.col1, len(sheet["rows"][r]))
        table.append(
            [
                render(cell(sheet, r, c), option, date_option, sheet)
                for c in range(bounds.col0, width)
            ]
        )
    if major == "COLUMNS":
        width = max((len(line) for line in table), default=0)
        table = [[line[c] if c < len(line) else None for line in table] for c in range(width)]
    values = _trimmed(table)
    out: dict[str, Any] = {"range": bounds.a1(), "majorDimension": major}
    if values:
        out["values"] = values
    return out


def _trimmed(table: list[list[Any]]) -> list[list[Any]]:
    lines = []
    for line in table:
        end = len(line)
        while end and line[end - 1] is None:
            end -= 1
        lines.append(["" if v is None else v for v in line[:end]])
    while lines and not lines[-1]:
        lines.pop()
    return lines


def write(
    spreadsheet: dict[str, Any],
    bounds: Bounds,
    values: Any,
    *,
    option: str,
    major: str = "ROWS",
    field: str = "data.values",
) -> dict[str, Any]:
    """Write a 2D list at ``bounds``' top-left, growing the grid; an UpdateValuesResponse."""
    _check(option, INPUT_OPTIONS, "valueInputOption")
    rows = as_rows(values, major or "ROWS", field)
    height = len(rows)
    width = max((len(line) for line in rows), default=0)
    _fits(bounds, height, width)
    sheet = bounds.sheet
    ensure_grid(spreadsheet, sheet, bounds.row0 + height, bounds.col0 + width)
    cells, used_rows, used_cols = 0, set[int](), set[int]()
    for i, line in enumerate(rows):
        for j, value in enumerate(line):
            if value is None:  # null leaves the cell as it is, and is not counted
                continue
            cells += 1
            used_rows.add(i)
            used_cols.add(j)
            _put(sheet, bounds.row0 + i, bounds.col0 + j, value, option, field)
    trim(sheet)
    out: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    if height and width:
        written = Bounds(sheet, bounds.row0, bounds.col0, bounds.row0 + height, bounds.col0 + width)
        out["updatedRange"] = written.a1()
        if cells:
            out.update(updatedRows=len(used_rows), updatedColumns=len(used_cols))
            out["updatedCells"] = cells
    else:
        out["updatedRange"] = bounds.a1()
    return out


def as_rows(values: Any, major: str, field: str) -> list[list[Any]]:
    """``values`` (as sent) as rows; anything but a list of lists is Google's 400."""
    _check(major, DIMENSIONS, "majorDimension")
    if values is None:
        return []
    if not isinstance(values, list):
        raise SheetsError(_list_error(field, values), field)
    for i, line in enumerate(values):
        if not isinstance(line, list):
            raise SheetsError(_list_error(f"{field}[{i}]", line), f"{field}[{i}]")
    if major == "COLUMNS":
        height = max((len(line) for line in values), default=0)
        return [[line[r] if r < len(line) else None for line in values] for r in range(height)]
    return [list(line) for line in values]


def _list_error(field: str, value: Any) -> str:
    shown = f'"{value}"' if isinstance(value, str) else json.dumps(value)
    return f"Invalid value at '{field}' (type.googleapis.com/google.protobuf.ListValue), {shown}"


def _fits(bounds: Bounds, height: int, width: int) -> None:
    from workspace_emulator.sheets.a1 import column_letters

    if not bounds.open_rows and bounds.row0 + height > bounds.row1:
        raise SheetsError(
            f"Requested writing within range [{bounds.a1()}], but tried writing to row "
            f"[{bounds.row0 + height}]"
        )
    if not bounds.open_cols and bounds.col0 + width > bounds.col1:
        raise SheetsError(
            f"Requested writing within range [{bounds.a1()}], but tried writing to column "
            f"[{column_letters(bounds.col0 + width - 1)}]"
        )


def _put(sheet: dict[str, Any], row: int, col: int, value: Any, option: str, field: str) -> None:
    try:
        entered, number_format = parse_input(value, option)
    except ValueError400 as exc:
        raise SheetsError(
            f"Invalid values[{row}][{col}]: struct_value {{{exc}}}"
            if isinstance(value, dict)
            else f"Invalid value at '{field}': {exc}"
        ) from exc
    current = dict(cell(sheet, row, col) or {})
    current.pop("userEnteredValue", None)
    if entered is not None:
        current["userEnteredValue"] = entered
    fmt = current.get("userEnteredFormat") or {}
    if entered is not None and number_format and "numberFormat" not in fmt:
        current["userEnteredFormat"] = {**fmt, "numberFormat": number_format}
    set_cell(sheet, row, col, current)


def clear(bounds: Bounds) -> str:
    """Empty the values (formats stay); the cleared range as Google names it."""
    sheet = bounds.sheet
    for r in range(bounds.row0, min(bounds.row1, len(sheet["rows"]))):
        for c in range(bounds.col0, min(bounds.col1, len(sheet["rows"][r]))):
            current = cell(sheet, r, c)
            if current and "userEnteredValue" in current:
                rest = {k: v for k, v in current.items() if k != "userEnteredValue"}
                set_cell(sheet, r, c, rest)
    trim(sheet)
    return bounds.a1()


def find_table(bounds: Bounds) -> Bounds | None:
    """The "table" ``values.append`` appends to: the block of data connected to the last
    filled cell inside ``bounds`` (it may run beyond the range). None when the range is empty.

    The last cell, not the first: in a row whose middle cell is empty, a whole-sheet range
    appends below the right-hand block, as Google does (gspread's recordings, issue #537)."""
    sheet = bounds.sheet
    filled = [
        (r, c)
        for r in range(bounds.row0, min(bounds.row1, len(sheet["rows"])))
        for c in range(bounds.col0, min(bounds.col1, len(sheet["rows"][r])))
        if _filled(sheet, r, c)
    ]
    if not filled:
        return None
    top, left = filled[-1]
    bottom, right = top + 1, left + 1
    rows = len(sheet["rows"])
    cols = max((len(line) for line in sheet["rows"]), default=0)

    def row_touches(r: int) -> bool:
        return any(_filled(sheet, r, c) for c in range(max(left - 1, 0), min(right + 1, cols)))

    grown = True
    while grown:
        grown = False
        if bottom < rows and row_touches(bottom):
            bottom, grown = bottom + 1, True
        if top > 0 and row_touches(top - 1):
            top, grown = top - 1, True
        if right < cols and any(_filled(sheet, r, right) for r in range(top, bottom)):
            right, grown = right + 1, True
        if left > 0 and any(_filled(sheet, r, left - 1) for r in range(top, bottom)):
            left, grown = left - 1, True
    return Bounds(sheet, top, left, bottom, right)


def _filled(sheet: dict[str, Any], row: int, col: int) -> bool:
    found = cell(sheet, row, col)
    return bool(found and found.get("userEnteredValue"))


def append(
    spreadsheet: dict[str, Any],
    bounds: Bounds,
    values: Any,
    *,
    option: str,
    major: str = "ROWS",
    insert: str = "OVERWRITE",
) -> dict[str, Any]:
    """``values.append``: below the table found in ``bounds``; an AppendValuesResponse."""
    _check(insert or "OVERWRITE", ("OVERWRITE", "INSERT_ROWS"), "insertDataOption")
    table = find_table(bounds)
    row0, col0 = (table.row1, table.col0) if table else (bounds.row0, bounds.col0)
    rows = as_rows(values, major or "ROWS", "data.values")
    if insert == "INSERT_ROWS" and rows:
        sheet_id = int(bounds.sheet["properties"]["sheetId"])
        insert_dimension(spreadsheet, sheet_id, "ROWS", row0, row0 + len(rows))
    target = Bounds(bounds.sheet, row0, col0, row0 + 1, col0 + 1, open_rows=True, open_cols=True)
    updates = write(spreadsheet, target, rows, option=option)
    out: dict[str, Any] = {"spreadsheetId": spreadsheet["spreadsheetId"]}
    if table is not None:
        out["tableRange"] = table.a1()
    out["updates"] = updates
    return out


def _check(value: str, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise SheetsError(f"Invalid value at '{name}' ({value})")
