"""The formatting in a run's spreadsheets.batchUpdate: missing tabs, grid size, frozen bold
header, basic filter, percent columns, conditional formats and warning-only protection of our
columns.

Idempotent: a tab whose header, conditional formats (told from the manager's own rules by their
formulas) and protected ranges are already ours as the layout wants gets no request (only more
rows when it needs them); otherwise our rules and protections are deleted before being added
again, so a re-run converges instead of piling rules up, and the manager's rules stay.
Reference: https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from service.domain.tracker_layout import ENERGY, TabLayout
from service.google import tags
from service.google.sheet_charts import chart_requests, charts_for
from service.google.sheet_rows import column_widths, header_notes, row_formats

if TYPE_CHECKING:
    from service.google.managed_sheet import SheetState

RED = {"red": 0.96, "green": 0.8, "blue": 0.8}
AMBER = {"red": 1.0, "green": 0.9, "blue": 0.7}
GREY = {"red": 0.85, "green": 0.85, "blue": 0.85}
DEFAULT_TAB = "Sheet1"  # what a spreadsheet created through Drive starts with
ROW_MARGIN = 3  # empty rows left below the data (a margin, not a screen of them)
CHART_ROWS = 45  # a Dashboard's rows: its charts (two rows of them, 20 rows apart) sit on them
# The description of our protected ranges; its layout mark changes when the formatting does, so
# a tracker formatted by an older version is formatted again once (and then left alone, so a
# column the manager widened stays wide).
PROTECTION = f"{tags.APP}: written by the 1:1 service"
LAYOUT_MARK = "layout 7: one-line rows, widths, number formats, header notes"


def format_requests(
    state: SheetState, layouts: Sequence[TabLayout], heights: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Every request for the tabs in ``layouts``; tab ids are resolved by title."""
    requests: list[dict[str, Any]] = []
    for layout in layouts:
        if layout.title not in state.sheet_ids:
            props = {"sheetId": layout.sheet_id, "title": layout.title}
            requests.append({"addSheet": {"properties": props}})
            state.sheet_ids[layout.title] = layout.sheet_id
            state.row_counts[layout.title] = 1000
            state.col_counts[layout.title] = 26
    ours = {layout.title for layout in layouts}
    if state.created and DEFAULT_TAB in state.sheet_ids and DEFAULT_TAB not in ours:
        requests.append({"deleteSheet": {"sheetId": state.sheet_ids.pop(DEFAULT_TAB)}})
    charts = charts_for(state, layouts)
    chart_tabs = {tab for tab, _chart in charts}
    for layout in layouts:
        sheet_id = state.sheet_ids[layout.title]
        height = heights.get(layout.title, 1)
        requests.extend(_grid_size(state, layout, sheet_id, height, layout.title in chart_tabs))
        if formatted(state, layout, sheet_id):
            continue
        for protection, _first, _end in state.our_protections.get(sheet_id, []):
            requests.append({"deleteProtectedRange": {"protectedRangeId": protection}})
        requests.extend(_tab_requests(state, layout, sheet_id))
    requests.extend(chart_requests(state, charts))
    return requests


def formatted(state: SheetState, layout: TabLayout, sheet_id: int) -> bool:
    """Whether a tab as read already has our header, rules and protections for ``layout``."""
    values = state.values.get(layout.title)
    if not values or [str(c) for c in values[0][: len(layout.columns)]] != layout.headers:
        return False
    if state.rule_formulas.get(sheet_id, []) != [formula for formula, _color in _rules(layout)]:
        return False
    protected = sorted((first, end) for _id, first, end in state.our_protections.get(sheet_id, []))
    if protected != [(first, last + 1) for first, last in _service_runs(layout)]:
        return False
    return all(LAYOUT_MARK in text for text in state.protection_texts.get(sheet_id, []))


def _grid_size(
    state: SheetState, layout: TabLayout, sheet_id: int, height: int, charts: bool
) -> list[dict[str, Any]]:
    """The tab's rows trimmed to what it holds plus a margin (no screens of empty rows), grown
    as rows are added. Only shrunk where we read everything (A:Z), so nothing typed is lost;
    columns stay (every reader asks for A:Z, which Google refuses beyond the grid); a tab
    holding charts keeps the rows they are drawn over."""
    read = state.values.get(layout.title, [])
    rows = max(height, len(read)) + ROW_MARGIN
    now = state.row_counts.get(layout.title, 1000)
    if charts:
        rows = max(rows, CHART_ROWS)
    if state.col_counts.get(layout.title, 26) > 26:
        rows = max(rows, now)
    if rows == now:
        return []
    state.row_counts[layout.title] = rows
    resize = {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": rows}},
            "fields": "gridProperties.rowCount",
        }
    }
    return [resize, *row_formats(layout, sheet_id, now, rows)]


def _tab_requests(state: SheetState, layout: TabLayout, sheet_id: int) -> list[dict[str, Any]]:
    width = len(layout.columns)
    out: list[dict[str, Any]] = []
    out.append(
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sheet_id, "gridProperties": {"frozenRowCount": 1}},
                "fields": "gridProperties.frozenRowCount",
            }
        }
    )
    header = {"textFormat": {"bold": True}, "wrapStrategy": "WRAP", "verticalAlignment": "BOTTOM"}
    out.append(
        {
            "repeatCell": {
                "range": _range(sheet_id, 0, 1, 0, width),
                "cell": {"userEnteredFormat": header},
                "fields": "userEnteredFormat.textFormat.bold,userEnteredFormat.wrapStrategy,"
                "userEnteredFormat.verticalAlignment",
            }
        }
    )
    out.extend(column_widths(layout, sheet_id))
    out.extend(header_notes(layout, sheet_id))
    out.extend(row_formats(layout, sheet_id, 1, state.row_counts.get(layout.title, 1000)))
    out.append({"setBasicFilter": {"filter": {"range": _range(sheet_id, 0, None, 0, width)}}})
    for index in reversed(state.our_rules.get(sheet_id, [])):
        out.append({"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": index}})
    out.extend(_highlights(layout, sheet_id))
    for first, last in _service_runs(layout):
        out.append(
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": _range(sheet_id, 0, None, first, last + 1),
                        "description": f"{PROTECTION} ({LAYOUT_MARK})",
                        "warningOnly": True,
                    }
                }
            }
        )
    return out


# Our highlight rules' formulas whatever column they name: a tracker written by an older layout
# (Status or Energy elsewhere) has its rules replaced instead of left behind on the wrong column.
_OURS = re.compile(
    r'^=\$[A-Z]{1,2}2="(missing|late)"$'
    r"|^=AND\(ISNUMBER\(\$(?P<col>[A-Z]{1,2})2\),\$(?P=col)2<=2\)$"
)


def is_our_rule(formula: str) -> bool:
    """Whether a conditional format formula is one of ours, from this layout or an older one."""
    return bool(_OURS.match(formula))


def _rules(layout: TabLayout) -> list[tuple[str, dict[str, float]]]:
    headers = layout.headers
    rules: list[tuple[str, dict[str, float]]] = []
    if "Status" in headers:
        status = layout.letter("Status")
        rules.append((f'=${status}2="missing"', GREY))
        rules.append((f'=${status}2="late"', AMBER))
    if ENERGY in headers:
        energy = layout.letter(ENERGY)
        rules.append((f"=AND(ISNUMBER(${energy}2),${energy}2<=2)", RED))
    return rules


def _highlights(layout: TabLayout, sheet_id: int) -> list[dict[str, Any]]:
    """Energy <= 2 red, late amber, missing grey (as custom formulas on whole rows)."""
    headers = layout.headers
    out: list[dict[str, Any]] = []
    for index, (formula, color) in enumerate(_rules(layout)):
        rule = {
            "ranges": [_range(sheet_id, 1, None, 0, len(headers))],
            "booleanRule": {
                "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
                "format": {"backgroundColor": color},
            },
        }
        out.append({"addConditionalFormatRule": {"rule": rule, "index": index}})
    return out


def _service_runs(layout: TabLayout) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, column in enumerate(layout.columns):
        if column.kind == "manager":
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _range(
    sheet_id: int, row0: int, row1: int | None, col0: int, col1: int | None
) -> dict[str, int]:
    grid = {"sheetId": sheet_id, "startRowIndex": row0, "startColumnIndex": col0}
    if row1 is not None:
        grid["endRowIndex"] = row1
    if col1 is not None:
        grid["endColumnIndex"] = col1
    return grid
