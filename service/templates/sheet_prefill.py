"""The weekly prefill of a rep's copy of the Sheet-form template, as one Sheets
``spreadsheets.batchUpdate``.

The copy's rows (the template's, read once per team, or the copy's own when a crashed run left
it unprefilled) come back with the merge fields replaced, the key-metrics rows (metric, goal,
actual, pace) under "Key Metrics & Pacing" and the carried-over commitments under "Commitments
from Last 1:1", one per row with an empty Done cell, laid out as ``service.domain.sheet_form``
reads them. Every cell is written as a string value, so nothing a rep or a metric name holds
ever becomes a formula. A named range marks the sheet as prefilled in the same atomic batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.domain.sections import match_section
from service.domain.sheet_form import SHEET_FORM_SECTION_COLUMN
from service.templates.definition import marker
from service.templates.prefill import PREFILLED_MARK, Prefill

Grid = list[list[str]]


def merge(text: str, fields: Mapping[str, str]) -> str:
    """``text`` with every ``{{name}}`` of ``fields`` replaced."""
    for name, value in fields.items():
        text = text.replace(marker(name), value)
    return text


def sheet_prefill_rows(rows: Sequence[Sequence[str]], prefill: Prefill) -> Grid:
    """The prefilled grid: ``rows`` merged, with the metrics and commitments rows inserted
    after their section's row (the first one only)."""
    out: Grid = []
    inserted: set[str] = set()
    for row in rows:
        out.append([merge(str(cell), prefill.fields) for cell in row])
        title = str(row[SHEET_FORM_SECTION_COLUMN]).strip() if row else ""
        key = match_section(title) if title else None
        if key is None or key in inserted:
            continue
        if key == "key_metrics":
            inserted.add(key)
            header = [list(prefill.metrics_header)] if prefill.metrics_header else []
            out.extend(["", *cells] for cells in [*header, *prefill.metrics])
        elif key == "commitments":
            inserted.add(key)
            out.extend(["", line, ""] for line in prefill.commitments)
    return out


def sheet_prefill_requests(
    sheet_id: int, rows: Sequence[Sequence[str]], prefill: Prefill, row_count: int
) -> list[dict[str, Any]]:
    """The one ``batchUpdate`` prefilling the tab ``sheet_id`` that now holds ``rows`` (and
    has ``row_count`` rows in its grid): rows added when the grid is too short, every cell
    the rows cover rewritten, and the prefill mark."""
    grid = sheet_prefill_rows(rows, prefill)
    height = max(len(grid), len(rows))
    width = max((len(row) for row in [*grid, *rows]), default=1) or 1
    requests: list[dict[str, Any]] = []
    if height > row_count:
        requests.append(
            {
                "appendDimension": {
                    "sheetId": sheet_id,
                    "dimension": "ROWS",
                    "length": height - row_count,
                }
            }
        )
    cells = {
        "range": _range(sheet_id, height, width),
        "rows": [{"values": [_cell(text) for text in row]} for row in grid],
        "fields": "userEnteredValue",
    }
    requests.append({"updateCells": cells})
    mark = {"name": PREFILLED_MARK, "range": _range(sheet_id, 1, 1)}
    requests.append({"addNamedRange": {"namedRange": mark}})
    return requests


def is_sheet_prefilled(spreadsheet: Mapping[str, Any]) -> bool:
    """True when a ``spreadsheets.get`` answer carries the prefill mark."""
    return any(n.get("name") == PREFILLED_MARK for n in spreadsheet.get("namedRanges") or [])


def _range(sheet_id: int, rows: int, columns: int) -> dict[str, int]:
    return {
        "sheetId": sheet_id,
        "startRowIndex": 0,
        "endRowIndex": rows,
        "startColumnIndex": 0,
        "endColumnIndex": columns,
    }


def _cell(text: str) -> dict[str, Any]:
    # A string value is text even when it starts with "=" (as valueInputOption RAW).
    return {"userEnteredValue": {"stringValue": text}} if text else {}
