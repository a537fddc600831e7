"""Sheets requests other libraries send (found by running pygsheets' own suite), through
google-api-python-client and gspread: findReplace, sheets.copyTo, moving a chart, a chart's
defaults, requests nested in a list, and filters on relative dates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import gspread

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import gspread_client, sheets_client

USER = "remy.requests@example.com"


def book(emulator: Emulator, title: str, rows: list[list[Any]]) -> gspread.Spreadsheet:
    made = gspread_client(emulator, USER).create(title)
    made.sheet1.update(values=rows, range_name="A1", value_input_option="USER_ENTERED")
    return made


def batch(emulator: Emulator, book_id: str, *requests: Any) -> list[dict[str, Any]]:
    answer = (
        sheets_client(emulator, USER)
        .spreadsheets()
        .batchUpdate(spreadsheetId=book_id, body={"requests": list(requests)})
        .execute()
    )
    return list(answer["replies"])


def test_find_replace_counts_what_it_changed(emulator: Emulator) -> None:
    made = book(emulator, "Replace", [["test", "Test", 100, "testtest", "=SUM(C1:C1)"],
                                      ["other", "tested", 1100]])  # fmt: skip
    replies = batch(emulator, made.id, {"findReplace": {
        "find": "test", "replacement": "value", "sheetId": 0}})  # fmt: skip
    assert replies[0]["findReplace"] == {"valuesChanged": 4, "occurrencesChanged": 5,
                                         "rowsChanged": 2, "sheetsChanged": 1}  # fmt: skip
    assert made.sheet1.get_all_values() == [["value", "value", "100", "valuevalue", "100"],
                                            ["other", "valueed", "1100", "", ""]]  # fmt: skip
    replies = batch(emulator, made.id, {"findReplace": {
        "find": "^1(\\d*)00$", "replacement": "2$100", "searchByRegex": True, "allSheets": True,
    }})  # fmt: skip
    assert replies[0]["findReplace"]["valuesChanged"] == 2
    assert made.sheet1.get("C1:C2", value_render_option="UNFORMATTED_VALUE") == [[200], [2100]]
    replies = batch(emulator, made.id, {"findReplace": {
        "find": "C1", "replacement": "C2", "includeFormulas": True, "matchCase": True,
        "range": {"sheetId": 0, "startColumnIndex": 4, "endColumnIndex": 5}}})  # fmt: skip
    assert replies[0]["findReplace"] == {"formulasChanged": 1, "occurrencesChanged": 2,
                                         "rowsChanged": 1, "sheetsChanged": 1}  # fmt: skip
    assert made.sheet1.acell("E1").value == "2100"


def test_copy_to_another_spreadsheet(emulator: Emulator) -> None:
    source = book(emulator, "Source", [["Rep", "Amount"], ["Avery", 3]])
    target = book(emulator, "Target", [["x"]])
    copy = (
        sheets_client(emulator, USER)
        .spreadsheets()
        .sheets()
        .copyTo(spreadsheetId=source.id, sheetId=0, body={"destinationSpreadsheetId": target.id})
        .execute()
    )
    assert copy["title"] == "Copy of Sheet1" and copy["index"] == 1 and copy["sheetId"]
    again = source.sheet1.copy_to(target.id)  # gspread's own call
    assert again["title"] == "Copy of Sheet1 2"
    copied = gspread_client(emulator, USER).open_by_key(target.id).worksheet("Copy of Sheet1")
    assert copied.get_all_values() == [["Rep", "Amount"], ["Avery", "3"]]


def test_a_chart_moves_and_has_googles_defaults(emulator: Emulator) -> None:
    made = book(emulator, "Chart", [["x", "y"], [1, 5], [2, 4]])
    other = made.add_worksheet("Other", rows=10, cols=5)
    source = {
        "sourceRange": {
            "sources": [
                {
                    "sheetId": 0,
                    "startRowIndex": 0,
                    "endRowIndex": 3,
                    "startColumnIndex": 1,
                    "endColumnIndex": 2,
                }
            ]
        }
    }
    replies = batch(emulator, made.id, {"addChart": {"chart": {
        "spec": {"title": "Y", "basicChart": {"chartType": "COLUMN",
                                              "series": [{"series": source}]}},
        "position": {"overlayPosition": {"anchorCell": {"rowIndex": 4}}}}}})  # fmt: skip
    chart = replies[0]["addChart"]["chart"]
    assert chart["spec"]["fontName"] == "Roboto"
    assert chart["spec"]["titleTextFormat"] == {"fontFamily": "Roboto"}
    assert chart["spec"]["hiddenDimensionStrategy"] == "SKIP_HIDDEN_ROWS_AND_COLUMNS"
    replies = batch(emulator, made.id, {"updateEmbeddedObjectPosition": {
        "objectId": chart["chartId"], "fields": "anchorCell",
        "newPosition": {"overlayPosition": {"anchorCell": {
            "sheetId": other.id, "rowIndex": 2, "columnIndex": 3}}}}})  # fmt: skip
    moved = replies[0]["updateEmbeddedObjectPosition"]["position"]["overlayPosition"]
    assert moved["anchorCell"] == {"sheetId": other.id, "rowIndex": 2, "columnIndex": 3}
    assert moved["widthPixels"] == 600  # the size is kept: only the anchor was in the mask
    tabs = sheets_client(emulator, USER).spreadsheets().get(spreadsheetId=made.id).execute()
    assert [len(tab.get("charts", [])) for tab in tabs["sheets"]] == [0, 1]


def test_requests_nested_in_a_list_are_read_flat(emulator: Emulator) -> None:
    """pygsheets sends ``[[{...}]]`` (a tuple inside the list); Google reads it flat."""
    made = book(emulator, "Nested", [["a"], ["b"], ["c"]])
    hide = {"updateDimensionProperties": {
        "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2},
        "properties": {"hiddenByUser": True}, "fields": "hiddenByUser"}}  # fmt: skip
    assert batch(emulator, made.id, [hide]) == [{}]
    got = (
        sheets_client(emulator, USER)
        .spreadsheets()
        .get(spreadsheetId=made.id, fields="sheets/data/rowMetadata/hiddenByUser")
        .execute()
    )
    assert got["sheets"][0]["data"][0]["rowMetadata"][1] == {"hiddenByUser": True}


def test_a_filter_on_a_relative_date_reads_the_emulators_clock(emulator: Emulator) -> None:
    emulator.store.set_now(datetime(2026, 3, 4, 12, 0, tzinfo=UTC))
    try:
        made = book(emulator, "Dates", [["Due"], ["2026-03-03"], ["2026-03-05"], ["2026-03-04"]])
        after_today = {"condition": {"type": "DATE_AFTER",
                                     "values": [{"relativeDate": "TODAY"}]}}  # fmt: skip
        batch(emulator, made.id, {"setBasicFilter": {"filter": {
            "range": {"sheetId": 0, "endRowIndex": 4, "endColumnIndex": 1},
            "filterSpecs": [{"columnIndex": 0, "filterCriteria": after_today}]}}})  # fmt: skip
        got = (
            sheets_client(emulator, USER)
            .spreadsheets()
            .get(spreadsheetId=made.id, includeGridData=True)
            .execute()
        )
        meta = got["sheets"][0]["data"][0]["rowMetadata"]
        assert [i for i, row in enumerate(meta) if row.get("hiddenByFilter")] == [1, 3]
    finally:
        emulator.store.set_now(datetime.now(UTC))


def test_import_csv_replaces_the_sheets_through_drive_v2(emulator: Emulator) -> None:
    """gspread's import_csv: Drive v2's media upload with convert=true."""
    made = book(emulator, "Imported", [["old"]])
    made.add_worksheet("Extra", rows=5, cols=5)
    client = gspread_client(emulator, USER)
    client.import_csv(made.id, "Rep,Amount\nAvery,3\nBlake,=2*2\n")
    again = client.open_by_key(made.id)
    assert [tab.title for tab in again.worksheets()] == ["Imported"]
    assert again.sheet1.get_all_values() == [["Rep", "Amount"], ["Avery", "3"], ["Blake", "4"]]
    assert again.sheet1.get("B2", value_render_option="UNFORMATTED_VALUE") == [[3]]
