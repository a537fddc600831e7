"""A stored spreadsheet's sheets and grids: find a sheet, resolve ranges, read and write cells,
grow the grid. Pure functions on the stored JSON (see ``defaults.new_sheet``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workspace_emulator.sheets import a1
from workspace_emulator.sheets.a1 import A1Error, A1Range
from workspace_emulator.sheets.defaults import MAX_CELLS, MAX_COLUMNS

Sheet = dict[str, Any]
Cell = dict[str, Any]


class SheetsError(Exception):
    """A request the Sheets API refuses with 400 INVALID_ARGUMENT (the message is Google's).

    ``field`` names the request field at fault when Google adds a BadRequest detail for it.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Bounds:
    """A bounded rectangle on one sheet: 0-based, end-exclusive."""

    sheet: Sheet
    row0: int
    col0: int
    row1: int
    col1: int
    open_rows: bool = False  # the A1 text left the end row open (or named one cell)
    open_cols: bool = False

    @property
    def title(self) -> str:
        """The sheet's title."""
        return str(self.sheet["properties"]["title"])

    def a1(self) -> str:
        """``Title!A1:B2`` as Google writes it."""
        return a1.format_range(self.title, self.row0, self.col0, self.row1, self.col1)


def grid(sheet: Sheet) -> tuple[int, int]:
    """(rowCount, columnCount)."""
    props = sheet["properties"].get("gridProperties", {})
    return int(props.get("rowCount", 0)), int(props.get("columnCount", 0))


def sheet_by_id(spreadsheet: dict[str, Any], sheet_id: int) -> Sheet:
    """The sheet with ``sheetId`` or a 400 in Google's words."""
    for sheet in spreadsheet["sheets"]:
        if sheet["properties"]["sheetId"] == sheet_id:
            return sheet
    raise SheetsError(f"No grid with id: {sheet_id}")


def sheet_by_title(spreadsheet: dict[str, Any], title: str) -> Sheet | None:
    """The sheet titled ``title`` (case-insensitive, as Sheets matches them)."""
    for sheet in spreadsheet["sheets"]:
        if str(sheet["properties"]["title"]).casefold() == title.casefold():
            return sheet
    return None


def named_ranges(spreadsheet: dict[str, Any]) -> dict[str, A1Range]:
    """Named ranges as A1 ranges, by name."""
    out: dict[str, A1Range] = {}
    for named in spreadsheet.get("namedRanges", []):
        rng = named.get("range", {})
        try:
            sheet = sheet_by_id(spreadsheet, int(rng.get("sheetId", 0)))
        except SheetsError:
            continue
        out[named["name"]] = A1Range(
            sheet["properties"]["title"], rng.get("startRowIndex"), rng.get("startColumnIndex"),
            rng.get("endRowIndex"), rng.get("endColumnIndex"),
        )  # fmt: skip
    return out


def resolve(spreadsheet: dict[str, Any], text: str, *, writing: bool = False) -> Bounds:
    """A range in A1 notation on this spreadsheet, bounded by the grid.

    Reading past the grid is Google's 400 "exceeds grid limits"; writing is allowed (the
    caller grows the grid), so for writes open ends stop at the grid and explicit ends stay.
    """
    titles = [s["properties"]["title"] for s in spreadsheet["sheets"]]
    try:
        parsed = a1.parse(text, titles, named_ranges(spreadsheet))
    except A1Error as exc:
        raise SheetsError(f"Unable to parse range: {text}") from exc
    if parsed.sheet is None:
        sheet = spreadsheet["sheets"][0]
    else:
        found = sheet_by_title(spreadsheet, parsed.sheet)
        if found is None:
            raise SheetsError(f"Unable to parse range: {text}")
        sheet = found
    rows, cols = grid(sheet)
    bounds = Bounds(
        sheet,
        parsed.row0 or 0,
        parsed.col0 or 0,
        parsed.row1 if parsed.row1 is not None else rows,
        parsed.col1 if parsed.col1 is not None else cols,
    )
    single = (
        parsed.row1 is not None
        and parsed.col1 is not None
        and (parsed.row1 - (parsed.row0 or 0) == 1 and parsed.col1 - (parsed.col0 or 0) == 1)
    )
    bounds.open_rows = parsed.row1 is None or single
    bounds.open_cols = parsed.col1 is None or single
    if not writing and (bounds.row1 > rows or bounds.col1 > cols or bounds.row0 >= rows or
                        bounds.col0 >= cols):  # fmt: skip
        raise SheetsError(
            f"Range ({_quoted(bounds.title)}!{_cells_of(text)}) exceeds grid limits. "
            f"Max rows: {rows}, max columns: {cols}"
        )
    return bounds


def _quoted(title: str) -> str:
    """Titles in grid-limit messages are always quoted, as Google writes them."""
    return "'" + title.replace("'", "''") + "'"


def _cells_of(text: str) -> str:
    try:
        return a1.split_sheet(text)[1] or text
    except A1Error:
        return text


def grid_range(spreadsheet: dict[str, Any], rng: dict[str, Any]) -> Bounds:
    """A GridRange (missing ends open to the grid), checked against the grid."""
    sheet = sheet_by_id(spreadsheet, int(rng.get("sheetId", 0)))
    rows, cols = grid(sheet)
    bounds = Bounds(
        sheet,
        int(rng.get("startRowIndex", 0)),
        int(rng.get("startColumnIndex", 0)),
        int(rng.get("endRowIndex", rows)),
        int(rng.get("endColumnIndex", cols)),
    )
    if bounds.row1 > rows or bounds.col1 > cols or bounds.row0 < 0 or bounds.col0 < 0:
        cells = bounds.a1().rpartition("!")[2]
        raise SheetsError(
            f"Range ({_quoted(bounds.title)}!{cells}) exceeds grid limits. "
            f"Max rows: {rows}, max columns: {cols}"
        )
    if bounds.row1 < bounds.row0 or bounds.col1 < bounds.col0:
        raise SheetsError("The start index must be less than or equal to the end index.")
    return bounds


def public_range(bounds: Bounds) -> dict[str, int]:
    """A GridRange as Google answers it (sheetId 0 left out, as proto3 does)."""
    out: dict[str, int] = {}
    sheet_id = int(bounds.sheet["properties"]["sheetId"])
    if sheet_id:
        out["sheetId"] = sheet_id
    out.update(
        startRowIndex=bounds.row0,
        endRowIndex=bounds.row1,
        startColumnIndex=bounds.col0,
        endColumnIndex=bounds.col1,
    )
    return out


# --- cells ------------------------------------------------------------------------------


def cell(sheet: Sheet, row: int, col: int) -> Cell | None:
    """The stored CellData at (row, col), or None."""
    rows: list[list[Cell | None]] = sheet["rows"]
    if row >= len(rows) or col >= len(rows[row]):
        return None
    return rows[row][col]


def set_cell(sheet: Sheet, row: int, col: int, value: Cell | None) -> None:
    """Store CellData at (row, col); an empty dict or None empties the cell."""
    rows: list[list[Cell | None]] = sheet["rows"]
    value = value or None
    if value is None and (row >= len(rows) or col >= len(rows[row])):
        return
    while len(rows) <= row:
        rows.append([])
    line = rows[row]
    while len(line) <= col:
        line.append(None)
    line[col] = value


def trim(sheet: Sheet) -> None:
    """Drop trailing empty cells and rows from storage."""
    rows: list[list[Cell | None]] = sheet["rows"]
    for line in rows:
        while line and not line[-1]:
            line.pop()
    while rows and not rows[-1]:
        rows.pop()


def used_size(sheet: Sheet) -> tuple[int, int]:
    """(rows, columns) that hold any cell data."""
    rows: list[list[Cell | None]] = sheet["rows"]
    height = max((i + 1 for i, line in enumerate(rows) if any(line)), default=0)
    width = max((max((j + 1 for j, c in enumerate(line) if c), default=0) for line in rows),
                default=0)  # fmt: skip
    return height, width


def ensure_grid(spreadsheet: dict[str, Any], sheet: Sheet, rows: int, cols: int) -> None:
    """Grow the sheet's grid to at least ``rows`` x ``cols`` (never shrinks)."""
    have_rows, have_cols = grid(sheet)
    if rows > have_rows or cols > have_cols:
        set_grid(spreadsheet, sheet, max(rows, have_rows), max(cols, have_cols))


def set_grid(spreadsheet: dict[str, Any], sheet: Sheet, rows: int, cols: int) -> None:
    """Resize the grid (cells beyond it are dropped), within Google's limits."""
    if rows < 1 or cols < 1:
        raise SheetsError("The sheet must have at least one row and one column.")
    if cols > MAX_COLUMNS:
        raise SheetsError(f"The number of columns must not exceed {MAX_COLUMNS}.")
    others = sum(grid(s)[0] * grid(s)[1] for s in spreadsheet["sheets"] if s is not sheet)
    if others + rows * cols > MAX_CELLS:
        raise SheetsError(
            "This action would increase the number of cells in the workbook above the limit "
            f"of {MAX_CELLS} cells."
        )
    props = sheet["properties"].setdefault("gridProperties", {})
    props["rowCount"], props["columnCount"] = rows, cols
    kept: list[list[Cell | None]] = [line[:cols] for line in sheet["rows"][:rows]]
    sheet["rows"] = kept
    trim(sheet)
