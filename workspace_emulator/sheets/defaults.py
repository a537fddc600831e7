"""What a new spreadsheet and a new sheet look like on Google (from the gspread recordings,
``ClientTest.test_create``: one grid "Sheet1", sheetId 0, 1000 rows x 26 columns)."""

from __future__ import annotations

import secrets
from typing import Any

from workspace_emulator.core.framework import json_copy

SHEET_MIME = "application/vnd.google-apps.spreadsheet"
ROWS, COLUMNS = 1000, 26
ROW_PIXELS, COLUMN_PIXELS = 21, 100
MAX_CELLS = 10_000_000  # per spreadsheet
MAX_COLUMNS = 18_278  # column ZZZ

_WHITE = {"red": 1, "green": 1, "blue": 1}
DEFAULT_FORMAT: dict[str, Any] = {
    "backgroundColor": _WHITE,
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM",
    "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {
        "foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
        "bold": False, "italic": False, "strikethrough": False, "underline": False,
        "foregroundColorStyle": {"rgbColor": {}},
    },
    "backgroundColorStyle": {"rgbColor": _WHITE},
}  # fmt: skip
_ACCENTS = [
    ("ACCENT1", 0.25882354, 0.52156866, 0.95686275), ("ACCENT2", 0.91764706, 0.2627451, 0.20784314),
    ("ACCENT3", 0.9843137, 0.7372549, 0.015686275), ("ACCENT4", 0.20392157, 0.65882355, 0.3254902),
    ("ACCENT5", 1, 0.42745098, 0.003921569), ("ACCENT6", 0.27450982, 0.7411765, 0.7764706),
    ("LINK", 0.06666667, 0.33333334, 0.8),
]  # fmt: skip
THEME: dict[str, Any] = {
    "primaryFontFamily": "Arial",
    "themeColors": [
        {"colorType": "TEXT", "color": {"rgbColor": {}}},
        {"colorType": "BACKGROUND", "color": {"rgbColor": _WHITE}},
        *(
            {"colorType": kind, "color": {"rgbColor": {"red": r, "green": g, "blue": b}}}
            for kind, r, g, b in _ACCENTS
        ),
    ],
}


def new_id() -> int:
    """A positive 31-bit id, as Google mints sheetIds and protectedRangeIds."""
    return secrets.randbelow(2**31 - 2) + 1


def spreadsheet_properties(title: str) -> dict[str, Any]:
    """A new spreadsheet's ``properties``."""
    return {
        "title": title,
        "locale": "en_US",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Etc/GMT",
        "defaultFormat": json_copy(DEFAULT_FORMAT),
        "spreadsheetTheme": json_copy(THEME),
    }


def sheet_properties(sheet_id: int, title: str, index: int) -> dict[str, Any]:
    """A new grid sheet's ``properties``."""
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": ROWS, "columnCount": COLUMNS},
    }


def new_sheet(properties: dict[str, Any]) -> dict[str, Any]:
    """A stored sheet: its properties, an empty grid and no merges, rules or protections.

    ``rows`` holds CellData (or None) per row; ``rowMeta``/``colMeta`` hold DimensionProperties
    that differ from the defaults, by index. Those three never leave the emulator as such.
    """
    return {"properties": properties, "rows": [], "rowMeta": {}, "colMeta": {}}


def new_spreadsheet(spreadsheet_id: str, title: str) -> dict[str, Any]:
    """A stored spreadsheet as Google makes one: a single "Sheet1" (sheetId 0, 1000 x 26)."""
    return {
        "spreadsheetId": spreadsheet_id,
        "properties": spreadsheet_properties(title),
        "sheets": [new_sheet(sheet_properties(0, "Sheet1", 0))],
        "namedRanges": [],
    }
