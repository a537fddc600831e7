"""Sheets adapter for the Sheet-form 1:1 doc: every tab's cells and the prefill mark in one
``spreadsheets.get``, the prefill in one ``spreadsheets.batchUpdate``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from service.google.gateway import Gateway
from service.templates.prefill import PREFILLED_MARK

SHEET_MIME: Final[str] = "application/vnd.google-apps.spreadsheet"
_FIELDS: Final[str] = (
    "namedRanges(name),sheets(properties(sheetId,title,gridProperties(rowCount)),"
    "data(rowData(values(formattedValue))))"
)


@dataclass(frozen=True)
class SheetTab:
    """One tab: its id, title, cell texts (as shown, trailing empty rows dropped), grid rows."""

    sheet_id: int
    title: str
    rows: list[list[str]]
    row_count: int


@dataclass(frozen=True)
class SheetDoc:
    """A Sheet-form 1:1 doc as read: its tabs, in order, and whether it is prefilled."""

    tabs: tuple[SheetTab, ...]
    prefilled: bool


def is_sheet(file: dict[str, Any]) -> bool:
    """True when a Drive file (listed with its mimeType) is a spreadsheet."""
    return file.get("mimeType") == SHEET_MIME


def read_sheet_doc(gw: Gateway, user: str, spreadsheet_id: str) -> SheetDoc:
    """Every tab's shown values and the prefill mark (one ``spreadsheets.get``)."""
    request = (
        gw.client("sheets", user)
        .spreadsheets()
        .get(spreadsheetId=spreadsheet_id, includeGridData=True, fields=_FIELDS)
    )
    answer: dict[str, Any] = gw.execute(request, user, f"1:1 sheet {spreadsheet_id}")
    tabs = tuple(_tab(sheet) for sheet in answer.get("sheets", []))
    marked = any(n.get("name") == PREFILLED_MARK for n in answer.get("namedRanges") or [])
    return SheetDoc(tabs, marked)


def write_sheet_doc(
    gw: Gateway, user: str, spreadsheet_id: str, requests: list[dict[str, Any]]
) -> None:
    """One atomic ``spreadsheets.batchUpdate`` on a 1:1 sheet."""
    request = (
        gw.client("sheets", user)
        .spreadsheets()
        .batchUpdate(spreadsheetId=spreadsheet_id, body={"requests": requests})
    )
    gw.execute(request, user, f"1:1 sheet {spreadsheet_id}")


def _tab(sheet: dict[str, Any]) -> SheetTab:
    props = sheet.get("properties", {})
    rows: list[list[str]] = []
    for block in sheet.get("data", []):
        for row in block.get("rowData", []):
            cells = [str(v.get("formattedValue", "")) for v in row.get("values", [])]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return SheetTab(
        sheet_id=int(props.get("sheetId", 0)),
        title=str(props.get("title", "")),
        rows=rows,
        row_count=int(props.get("gridProperties", {}).get("rowCount", 0)),
    )
