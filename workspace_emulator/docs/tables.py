"""Tables: insertTable, insertTableRow, deleteTableRow, with Google's index layout.

A table takes one unit for its start, one per row, one per cell (before the cell's
content) and one for its end; a new cell holds one empty paragraph. Inserting a table
first inserts a newline, so the table sits between the two halves of the paragraph.
https://developers.google.com/docs/api/reference/rest/v1/documents/request#inserttablerequest
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.docs.model import (
    Content,
    DocsError,
    Element,
    find_paragraph,
    insert_text,
    reindex,
    start_of,
    text_run,
)

MAX_COLUMNS = 20
BAD_TABLE = "The provided table start location is invalid."


def _pt(magnitude: float | None = None) -> dict[str, Any]:
    return {"magnitude": magnitude, "unit": "PT"} if magnitude is not None else {"unit": "PT"}


def empty_cell(paragraph_style: dict[str, Any] | None = None) -> Element:
    """A cell holding one empty paragraph, styled as a new Google table cell."""
    style = paragraph_style or {"namedStyleType": "NORMAL_TEXT", "direction": "LEFT_TO_RIGHT"}
    return {
        "content": [
            {"paragraph": {"elements": [text_run("\n", {})], "paragraphStyle": dict(style)}}
        ],
        "tableCellStyle": {
            "rowSpan": 1, "columnSpan": 1, "backgroundColor": {},
            "paddingLeft": _pt(5), "paddingRight": _pt(5), "paddingTop": _pt(5),
            "paddingBottom": _pt(5), "contentAlignment": "TOP",
        },
    }  # fmt: skip


def new_table(rows: int, columns: int) -> Element:
    """A rows x columns table element of empty cells."""
    if rows < 1 or columns < 1:
        raise DocsError("A table must have at least one row and one column.")
    if columns > MAX_COLUMNS:
        raise DocsError(f"A table cannot have more than {MAX_COLUMNS} columns.")
    table_rows = [
        {
            "tableCells": [empty_cell() for _ in range(columns)],
            "tableRowStyle": {"minRowHeight": _pt()},
        }
        for _ in range(rows)
    ]
    return {
        "table": {
            "rows": rows,
            "columns": columns,
            "tableRows": table_rows,
            "tableStyle": {
                "tableColumnProperties": [
                    {"widthType": "EVENLY_DISTRIBUTED"} for _ in range(columns)
                ]
            },
        }
    }


def insert_table(content: Content, index: int, rows: int, columns: int) -> int:
    """Insert an empty table at ``index`` (after a new newline); returns the units added."""
    table = new_table(rows, columns)
    insert_text(content, index, "\n")
    found = find_paragraph(content, index)
    if found is None:  # pragma: no cover - insert_text just made that paragraph
        raise DocsError("The insertion index must be inside the bounds of an existing paragraph.")
    container, pos = found
    container.insert(pos + 1, table)
    reindex(content, start_of(content[0]) if content else 0)
    return 1 + int(table["endIndex"]) - start_of(table)


def tables(content: Content) -> Iterator[Element]:
    """Every table element, nested ones included."""
    for element in content:
        if "table" in element:
            yield element
            for row in element["table"].get("tableRows", []):
                for cell in row.get("tableCells", []):
                    yield from tables(cell.get("content", []))


def table_at(content: Content, table_start: int) -> Element:
    """The table starting at ``table_start``, or Google's error."""
    for table in tables(content):
        if start_of(table) == table_start:
            return table
    raise DocsError(BAD_TABLE)


def _row_index(table: Element, row_index: int) -> int:
    rows = table["table"]["tableRows"]
    if not 0 <= row_index < len(rows):
        raise DocsError(f"Invalid row index {row_index}: the table has {len(rows)} rows.")
    return row_index


def insert_table_row(
    content: Content, table_start: int, row_index: int, below: bool
) -> tuple[int, int]:
    """Insert an empty row above/below ``row_index``; returns (row start, units added)."""
    table = table_at(content, table_start)
    rows = table["table"]["tableRows"]
    reference = rows[_row_index(table, row_index)]
    new_row: Element = {k: json_copy(v) for k, v in reference.items() if k != "tableCells"}
    new_cells = []
    for cell in reference.get("tableCells", []):
        first = next((e for e in cell.get("content", []) if "paragraph" in e), None)
        style = first["paragraph"].get("paragraphStyle") if first else None
        fresh = empty_cell(json_copy(style) if style else None)
        fresh["tableCellStyle"] = json_copy(cell.get("tableCellStyle", {}))
        new_cells.append(fresh)
    new_row["tableCells"] = new_cells
    at = row_index + 1 if below else row_index
    rows.insert(at, new_row)
    table["table"]["rows"] = len(rows)
    reindex(content, start_of(content[0]) if content else 0)
    return start_of(new_row), int(new_row["endIndex"]) - start_of(new_row)


def delete_table_row(content: Content, table_start: int, row_index: int) -> tuple[int, int]:
    """Delete a row (the last row deletes the table); returns (start, units removed)."""
    table = table_at(content, table_start)
    rows = table["table"]["tableRows"]
    row = rows[_row_index(table, row_index)]
    if len(rows) == 1:
        for container in _containers_holding(content, table):
            begin, size = start_of(table), int(table["endIndex"]) - start_of(table)
            container.remove(table)
            reindex(content, start_of(content[0]) if content else 0)
            return begin, size
    begin, size = start_of(row), int(row["endIndex"]) - start_of(row)
    rows.remove(row)
    table["table"]["rows"] = len(rows)
    reindex(content, start_of(content[0]) if content else 0)
    return begin, size


def _containers_holding(content: Content, target: Element) -> Iterator[Content]:
    if any(element is target for element in content):
        yield content
    for element in content:
        if "table" in element:
            for row in element["table"].get("tableRows", []):
                for cell in row.get("tableCells", []):
                    yield from _containers_holding(cell.get("content", []), target)
