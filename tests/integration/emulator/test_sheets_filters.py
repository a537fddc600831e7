"""Basic filters through google-api-python-client and gspread: the criteria are kept and
answered as Google answers them (``filterSpecs`` and the deprecated ``criteria`` map), the
rows they hide are ``hiddenByFilter`` and are not drawn in the HTML view."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import gspread_client, sheets_client

USER = "fern.filter@example.com"
ROWS = [
    ["Rep", "Stage", "Amount"],
    ["Avery", "Won", 120],
    ["Blake", "Lost", 300],
    ["Casey", "Open", 80],
    ["Drew", "Won", 450],
    ["Emery", "open", 150],
]


def new_book(emulator: Emulator, title: str) -> str:
    book = gspread_client(emulator, USER).create(title)
    book.sheet1.update(values=ROWS, range_name="A1")
    return str(book.id)


def batch(emulator: Emulator, book: str, *requests: dict[str, Any]) -> None:
    sheets_client(emulator, USER).spreadsheets().batchUpdate(
        spreadsheetId=book, body={"requests": list(requests)}
    ).execute()


def tab(emulator: Emulator, book: str, grid: bool = False) -> dict[str, Any]:
    got = (
        sheets_client(emulator, USER)
        .spreadsheets()
        .get(spreadsheetId=book, includeGridData=grid)
        .execute()
    )
    return dict(got["sheets"][0])


def hidden(emulator: Emulator, book: str) -> list[int]:
    meta = tab(emulator, book, grid=True)["data"][0]["rowMetadata"]
    return [i for i, row in enumerate(meta) if row.get("hiddenByFilter")]


def test_criteria_are_kept_answered_and_hide_rows(emulator: Emulator) -> None:
    book = new_book(emulator, "Pipeline")
    lost = {"hiddenValues": ["Lost"]}
    over_100 = {"condition": {"type": "NUMBER_GREATER", "values": [{"userEnteredValue": "100"}]}}
    batch(emulator, book, {"setBasicFilter": {"filter": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 6, "endColumnIndex": 3},
        "filterSpecs": [{"columnIndex": 2, "filterCriteria": over_100},
                        {"columnIndex": 1, "filterCriteria": lost}]}}})  # fmt: skip
    answered = tab(emulator, book)["basicFilter"]
    assert answered == {
        "range": {"startRowIndex": 0, "endRowIndex": 6, "startColumnIndex": 0,
                  "endColumnIndex": 3},
        "filterSpecs": [{"columnIndex": 1, "filterCriteria": lost},
                        {"columnIndex": 2, "filterCriteria": over_100}],
        "criteria": {"1": lost, "2": over_100},
    }  # fmt: skip
    assert hidden(emulator, book) == [2, 3]  # Blake is Lost, Casey is 80; the header stays
    # values are still all there, as on Google: a filter hides, it does not remove
    assert len(gspread_client(emulator, USER).open_by_key(book).sheet1.get_all_values()) == 6
    with urllib.request.urlopen(f"{emulator.base_url}/view/file/{book}") as page:
        html = page.read().decode()
    assert ">Avery<" in html and ">Drew<" in html
    assert ">Blake<" not in html and ">Casey<" not in html
    assert "2 rows hidden by the filter" in html

    batch(emulator, book, {"clearBasicFilter": {"sheetId": 0}})
    assert "basicFilter" not in tab(emulator, book) and hidden(emulator, book) == []


def test_the_deprecated_criteria_map_and_text_conditions(emulator: Emulator) -> None:
    book = new_book(emulator, "Open deals")
    is_open = {"condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "OPEN"}]}}
    batch(emulator, book, {"setBasicFilter": {"filter": {
        "range": {"sheetId": 0}, "criteria": {"1": is_open}}}})  # fmt: skip
    answered = tab(emulator, book)["basicFilter"]
    assert answered["filterSpecs"] == [{"columnIndex": 1, "filterCriteria": is_open}]
    assert answered["criteria"] == {"1": is_open}
    assert hidden(emulator, book) == [1, 2, 4]  # Sheets compares text without case


def test_sort_specs_sort_the_rows_under_the_header(emulator: Emulator) -> None:
    book = new_book(emulator, "Sorted")
    batch(emulator, book, {"setBasicFilter": {"filter": {
        "range": {"sheetId": 0, "endColumnIndex": 3},
        "sortSpecs": [{"dimensionIndex": 2, "sortOrder": "DESCENDING"}]}}})  # fmt: skip
    values = gspread_client(emulator, USER).open_by_key(book).sheet1.col_values(1)
    assert values == ["Rep", "Drew", "Blake", "Emery", "Avery", "Casey"]
    assert tab(emulator, book)["basicFilter"]["sortSpecs"] == [
        {"dimensionIndex": 2, "sortOrder": "DESCENDING"}]  # fmt: skip


def test_a_spec_follows_its_column_when_columns_move(emulator: Emulator) -> None:
    book = new_book(emulator, "Moving")
    lost = {"hiddenValues": ["Lost"]}
    batch(emulator, book, {"setBasicFilter": {"filter": {
        "range": {"sheetId": 0, "startColumnIndex": 1, "endColumnIndex": 3},
        "filterSpecs": [{"columnIndex": 1, "filterCriteria": lost}]}}})  # fmt: skip
    batch(emulator, book, {"deleteDimension": {"range": {
        "sheetId": 0, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}})  # fmt: skip
    answered = tab(emulator, book)["basicFilter"]
    assert answered["filterSpecs"] == [{"columnIndex": 0, "filterCriteria": lost}]
    assert hidden(emulator, book) == [2]


@pytest.mark.parametrize(
    ("criteria", "status"),
    [
        ({"condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=C2>1"}]}},
         501),
        ({"condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=A1:A3"}]}},
         501),
        ({"condition": {"type": "DATE_AFTER", "values": [{"relativeDate": "NEXT_DECADE"}]}},
         400),
        ({"condition": {"type": "NUMBER_BIGGER"}}, 400),
    ],
)  # fmt: skip
def test_criteria_it_cannot_apply_are_refused_not_ignored(
    emulator: Emulator, criteria: dict[str, Any], status: int
) -> None:
    book = new_book(emulator, "Refused")
    with pytest.raises(HttpError) as caught:
        batch(emulator, book, {"setBasicFilter": {"filter": {
            "range": {"sheetId": 0}, "filterSpecs": [{"columnIndex": 2,
                                                      "filterCriteria": criteria}]}}})  # fmt: skip
    assert caught.value.resp.status == status
    assert json.loads(caught.value.content)["error"]["code"] == status
    assert "basicFilter" not in tab(emulator, book)
