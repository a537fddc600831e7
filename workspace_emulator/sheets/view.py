"""How a stored spreadsheet is answered: the ``spreadsheets.get`` resource (with grid data
when asked), and the HTML page of the read-only view."""

from __future__ import annotations

import csv
import io
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets.defaults import COLUMN_PIXELS, ROW_PIXELS
from workspace_emulator.sheets.filters import hidden_rows
from workspace_emulator.sheets.formulas import SheetError
from workspace_emulator.sheets.model import Bounds, cell, used_size
from workspace_emulator.sheets.values import effective, formatted, render

_PRIVATE = ("rows", "rowMeta", "colMeta")


def public(
    spreadsheet: dict[str, Any],
    *,
    user: str,
    owner: bool,
    data: dict[int, list[Bounds]] | None = None,
    base_url: str = "https://docs.google.com",
) -> dict[str, Any]:
    """The Spreadsheet resource for ``user``. ``data`` (sheetId -> ranges) adds grid data
    and, as on Google when ``ranges`` are given, keeps only the sheets it names."""
    sheets = []
    for sheet in spreadsheet["sheets"]:
        sheet_id = sheet["properties"]["sheetId"]
        if data is not None and sheet_id not in data:
            continue
        view: dict[str, Any] = {"properties": json_copy(sheet["properties"])}
        if data is not None:
            view["data"] = [grid_data(spreadsheet, b) for b in data[sheet_id]]
        for key, value in sheet.items():
            if key not in (*_PRIVATE, "properties") and value:
                view[key] = json_copy(value)
        for protection in view.get("protectedRanges", []):
            editors = (protection.get("editors") or {}).get("users", [])
            protection["requestingUserCanEdit"] = bool(
                owner or protection.get("warningOnly") or user.lower() in editors
            )
        sheets.append(view)
    out: dict[str, Any] = {
        "spreadsheetId": spreadsheet["spreadsheetId"],
        "properties": json_copy(spreadsheet["properties"]),
        "sheets": sheets,
    }
    if spreadsheet.get("developerMetadata"):
        out["developerMetadata"] = json_copy(spreadsheet["developerMetadata"])
    if spreadsheet.get("namedRanges"):
        out["namedRanges"] = json_copy(spreadsheet["namedRanges"])
    out["spreadsheetUrl"] = f"{base_url}/spreadsheets/d/{spreadsheet['spreadsheetId']}/edit"
    return out


def grid_data(spreadsheet: dict[str, Any], bounds: Bounds) -> dict[str, Any]:
    """GridData of a range: cells (trailing empties trimmed) and row/column sizes."""
    sheet = bounds.sheet
    out: dict[str, Any] = {}
    if bounds.row0:
        out["startRow"] = bounds.row0
    if bounds.col0:
        out["startColumn"] = bounds.col0
    default = spreadsheet["properties"].get("defaultFormat", {})
    rows = []
    for r in range(bounds.row0, min(bounds.row1, len(sheet["rows"]))):
        values = [
            cell_view(cell(sheet, r, c), default, sheet) for c in range(bounds.col0, bounds.col1)
        ]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    while rows and not rows[-1]:
        rows.pop()
    if rows:
        out["rowData"] = rows
    hidden = hidden_rows(sheet)
    out["rowMetadata"] = [
        {"pixelSize": ROW_PIXELS, **sheet["rowMeta"].get(str(r), {}),
         **({"hiddenByFilter": True} if r in hidden else {})}
        for r in range(bounds.row0, bounds.row1)
    ]  # fmt: skip
    out["columnMetadata"] = [
        {"pixelSize": COLUMN_PIXELS, **sheet["colMeta"].get(str(c), {})}
        for c in range(bounds.col0, bounds.col1)
    ]
    return out


def cell_view(
    stored: dict[str, Any] | None, default: dict[str, Any], sheet: dict[str, Any] | None = None
) -> dict[str, Any]:
    """CellData as Google answers it: entered and effective value and format."""
    if not stored:
        return {}
    out = json_copy(stored)
    entered = stored.get("userEnteredValue")
    value = effective(entered, sheet)
    fmt = stored.get("userEnteredFormat") or {}
    if value is not None:
        if isinstance(value, SheetError):
            out["effectiveValue"] = {"errorValue": {"type": value.kind, "message": value.message}}
        elif isinstance(value, bool):
            out["effectiveValue"] = {"boolValue": value}
        elif isinstance(value, int | float):
            out["effectiveValue"] = {"numberValue": value}
        else:
            out["effectiveValue"] = {"stringValue": value}
        out["formattedValue"] = formatted(value, fmt.get("numberFormat"))
    out["effectiveFormat"] = _merged(default, fmt)
    formula = str((entered or {}).get("formulaValue", ""))
    if formula.upper().lstrip("= ").startswith("HYPERLINK("):
        url = formula.split('"')[1] if '"' in formula else ""
        if url:
            out["hyperlink"] = url
    return out


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = json_copy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = json_copy(value)
    return out


def export_table(sheet: dict[str, Any], delimiter: str) -> str:
    """A sheet's shown values as CSV/TSV text (rows joined by CRLF, no final newline)."""
    height, width = used_size(sheet)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for r in range(height):
        writer.writerow(
            [render(cell(sheet, r, c), "FORMATTED_VALUE", sheet=sheet) or "" for c in range(width)]
        )
    return buffer.getvalue().removesuffix("\r\n")


def render_html(spreadsheet: dict[str, Any]) -> str:
    """Every sheet as a person sees it: formats, conditional formats, links, charts."""
    from workspace_emulator.core.html import sheets_fragment  # the view's templates

    return sheets_fragment(spreadsheet)
