"""Formulas and number values through gspread: references, ranges and the common functions
computed as Sheets computes them; unknown functions are #NAME?; a numberValue sent as a JSON
string is stored as a number."""

from __future__ import annotations

from typing import Any

import gspread

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import gspread_client

USER = "flo.formula@example.com"


def new_sheet(emulator: Emulator, title: str) -> gspread.Spreadsheet:
    return gspread_client(emulator, USER).create(title)


def test_references_ranges_and_functions_are_computed(emulator: Emulator) -> None:
    book = new_sheet(emulator, "Formulas")
    other = book.add_worksheet("Other sheet", rows=5, cols=5)
    other.update(values=[[7]], range_name="A1")
    book.sheet1.update(values=[
        [1, 2, "=A1+B1"],
        ["=SUM(A1:C1)", "=AVERAGE(A1:B1)", "=COUNT(A1:C1, \"x\")"],
        ["=MIN(A1:B1)", "=MAX(A1:C1)", '=IF(C1>2,"big","small")'],
        ["=FOO(1)", "='Other sheet'!A1*2", "=1/0"],
        ["=A5+1", '=A1&"-"&B1', "=ROUND(AVERAGE(A1:C1)*10%, 2)"],
    ], range_name="A1", value_input_option="USER_ENTERED")  # fmt: skip
    assert book.sheet1.get_all_values() == [
        ["1", "2", "3"],
        ["6", "1.5", "3"],
        ["1", "3", "big"],
        ["#NAME?", "14", "#DIV/0!"],
        ["#REF!", "1-2", "0.2"],
    ]
    raw = book.sheet1.get("A2:C2", value_render_option="UNFORMATTED_VALUE")
    assert raw == [[6, 1.5, 3]]
    formulas = book.sheet1.get("C1", value_render_option="FORMULA")
    assert formulas == [["=A1+B1"]]


def test_grid_data_types_errors(emulator: Emulator) -> None:
    book = new_sheet(emulator, "Errors")
    book.sheet1.update(values=[["=NOPE()", "=1+1"]], range_name="A1",
                       value_input_option="USER_ENTERED")  # fmt: skip
    got = book.fetch_sheet_metadata({"includeGridData": "true", "ranges": "A1:B1"})
    cells: list[dict[str, Any]] = got["sheets"][0]["data"][0]["rowData"][0]["values"]
    assert cells[0]["effectiveValue"]["errorValue"]["type"] == "NAME"
    assert cells[0]["formattedValue"] == "#NAME?"
    assert cells[1]["effectiveValue"] == {"numberValue": 2}


def test_a_number_value_sent_as_a_string_is_a_number(emulator: Emulator) -> None:
    book = new_sheet(emulator, "Coerced")
    book.batch_update({"requests": [{"updateCells": {
        "rows": [{"values": [{"userEnteredValue": {"numberValue": "3"}},
                             {"userEnteredValue": {"numberValue": "2.5"}}]}],
        "fields": "userEnteredValue", "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
    }}]})  # fmt: skip
    assert book.sheet1.get("A1:B1", value_render_option="UNFORMATTED_VALUE") == [[3, 2.5]]
    book.sheet1.update(values=[["=A1*2"]], range_name="C1", value_input_option="USER_ENTERED")
    assert book.sheet1.acell("C1").value == "6"
