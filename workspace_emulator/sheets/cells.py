"""batchUpdate requests on cells: repeatCell, updateCells, merges, borders, data validation,
sortRange, copyPaste and cutPaste. Formats are stored as given (``userEnteredFormat``), with the
``*ColorStyle`` twins Google adds to every color."""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets import ranges
from workspace_emulator.sheets.model import (
    Bounds,
    SheetsError,
    cell,
    ensure_grid,
    grid_range,
    set_cell,
    trim,
)
from workspace_emulator.sheets.sheet_requests import Context, handles
from workspace_emulator.sheets.values import effective

_COLOR_TWINS = (("backgroundColor", "backgroundColorStyle"), ("foregroundColor",
                "foregroundColorStyle"), ("color", "colorStyle"))  # fmt: skip


def mirror_colors(value: Any) -> None:
    """Add ``xColorStyle: {rgbColor}`` next to every ``xColor`` (and back), in place."""
    if isinstance(value, list):
        for item in value:
            mirror_colors(item)
        return
    if not isinstance(value, dict):
        return
    for plain, style in _COLOR_TWINS:
        if plain in value and style not in value and isinstance(value[plain], dict):
            value[style] = {"rgbColor": json_copy(value[plain])}
        elif style in value and plain not in value:
            rgb = value[style].get("rgbColor") if isinstance(value[style], dict) else None
            if rgb is not None:
                value[plain] = json_copy(rgb)
    for key, item in value.items():
        if key not in {s for _, s in _COLOR_TWINS}:
            mirror_colors(item)


def _set_masked(bounds: Bounds, row: int, col: int, given: dict[str, Any], mask: Any) -> None:
    current = json_copy(cell(bounds.sheet, row, col) or {})
    field_mask.apply(current, given, mask)
    mirror_colors(current.get("userEnteredFormat"))
    for key in ("note", "userEnteredValue", "userEnteredFormat", "dataValidation"):
        if current.get(key) in ("", {}):  # proto3: an empty value is no value
            del current[key]
    set_cell(bounds.sheet, row, col, current)


@handles("repeatCell")
def repeat_cell(ctx: Context, body: dict[str, Any]) -> None:
    """The same (masked) CellData in every cell of the range."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    mask = field_mask.paths(body.get("fields"))
    given = body.get("cell") or {}
    for r in range(bounds.row0, bounds.row1):
        for c in range(bounds.col0, bounds.col1):
            _set_masked(bounds, r, c, given, mask)
    trim(bounds.sheet)


@handles("updateCells")
def update_cells(ctx: Context, body: dict[str, Any]) -> None:
    """Rows of CellData from ``start`` (or over ``range``, clearing what the rows miss)."""
    mask = field_mask.paths(body.get("fields"))
    rows = body.get("rows") or []
    if "range" in body:
        bounds = grid_range(ctx.spreadsheet, body["range"])
    else:
        start = body.get("start") or {}
        origin = {"sheetId": start.get("sheetId", 0)}
        bounds = grid_range(ctx.spreadsheet, origin)
        height = len(rows)
        width = max((len(r.get("values", [])) for r in rows), default=0)
        bounds.row0, bounds.col0 = int(start.get("rowIndex", 0)), int(start.get("columnIndex", 0))
        bounds.row1, bounds.col1 = bounds.row0 + height, bounds.col0 + width
        ensure_grid(ctx.spreadsheet, bounds.sheet, bounds.row1, bounds.col1)
    for i, r in enumerate(range(bounds.row0, bounds.row1)):
        values = rows[i].get("values", []) if i < len(rows) else []
        for j, c in enumerate(range(bounds.col0, bounds.col1)):
            _set_masked(bounds, r, c, values[j] if j < len(values) else {}, mask)
    trim(bounds.sheet)


@handles("setDataValidation")
def set_data_validation(ctx: Context, body: dict[str, Any]) -> None:
    """A validation rule on every cell of the range (none clears it)."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    given = {"dataValidation": body["rule"]} if body.get("rule") else {}
    for r in range(bounds.row0, bounds.row1):
        for c in range(bounds.col0, bounds.col1):
            _set_masked(bounds, r, c, given, [["dataValidation"]])


@handles("updateBorders")
def update_borders(ctx: Context, body: dict[str, Any]) -> None:
    """Borders on the edges (and inner lines) of the range, in each cell's format."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    for r in range(bounds.row0, bounds.row1):
        for c in range(bounds.col0, bounds.col1):
            sides = {
                "top": body.get("top") if r == bounds.row0 else body.get("innerHorizontal"),
                "bottom": body.get("bottom") if r == bounds.row1 - 1 else None,
                "left": body.get("left") if c == bounds.col0 else body.get("innerVertical"),
                "right": body.get("right") if c == bounds.col1 - 1 else None,
            }
            current = json_copy(cell(bounds.sheet, r, c) or {})
            borders = current.setdefault("userEnteredFormat", {}).setdefault("borders", {})
            for side, border in sides.items():
                if border is not None:
                    borders[side] = json_copy(border)
                    mirror_colors(borders[side])
            if not borders:
                del current["userEnteredFormat"]["borders"]
            set_cell(bounds.sheet, r, c, current)


@handles("mergeCells")
def merge_cells(ctx: Context, body: dict[str, Any]) -> None:
    """Merge the range whole, by rows or by columns; merged-away cells lose their values."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    kind = body.get("mergeType", "MERGE_ALL")
    if kind == "MERGE_ALL":
        pieces = [(bounds.row0, bounds.col0, bounds.row1, bounds.col1)]
    elif kind == "MERGE_ROWS":
        pieces = [(r, bounds.col0, r + 1, bounds.col1) for r in range(bounds.row0, bounds.row1)]
    elif kind == "MERGE_COLUMNS":
        pieces = [(bounds.row0, c, bounds.row1, c + 1) for c in range(bounds.col0, bounds.col1)]
    else:
        raise SheetsError(f"Invalid mergeType: {kind}")
    sheet = bounds.sheet
    merges = [m for m in sheet.get("merges", []) if not _overlaps(m, bounds)]
    for r0, c0, r1, c1 in pieces:
        if (r1 - r0) * (c1 - c0) <= 1:
            continue
        merges.append(ranges.stored_range(Bounds(sheet, r0, c0, r1, c1)))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0) and cell(sheet, r, c):
                    rest = {k: v for k, v in (cell(sheet, r, c) or {}).items()
                            if k != "userEnteredValue"}  # fmt: skip
                    set_cell(sheet, r, c, rest)
    sheet["merges"] = merges
    if not merges:
        del sheet["merges"]
    trim(sheet)


@handles("unmergeCells")
def unmerge_cells(ctx: Context, body: dict[str, Any]) -> None:
    """Undo every merge inside the range (a merge only partly inside is Google's 400)."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    kept = []
    for merge in bounds.sheet.get("merges", []):
        if not _overlaps(merge, bounds):
            kept.append(merge)
        elif not _inside(merge, bounds):
            raise SheetsError(
                "You must select all cells in a merged range to merge or unmerge them."
            )
    bounds.sheet["merges"] = kept
    if not kept:
        del bounds.sheet["merges"]


def _overlaps(rng: dict[str, Any], b: Bounds) -> bool:
    return (
        rng.get("startRowIndex", 0) < b.row1 and b.row0 < rng.get("endRowIndex", 10**9)
        and rng.get("startColumnIndex", 0) < b.col1 and b.col0 < rng.get("endColumnIndex", 10**9)
    )  # fmt: skip


def _inside(rng: dict[str, Any], b: Bounds) -> bool:
    return (
        b.row0 <= rng.get("startRowIndex", 0) and rng.get("endRowIndex", 10**9) <= b.row1
        and b.col0 <= rng.get("startColumnIndex", 0) and rng.get("endColumnIndex", 10**9) <= b.col1
    )  # fmt: skip


@handles("sortRange")
def sort_range(ctx: Context, body: dict[str, Any]) -> None:
    """Sort the range's rows by the sort specs (blank cells last, as Sheets does)."""
    bounds = grid_range(ctx.spreadsheet, body.get("range") or {})
    sheet = bounds.sheet
    block = [[cell(sheet, r, c) for c in range(bounds.col0, bounds.col1)]
             for r in range(bounds.row0, bounds.row1)]  # fmt: skip
    for spec in reversed(body.get("sortSpecs") or [{"dimensionIndex": bounds.col0}]):
        at = int(spec.get("dimensionIndex", 0)) - bounds.col0
        descending = spec.get("sortOrder") == "DESCENDING"

        def key(line: list[Any], at: int = at) -> tuple[int, int, Any]:
            entered = (line[at] or {}).get("userEnteredValue") if at < len(line) else None
            value = effective(entered, sheet)
            if value is None or value == "":
                return (1, 0, "")
            rank = 0 if isinstance(value, int | float) and not isinstance(value, bool) else 1
            return (0, rank, value if rank == 0 else str(value).casefold())

        blanks = [line for line in block if key(line)[0] == 1]
        filled = sorted((line for line in block if key(line)[0] == 0), key=key, reverse=descending)
        block = filled + blanks
    for i, line in enumerate(block):
        for j, value in enumerate(line):
            set_cell(sheet, bounds.row0 + i, bounds.col0 + j, json_copy(value))
    trim(sheet)


_PASTE_KEYS = {
    "PASTE_NORMAL": None, "PASTE_VALUES": ("userEnteredValue",),
    "PASTE_FORMAT": ("userEnteredFormat",), "PASTE_NO_BORDERS": None,
    "PASTE_FORMULA": ("userEnteredValue",), "PASTE_DATA_VALIDATION": ("dataValidation",),
    "PASTE_CONDITIONAL_FORMATTING": (),
}  # fmt: skip


def _paste(ctx: Context, source: Bounds, row0: int, col0: int, dest: Any, paste: str) -> None:
    if paste not in _PASTE_KEYS:
        raise SheetsError(f"Invalid pasteType: {paste}")
    keys = _PASTE_KEYS[paste]
    block = [[json_copy(cell(source.sheet, r, c)) for c in range(source.col0, source.col1)]
             for r in range(source.row0, source.row1)]  # fmt: skip
    ensure_grid(ctx.spreadsheet, dest, row0 + len(block), col0 + (source.col1 - source.col0))
    for i, line in enumerate(block):
        for j, value in enumerate(line):
            current = json_copy(cell(dest, row0 + i, col0 + j) or {})
            if keys is None:
                current = value or {}
            else:
                for key in keys:
                    current.pop(key, None)
                    if value and key in value:
                        current[key] = value[key]
            set_cell(dest, row0 + i, col0 + j, current)
    trim(dest)


@handles("copyPaste")
def copy_paste(ctx: Context, body: dict[str, Any]) -> None:
    """Copy the source block to the destination's top-left corner."""
    source = grid_range(ctx.spreadsheet, body.get("source") or {})
    dest = grid_range(ctx.spreadsheet, body.get("destination") or {})
    _paste(ctx, source, dest.row0, dest.col0, dest.sheet, body.get("pasteType", "PASTE_NORMAL"))


@handles("cutPaste")
def cut_paste(ctx: Context, body: dict[str, Any]) -> None:
    """Move the source block to ``destination`` (a GridCoordinate)."""
    source = grid_range(ctx.spreadsheet, body.get("source") or {})
    to = body.get("destination") or {}
    dest = grid_range(ctx.spreadsheet, {"sheetId": to.get("sheetId", 0)})
    moved = [[json_copy(cell(source.sheet, r, c)) for c in range(source.col0, source.col1)]
             for r in range(source.row0, source.row1)]  # fmt: skip
    for r in range(source.row0, source.row1):
        for c in range(source.col0, source.col1):
            set_cell(source.sheet, r, c, None)
    row0, col0 = int(to.get("rowIndex", 0)), int(to.get("columnIndex", 0))
    ensure_grid(ctx.spreadsheet, dest.sheet, row0 + len(moved), col0 + source.col1 - source.col0)
    for i, line in enumerate(moved):
        for j, value in enumerate(line):
            set_cell(dest.sheet, row0 + i, col0 + j, value)
    trim(source.sheet)
    trim(dest.sheet)


@handles("appendCells")
def append_cells(ctx: Context, body: dict[str, Any]) -> None:
    """Rows of CellData after the last row holding a value, the grid growing as needed."""
    mask = field_mask.paths(body.get("fields"))
    bounds = grid_range(ctx.spreadsheet, {"sheetId": body.get("sheetId", 0)})
    sheet = bounds.sheet
    last = max(
        (r + 1 for r, line in enumerate(sheet["rows"]) if any(c and c.get("userEnteredValue")
                                                              for c in line)),
        default=0,
    )  # fmt: skip
    rows = body.get("rows") or []
    width = max((len(r.get("values", [])) for r in rows), default=0)
    ensure_grid(ctx.spreadsheet, sheet, last + len(rows), width)
    target = Bounds(sheet, last, 0, last + len(rows), width)
    for i, row in enumerate(rows):
        for j, given in enumerate(row.get("values", [])):
            _set_masked(target, last + i, j, given, mask)
    trim(sheet)
