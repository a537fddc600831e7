"""Inserting and deleting rows or columns: cells move, and so does every range that names
them (merges, conditional formats, protections, the basic filter, named ranges, sizes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from workspace_emulator.sheets import filters
from workspace_emulator.sheets.model import Sheet, SheetsError, grid, set_grid, sheet_by_id

Shift = tuple[Callable[[int], int], Callable[[int], int]]  # for start bounds, for end bounds
_KEYS = {"ROWS": ("startRowIndex", "endRowIndex"), "COLUMNS": ("startColumnIndex",
                                                               "endColumnIndex")}  # fmt: skip


def _dimension(dimension: str) -> tuple[str, str]:
    if dimension not in _KEYS:
        raise SheetsError(f"Invalid dimension: {dimension}")
    return _KEYS[dimension]


def insert_dimension(
    spreadsheet: dict[str, Any],
    sheet_id: int,
    dimension: str,
    start: int,
    end: int,
    *,
    inherit_before: bool = False,
) -> None:
    """Insert ``end - start`` empty rows/columns before index ``start``."""
    sheet = sheet_by_id(spreadsheet, sheet_id)
    rows, cols = grid(sheet)
    size = rows if dimension == "ROWS" else cols
    count = end - start
    _dimension(dimension)
    if count <= 0 or start < 0 or start > size:
        raise SheetsError(f"Invalid dimension range: start {start}, end {end} (grid has {size}).")
    if dimension == "ROWS":
        set_grid(spreadsheet, sheet, rows + count, cols)
        template = _row_formats(sheet, start - 1 if inherit_before else start)
        if start <= len(sheet["rows"]):
            sheet["rows"][start:start] = [list(template) for _ in range(count)]
    else:
        set_grid(spreadsheet, sheet, rows, cols + count)
        for line in sheet["rows"]:
            if start <= len(line):
                source = start - 1 if inherit_before else start
                fmt = _format_only(line[source] if 0 <= source < len(line) else None)
                line[start:start] = [dict(fmt) if fmt else None for _ in range(count)]
    _shift_everything(
        spreadsheet,
        sheet,
        dimension,
        (lambda i: i + count if i >= start else i, lambda i: i + count if i > start else i),
    )


def delete_dimension(
    spreadsheet: dict[str, Any], sheet_id: int, dimension: str, start: int, end: int
) -> None:
    """Delete rows/columns ``[start, end)``."""
    sheet = sheet_by_id(spreadsheet, sheet_id)
    rows, cols = grid(sheet)
    size = rows if dimension == "ROWS" else cols
    _dimension(dimension)
    end = min(end, size)
    if start < 0 or end <= start:
        raise SheetsError(f"Invalid dimension range: start {start}, end {end}.")
    if end - start >= size:
        what = "rows" if dimension == "ROWS" else "columns"
        raise SheetsError(f"You can't delete all the {what} on the sheet.")
    count = end - start
    if dimension == "ROWS":
        del sheet["rows"][start:end]
        set_grid(spreadsheet, sheet, rows - count, cols)
    else:
        for line in sheet["rows"]:
            del line[start:end]
        set_grid(spreadsheet, sheet, rows, cols - count)

    def shift(i: int) -> int:
        return i - count if i >= end else min(i, start)

    _shift_everything(spreadsheet, sheet, dimension, (shift, shift), range(start, end))


def _row_formats(sheet: Sheet, row: int) -> list[dict[str, Any] | None]:
    if row < 0 or row >= len(sheet["rows"]):
        return []
    return [_format_only(c) for c in sheet["rows"][row]]


def _format_only(cell: dict[str, Any] | None) -> dict[str, Any] | None:
    if not cell or "userEnteredFormat" not in cell:
        return None
    return {"userEnteredFormat": cell["userEnteredFormat"]}


def _shift_everything(
    spreadsheet: dict[str, Any],
    sheet: Sheet,
    dimension: str,
    shift: Shift,
    deleted: range = range(0),
) -> None:
    first, last = _dimension(dimension)
    sheet_id = int(sheet["properties"]["sheetId"])
    sheet["merges"] = [r for r in sheet.get("merges", []) if _shift(r, first, last, shift)]
    rules = []
    for rule in sheet.get("conditionalFormats", []):
        rule["ranges"] = [r for r in rule.get("ranges", []) if _shift(r, first, last, shift)]
        if rule["ranges"]:
            rules.append(rule)
    sheet["conditionalFormats"] = rules
    sheet["protectedRanges"] = [
        p for p in sheet.get("protectedRanges", [])
        if "range" not in p or _shift(p["range"], first, last, shift)
    ]  # fmt: skip
    for p in sheet["protectedRanges"]:
        p["unprotectedRanges"] = [
            r for r in p.get("unprotectedRanges", []) if _shift(r, first, last, shift)
        ]
        if not p["unprotectedRanges"]:
            del p["unprotectedRanges"]
    bfilter = sheet.get("basicFilter")
    if bfilter is not None and not _shift(bfilter.setdefault("range", {}), first, last, shift):
        del sheet["basicFilter"]
    elif bfilter is not None and dimension == "COLUMNS":
        filters.shift_columns(bfilter, shift[0], deleted)
    spreadsheet["namedRanges"] = [
        n for n in spreadsheet.get("namedRanges", [])
        if int(n.get("range", {}).get("sheetId", 0)) != sheet_id
        or _shift(n["range"], first, last, shift)
    ]  # fmt: skip
    for key in [k for k in ("merges", "conditionalFormats", "protectedRanges") if not sheet[k]]:
        del sheet[key]
    meta = "rowMeta" if dimension == "ROWS" else "colMeta"
    size = grid(sheet)[0 if dimension == "ROWS" else 1]
    moved: dict[str, Any] = {}
    for index, props in sheet.get(meta, {}).items():
        if int(index) in deleted:
            continue
        new = shift[0](int(index))
        if new < size:
            moved.setdefault(str(new), props)
    sheet[meta] = moved
    frozen = "frozenRowCount" if dimension == "ROWS" else "frozenColumnCount"
    grid_props = sheet["properties"]["gridProperties"]
    if grid_props.get(frozen):
        grid_props[frozen] = min(shift[1](grid_props[frozen]), size - 1)
        if not grid_props[frozen]:
            del grid_props[frozen]


def _shift(rng: dict[str, Any], first: str, last: str, shift: Shift) -> bool:
    """Move a GridRange's bounds in place; False when it became empty."""
    if first in rng:
        rng[first] = shift[0](int(rng[first]))
    if last in rng:
        rng[last] = shift[1](int(rng[last]))
    return not (first in rng and last in rng and rng[last] <= rng[first])


def ranges_of(spreadsheet: dict[str, Any], sheet: Sheet) -> Iterator[dict[str, Any]]:
    """Every GridRange stored for ``sheet`` (for checks and tests)."""
    yield from sheet.get("merges", [])
    for rule in sheet.get("conditionalFormats", []):
        yield from rule.get("ranges", [])
    for protection in sheet.get("protectedRanges", []):
        if "range" in protection:
            yield protection["range"]
    if "basicFilter" in sheet:
        yield sheet["basicFilter"]["range"]
    sheet_id = int(sheet["properties"]["sheetId"])
    for named in spreadsheet.get("namedRanges", []):
        if int(named.get("range", {}).get("sheetId", 0)) == sheet_id:
            yield named["range"]
