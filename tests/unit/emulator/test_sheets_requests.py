"""The emulator's spreadsheets.batchUpdate requests as pure functions on a stored spreadsheet:
replies aligned to requests, all-or-nothing, index semantics of conditional formats, ids
assigned to protections and named ranges, ranges that move when rows and columns do."""

from __future__ import annotations

from typing import Any

import pytest

from workspace_emulator.core.framework import ApiError
from workspace_emulator.sheets import values_io
from workspace_emulator.sheets.batch_update import apply_requests
from workspace_emulator.sheets.defaults import new_spreadsheet
from workspace_emulator.sheets.mask import cleaned
from workspace_emulator.sheets.model import SheetsError, resolve
from workspace_emulator.sheets.view import public

USER = "manager@example.com"


def run(ss: dict[str, Any], *requests: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    return apply_requests(ss, list(requests), USER)


def sheet(ss: dict[str, Any], sheet_id: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in ss["sheets"] if s["properties"]["sheetId"] == sheet_id)
    return found


def values(ss: dict[str, Any], text: str) -> list[list[Any]]:
    got: list[list[Any]] = values_io.read(resolve(ss, text)).get("values", [])
    return got


def rule(sheet_id: int, formula: str) -> dict[str, Any]:
    return {
        "ranges": [{"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": 0}],
        "booleanRule": {"condition": {"type": "CUSTOM_FORMULA",
                                      "values": [{"userEnteredValue": formula}]},
                        "format": {"backgroundColor": {"red": 1}}},
    }  # fmt: skip


def test_tracker_setup_in_one_batch() -> None:
    """What service.google.sheet_format sends for a new tracker."""
    ss = new_spreadsheet("ss", "Tracker")
    done, replies = run(
        ss,
        {"addSheet": {"properties": {"sheetId": 101, "title": "This Week"}}},
        {"deleteSheet": {"sheetId": 0}},
        {"appendDimension": {"sheetId": 101, "dimension": "ROWS", "length": 5}},
        {"updateSheetProperties": {"properties": {"sheetId": 101, "gridProperties": {
            "frozenRowCount": 1}}, "fields": "gridProperties.frozenRowCount"}},
        {"repeatCell": {"range": {"sheetId": 101, "startRowIndex": 0, "endRowIndex": 1,
                                  "startColumnIndex": 0, "endColumnIndex": 3},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold"}},
        {"setBasicFilter": {"filter": {"range": {"sheetId": 101, "startRowIndex": 0,
                                                 "startColumnIndex": 0, "endColumnIndex": 3}}}},
        {"addConditionalFormatRule": {"rule": rule(101, '=$D2="late"'), "index": 0}},
        {"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": 101, "startRowIndex": 0, "startColumnIndex": 0,
                      "endColumnIndex": 2},
            "description": "oneonone: written by the 1:1 service", "warningOnly": True}}},
    )  # fmt: skip
    assert ss["sheets"][0]["properties"]["title"] == "Sheet1"  # the input is untouched
    assert [list(r) for r in replies] == [
        ["addSheet"],
        [],
        [],
        [],
        [],
        [],
        [],
        ["addProtectedRange"],
    ]
    assert replies[0]["addSheet"]["properties"] == {
        "sheetId": 101, "title": "This Week", "index": 1, "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26}}  # fmt: skip
    view = public(done, user=USER, owner=True)["sheets"]
    assert len(view) == 1
    tab = view[0]
    assert tab["properties"]["index"] == 0
    assert tab["properties"]["gridProperties"] == {
        "rowCount": 1005, "columnCount": 26, "frozenRowCount": 1}  # fmt: skip
    assert tab["basicFilter"]["range"] == {"sheetId": 101, "startRowIndex": 0, "endRowIndex": 1005,
                                           "startColumnIndex": 0, "endColumnIndex": 3}  # fmt: skip
    protection = tab["protectedRanges"][0]
    assert protection["description"] == "oneonone: written by the 1:1 service"
    assert protection["warningOnly"] is True and protection["requestingUserCanEdit"] is True
    assert isinstance(protection["protectedRangeId"], int)
    assert replies[7]["addProtectedRange"]["protectedRange"]["protectedRangeId"] == (
        protection["protectedRangeId"])  # fmt: skip
    bold = sheet(done, 101)["rows"][0][2]["userEnteredFormat"]
    assert bold == {"textFormat": {"bold": True}}


def test_conditional_format_indexes() -> None:
    ss = new_spreadsheet("ss", "T")
    ss, _ = run(
        ss,
        {"addConditionalFormatRule": {"rule": rule(0, "=A"), "index": 0}},
        {"addConditionalFormatRule": {"rule": rule(0, "=B"), "index": 0}},
        {"addConditionalFormatRule": {"rule": rule(0, "=C"), "index": 1}},
    )

    def formulas(s: dict[str, Any]) -> list[str]:
        return [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
                for r in sheet(s).get("conditionalFormats", [])]  # fmt: skip

    assert formulas(ss) == ["=B", "=C", "=A"]
    ss, replies = run(ss, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 1}})
    assert replies[0]["deleteConditionalFormatRule"]["rule"]["ranges"] == [
        {"startRowIndex": 1, "startColumnIndex": 0}]  # fmt: skip
    assert formulas(ss) == ["=B", "=A"]
    message = r"requests\[0\]\.deleteConditionalFormatRule: No conditional format on sheet: 0"
    with pytest.raises(SheetsError, match=message + " at index: 2"):
        run(ss, {"deleteConditionalFormatRule": {"sheetId": 0, "index": 2}})
    ss, _ = run(ss, *[{"deleteConditionalFormatRule": {"sheetId": 0, "index": i}}
                      for i in reversed(range(2))])  # fmt: skip
    assert "conditionalFormats" not in sheet(ss)


def test_all_or_nothing_and_unknown_requests() -> None:
    ss = new_spreadsheet("ss", "T")
    with pytest.raises(SheetsError, match=r"Invalid requests\[1\].deleteSheet: No grid with id: 7"):
        run(ss, {"addSheet": {"properties": {"title": "New"}}}, {"deleteSheet": {"sheetId": 7}})
    assert len(ss["sheets"]) == 1
    with pytest.raises(SheetsError, match="Unknown name \"frobnicate\" at 'requests\\[0\\]'"):
        run(ss, {"frobnicate": {}})
    with pytest.raises(SheetsError, match="remove all the sheets"):
        run(ss, {"deleteSheet": {"sheetId": 0}})
    with pytest.raises(SheetsError, match='A sheet with the name "sheet1" already exists'):
        run(ss, {"addSheet": {"properties": {"title": "sheet1"}}})
    with pytest.raises(SheetsError, match="exceeds grid limits"):
        run(ss, {"repeatCell": {"range": {"sheetId": 0, "endRowIndex": 1001}, "cell": {},
                                "fields": "userEnteredFormat"}})  # fmt: skip


def test_protected_and_named_ranges_get_ids_and_go_by_id() -> None:
    ss = new_spreadsheet("ss", "T")
    ss, replies = run(
        ss,
        {"addProtectedRange": {"protectedRange": {"range": {"sheetId": 0, "endRowIndex": 2},
                                                  "description": "ours"}}},
        {"addNamedRange": {"namedRange": {"name": "Totals", "range": {
            "sheetId": 0, "startRowIndex": 0, "endRowIndex": 2, "startColumnIndex": 0,
            "endColumnIndex": 2}}}},
    )  # fmt: skip
    protection = replies[0]["addProtectedRange"]["protectedRange"]
    assert protection["editors"] == {} and protection["description"] == "ours"
    assert sheet(ss)["protectedRanges"][0]["editors"] == {"users": [USER]}
    named = replies[1]["addNamedRange"]["namedRange"]
    assert named["namedRangeId"].isdigit() and "sheetId" not in named["range"]
    values_io.write(ss, resolve(ss, "Totals", writing=True), [[1, 2], [3, 4]], option="RAW")
    assert values(ss, "Sheet1!A1:B2") == [["1", "2"], ["3", "4"]]
    ss, _ = run(
        ss,
        {"deleteProtectedRange": {"protectedRangeId": protection["protectedRangeId"]}},
        {"deleteNamedRange": {"namedRangeId": named["namedRangeId"]}},
    )
    assert "protectedRanges" not in sheet(ss) and ss["namedRanges"] == []
    with pytest.raises(SheetsError, match="No protected range with id: 5"):
        run(ss, {"deleteProtectedRange": {"protectedRangeId": 5}})


def test_rows_inserted_and_deleted_move_cells_and_ranges() -> None:
    ss = new_spreadsheet("ss", "T")
    values_io.write(ss, resolve(ss, "A1", writing=True), [["h"], ["a"], ["b"]], option="RAW")
    merge = {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 1,
             "endColumnIndex": 3}  # fmt: skip
    ss, _ = run(
        ss,
        {"mergeCells": {"range": merge, "mergeType": "MERGE_ALL"}},
        {"addNamedRange": {"namedRange": {"name": "Body", "range": {**merge,
                                                                    "startColumnIndex": 0}}}},
        {"updateSheetProperties": {"properties": {"sheetId": 0, "gridProperties": {
            "frozenRowCount": 1}}, "fields": "gridProperties.frozenRowCount"}},
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1,
                                       "endIndex": 3}}},
    )  # fmt: skip
    assert values(ss, "Sheet1!A1:A5") == [["h"], [], [], ["a"], ["b"]]
    assert sheet(ss)["merges"] == [{"startRowIndex": 3, "endRowIndex": 5, "startColumnIndex": 1,
                                    "endColumnIndex": 3}]  # fmt: skip
    assert ss["namedRanges"][0]["range"]["startRowIndex"] == 3
    assert sheet(ss)["properties"]["gridProperties"]["rowCount"] == 1002
    assert sheet(ss)["properties"]["gridProperties"]["frozenRowCount"] == 1
    ss, _ = run(ss, {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS",
                                                   "startIndex": 0, "endIndex": 4}}})  # fmt: skip
    assert values(ss, "Sheet1!A1:A2") == [["b"]]
    assert sheet(ss)["merges"] == [{"startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 1,
                                    "endColumnIndex": 3}]  # fmt: skip
    assert ss["namedRanges"][0]["range"]["startRowIndex"] == 0
    assert "frozenRowCount" not in sheet(ss)["properties"]["gridProperties"]


def test_update_cells_sort_and_paste() -> None:
    ss = new_spreadsheet("ss", "T")
    rows = [{"values": [{"userEnteredValue": {"stringValue": n}}, {"userEnteredValue": {
        "numberValue": v}}]} for n, v in (("b", 2), ("a", 3), ("c", 1))]  # fmt: skip
    ss, _ = run(
        ss,
        {"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0}, "rows": rows,
                         "fields": "userEnteredValue"}},
        {"sortRange": {"range": {"sheetId": 0, "endRowIndex": 3, "endColumnIndex": 2},
                       "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "DESCENDING"}]}},
        {"copyPaste": {"source": {"sheetId": 0, "endRowIndex": 1, "endColumnIndex": 2},
                       "destination": {"sheetId": 0, "startRowIndex": 4, "startColumnIndex": 3},
                       "pasteType": "PASTE_VALUES"}},
    )  # fmt: skip
    assert values(ss, "Sheet1!A1:E5") == [["a", "3"], ["b", "2"], ["c", "1"], [],
                                          ["", "", "", "a", "3"]]  # fmt: skip


def test_sheet_properties_masks_colors_and_defaults() -> None:
    ss = new_spreadsheet("ss", "T")
    color = {"rgbColor": {"red": 1, "green": 0, "blue": 0.5}}
    grid = {"rowCount": 5, "hideGridlines": False}
    props = {"sheetId": 0, "title": "Renamed", "tabColorStyle": color, "gridProperties": grid}
    fields = "title,tabColorStyle,gridProperties(rowCount,hideGridlines)"
    ss, _ = run(
        ss,
        {"updateSheetProperties": {"properties": props, "fields": fields}},
        {"updateSpreadsheetProperties": {"properties": {"title": "New title", "locale": "fr_FR"},
                                         "fields": "title,locale"}},
    )  # fmt: skip
    props = sheet(ss)["properties"]
    assert props["title"] == "Renamed"
    assert props["tabColorStyle"] == {"rgbColor": {"red": 1, "blue": 0.49803922}}
    assert props["tabColor"] == {"red": 1, "blue": 0.49803922}
    assert props["gridProperties"] == {"rowCount": 5, "columnCount": 26}
    assert ss["properties"]["title"] == "New title" and ss["properties"]["locale"] == "fr_FR"
    with pytest.raises(SheetsError, match="hide all the sheets"):
        run(ss, {"updateSheetProperties": {"properties": {"sheetId": 0, "hidden": True},
                                           "fields": "hidden"}})  # fmt: skip


def test_null_fields_are_unset() -> None:
    assert cleaned({"a": None, "b": [{"c": None, "d": 1}], "color": {"red": 0.0}}) == {
        "b": [{"d": 1}], "color": {}}  # fmt: skip


def test_append_cells_goes_below_the_last_value_and_grows_the_grid() -> None:
    ss = new_spreadsheet("ss", "T")
    ss, _ = run(ss, {"updateSheetProperties": {"properties": {"sheetId": 0, "gridProperties": {
        "rowCount": 2}}, "fields": "gridProperties.rowCount"}})  # fmt: skip
    values_io.write(ss, resolve(ss, "A1", writing=True), [["header"]], option="RAW")
    row = {"values": [{"userEnteredValue": {"stringValue": "a"}}, {"note": "kept"}]}
    ss, _ = run(ss, *[{"appendCells": {"sheetId": 0, "rows": [row], "fields": "*"}}] * 2)
    assert values(ss, "Sheet1") == [["header"], ["a"], ["a"]]
    assert sheet(ss)["properties"]["gridProperties"]["rowCount"] == 3
    assert sheet(ss)["rows"][2][1] == {"note": "kept"}


def test_real_requests_the_emulator_lacks_are_a_501_naming_them() -> None:
    with pytest.raises(ApiError, match=r"requests\[0\]\.moveDimension is not implemented") as err:
        run(new_spreadsheet("ss", "T"), {"moveDimension": {"source": {}, "destinationIndex": 0}})
    assert err.value.code == 501
