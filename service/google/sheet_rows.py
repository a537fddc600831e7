"""How the rows and columns of a managed tab are drawn: each column as wide as the layout says,
every row below the header one line high with its text clipped at the cell's edge, and the
number formats of the columns (percentages, signed gaps, decimals).

Row formats are requests over a span of rows: the whole tab when it is formatted, and the rows a
later run adds when the grid grows (new rows carry no format of their own).
Reference: https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request
"""

from __future__ import annotations

from typing import Any

from service.domain.tracker_layout import Column, TabLayout

ROW_PIXELS = 21  # Sheets' default row height: one line of text
DEFAULT_WIDTH = 100  # Sheets' default column width


def number_format(column: Column) -> dict[str, str] | None:
    """The column's number format, or None to leave Sheets' automatic one."""
    if column.percent:
        return {"type": "PERCENT", "pattern": "+0%;-0%;0%" if column.signed else "0%"}
    if column.pattern:
        return {"type": "NUMBER", "pattern": column.pattern}
    return None


def row_formats(layout: TabLayout, sheet_id: int, first: int, end: int) -> list[dict[str, Any]]:
    """Rows ``first`` to ``end`` (below the header) one line high, their text clipped (a long
    answer never turns a row into a screen; the whole text is still in the cell), and each
    column's number format on them."""
    first = max(first, 1)
    if first >= end:
        return []
    span = {"sheetId": sheet_id, "startRowIndex": first, "endRowIndex": end}
    rows = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": first, "endIndex": end}
    clip = {"wrapStrategy": "CLIP", "verticalAlignment": "TOP"}
    out: list[dict[str, Any]] = [
        {"updateDimensionProperties": {
            "range": rows, "properties": {"pixelSize": ROW_PIXELS}, "fields": "pixelSize"}},
        {"repeatCell": {
            "range": {**span, "startColumnIndex": 0, "endColumnIndex": len(layout.columns)},
            "cell": {"userEnteredFormat": clip},
            "fields": "userEnteredFormat.wrapStrategy,userEnteredFormat.verticalAlignment"}},
    ]  # fmt: skip
    for i, column in enumerate(layout.columns):
        if (fmt := number_format(column)) is not None:
            out.append({"repeatCell": {
                "range": {**span, "startColumnIndex": i, "endColumnIndex": i + 1},
                "cell": {"userEnteredFormat": {"numberFormat": fmt}},
                "fields": "userEnteredFormat.numberFormat"}})  # fmt: skip
    return out


def header_notes(layout: TabLayout, sheet_id: int) -> list[dict[str, Any]]:
    """A note on each header cell whose column says what its figures mean (shown when the
    pointer rests on the header)."""
    return [
        {"updateCells": {
            "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1,
                      "startColumnIndex": i, "endColumnIndex": i + 1},
            "rows": [{"values": [{"note": column.note}]}],
            "fields": "note"}}
        for i, column in enumerate(layout.columns)
        if column.note
    ]  # fmt: skip


def column_widths(layout: TabLayout, sheet_id: int) -> list[dict[str, Any]]:
    """Each column as wide as its layout says (Sheets' default is 100 pixels)."""
    return [
        {"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": i,
                      "endIndex": i + 1},
            "properties": {"pixelSize": column.width},
            "fields": "pixelSize"}}
        for i, column in enumerate(layout.columns)
        if column.width != DEFAULT_WIDTH
    ]  # fmt: skip
