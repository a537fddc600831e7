"""The emulator's Sheets pure parts: A1 notation, what valueInputOption stores, what
valueRenderOption shows, field masks, and the values read/write/append rules (Google's
trimming and counting, checked against the gspread recordings' answers)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace_emulator.sheets import a1, values_io
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.a1 import A1Error, A1Range
from workspace_emulator.sheets.defaults import new_spreadsheet
from workspace_emulator.sheets.model import SheetsError, resolve
from workspace_emulator.sheets.values import evaluate, formatted, general, parse_input, render


def fresh() -> dict[str, Any]:
    return new_spreadsheet("ss1", "Test")


# --- A1 notation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sheet1!A1:B2", A1Range("Sheet1", 0, 0, 2, 2)),
        ("A1", A1Range(None, 0, 0, 1, 1)),
        ("'This Week'!A1:Z", A1Range("This Week", 0, 0, None, 26)),
        ("'It''s'!C3", A1Range("It's", 2, 2, 3, 3)),
        ("Sheet1!A:C", A1Range("Sheet1", None, 0, None, 3)),
        ("Sheet1!2:5", A1Range("Sheet1", 1, None, 5, None)),
        ("Sheet1!A1:1", A1Range("Sheet1", 0, 0, 1, None)),
        ("Sheet1!B2:A1", A1Range("Sheet1", 0, 0, 2, 2)),
        ("Sheet1", A1Range("Sheet1")),
        ("'My Sheet'", A1Range("My Sheet")),
        ("Sheet1!AA10:AB11", A1Range("Sheet1", 9, 26, 11, 28)),
        ("a1:b2", A1Range(None, 0, 0, 2, 2)),
    ],
)
def test_a1_parsing(text: str, expected: A1Range) -> None:
    assert a1.parse(text, ["Sheet1"]) == expected


@pytest.mark.parametrize("text", ["", "'unclosed!A1", "Sheet1!A1:B2:C3", "Sheet1!1A", "A"])
def test_a1_rejects(text: str) -> None:
    with pytest.raises(A1Error):
        a1.parse(text, ["Sheet1"])


def test_named_ranges_win_and_may_be_qualified() -> None:
    named = {"Totals": A1Range("Sheet1", 0, 0, 2, 2)}
    assert a1.parse("Totals", ["Sheet1"], named) == named["Totals"]
    assert a1.parse("'Sheet1'!Totals", ["Sheet1"], named) == named["Totals"]


@pytest.mark.parametrize(
    ("title", "quoted"),
    [("Sheet1", "Sheet1"), ("This Week", "'This Week'"), ("It's", "'It''s'"), ("A1", "'A1'"),
     ("🌵 cactus", "'🌵 cactus'"), ("Team_Health", "Team_Health")],
)  # fmt: skip
def test_titles_are_quoted_only_when_needed(title: str, quoted: str) -> None:
    assert a1.quote_title(title) == quoted


@given(st.integers(min_value=0, max_value=18_277))
def test_column_letters_round_trip(index: int) -> None:
    assert a1.column_index(a1.column_letters(index)) == index


@given(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and "\n" not in t))
def test_any_title_survives_quoting(title: str) -> None:
    text = a1.format_range(title, 0, 0, 2, 3)
    assert a1.parse(text, [title]) == A1Range(title, 0, 0, 2, 3)


def test_resolve_bounds_open_ends_to_the_grid_and_refuses_reads_beyond_it() -> None:
    ss = fresh()
    assert resolve(ss, "Sheet1").a1() == "Sheet1!A1:Z1000"
    assert resolve(ss, "Sheet1!A1:C").a1() == "Sheet1!A1:C1000"
    assert resolve(ss, "A1:1").a1() == "Sheet1!A1:Z1"
    with pytest.raises(SheetsError, match=r"exceeds grid limits\. Max rows: 1000, max columns: 26"):
        resolve(ss, "Sheet1!A1:AB2")
    assert resolve(ss, "Sheet1!A1001", writing=True).row0 == 1000
    with pytest.raises(SheetsError, match="Unable to parse range: Nope!A1"):
        resolve(ss, "Nope!A1")


# --- values in and out ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "entered", "fmt"),
    [
        ('=IMPORTRANGE("x","y")', {"formulaValue": '=IMPORTRANGE("x","y")'}, None),
        ("0042", {"numberValue": 42}, None),
        ("2,000,000.01", {"numberValue": 2000000.01}, {"type": "NUMBER", "pattern": "#,##0.00"}),
        ("12%", {"numberValue": 0.12}, {"type": "PERCENT", "pattern": "0%"}),
        ("2020-01-01", {"numberValue": 43831}, {"type": "DATE", "pattern": "yyyy-mm-dd"}),
        ("1/2/1999", {"numberValue": 36162}, {"type": "DATE", "pattern": "M/d/yyyy"}),
        ("true", {"boolValue": True}, None),
        ("'0042", {"stringValue": "0042"}, None),
        ("Closed Acme", {"stringValue": "Closed Acme"}, None),
        (53, {"numberValue": 53}, None),
        (False, {"boolValue": False}, None),
        ("", None, None),
    ],
)
def test_user_entered_parses_like_the_ui(value: Any, entered: Any, fmt: Any) -> None:
    assert parse_input(value, "USER_ENTERED") == (entered, fmt)


def test_raw_keeps_text_as_typed() -> None:
    for text in ('=IMPORTRANGE("x","y")', "0042", "TRUE", "12%"):
        assert parse_input(text, "RAW") == ({"stringValue": text}, None)
    assert parse_input(1.5, "RAW") == ({"numberValue": 1.5}, None)


def _cell(entered: dict[str, Any], fmt: dict[str, Any] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"userEnteredValue": entered}
    if fmt:
        out["userEnteredFormat"] = {"numberFormat": fmt}
    return out


def test_render_options_as_in_the_recordings() -> None:
    """WorksheetTest.test_get_all_records_value_render_options: =4/2, a date, 53, 0.12."""
    date = _cell({"numberValue": 43831}, {"type": "DATE", "pattern": "yyyy-mm-dd"})
    half = _cell({"formulaValue": "=3/2"})
    assert [render(c, "FORMATTED_VALUE") for c in (date, half)] == ["2020-01-01", "1.5"]
    assert [render(c, "UNFORMATTED_VALUE") for c in (date, half)] == [43831, 1.5]
    assert [render(c, "FORMULA") for c in (date, half)] == [43831, "=3/2"]
    assert render(date, "UNFORMATTED_VALUE", "FORMATTED_STRING") == "2020-01-01"
    assert render(_cell({"numberValue": 53}), "FORMATTED_VALUE") == "53"
    assert render(_cell({"numberValue": 0.75}, {"type": "PERCENT", "pattern": "0%"}),
                  "FORMATTED_VALUE") == "75%"  # fmt: skip
    assert render(_cell({"boolValue": True}), "FORMATTED_VALUE") == "TRUE"
    assert render(None, "FORMULA") is None


def test_formulas_the_emulator_computes_and_the_errors_it_shows() -> None:
    assert evaluate("= 1 / 1024") == 0.0009765625
    assert evaluate("=4/2") == 2 and isinstance(evaluate("=4/2"), int)
    assert evaluate('=HYPERLINK("https://docs/x","Avery\'s doc")') == "Avery's doc"
    assert evaluate('=HYPERLINK("https://docs/x")') == "https://docs/x"
    assert evaluate('="say ""hi"""') == 'say "hi"'
    assert evaluate("=SPARKLINE({1,2,3})") is None
    assert evaluate("=1/0") == "#DIV/0!"
    assert evaluate('=IMPORTRANGE("x","y")') == "#NAME?"  # not computed here: Sheets' #NAME?
    assert evaluate("=__import__('os')") == "#ERROR!"  # does not parse


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (2000000.01, {"type": "NUMBER", "pattern": "#,##0.00"}, "2,000,000.01"),
        (0.5, {"type": "PERCENT", "pattern": "0.0%"}, "50.0%"),
        (-3.14159, {"type": "NUMBER", "pattern": "0.00"}, "-3.14"),
        (0.1, {"type": "PERCENT", "pattern": "+0%;-0%;0%"}, "+10%"),
        (-0.1667, {"type": "PERCENT", "pattern": "+0%;-0%;0%"}, "-17%"),
        (0, {"type": "PERCENT", "pattern": "+0%;-0%;0%"}, "0%"),
        (-2, {"type": "NUMBER", "pattern": "0;(0)"}, "(2)"),
        (5, {"type": "CURRENCY", "pattern": '"$"#,##0.00'}, "$5.00"),
        (1 / 3, None, "0.3333333333"),
        (1e20, None, "1.00E+20"),
    ],
)
def test_number_formats(value: float, fmt: dict[str, str] | None, shown: str) -> None:
    assert formatted(value, fmt) == shown


def test_general_format_drops_noise() -> None:
    assert general(0.1 + 0.2) == "0.3"
    assert general(-0.0) == "0"


# --- reading and writing ----------------------------------------------------------------


def _write(ss: dict[str, Any], text: str, values: Any, option: str = "RAW") -> dict[str, Any]:
    return values_io.write(ss, resolve(ss, text, writing=True), values, option=option)


def test_reads_trim_like_google() -> None:
    """WorksheetTest.test_update_and_get: trailing blanks go, a blank row in between is []."""
    ss = fresh()
    _write(ss, "Sheet1!A1", [["A1", "B1", "", "D1"], ["", "b2", "", ""], ["", "", "", ""],
                             ["A4", "B4", "", "D4"]])  # fmt: skip
    got = values_io.read(resolve(ss, "Sheet1!A1:D4"))
    trimmed = [["A1", "B1", "", "D1"], ["", "b2"], [], ["A4", "B4", "", "D4"]]
    assert got == {"range": "Sheet1!A1:D4", "majorDimension": "ROWS", "values": trimmed}
    assert values_io.read(resolve(ss, "Sheet1!F1:G2")) == {
        "range": "Sheet1!F1:G2", "majorDimension": "ROWS"}  # fmt: skip
    columns = values_io.read(resolve(ss, "Sheet1!A1:B4"), major="COLUMNS")
    assert columns["values"] == [["A1", "", "", "A4"], ["B1", "b2", "", "B4"]]


def test_null_leaves_a_cell_and_is_not_counted() -> None:
    """WorksheetTest.test_update_cells_noncontiguous."""
    ss = fresh()
    _write(ss, "Sheet1!A1:B2", [["a", "b"], ["c", "d"]])
    answer = _write(ss, "Sheet1!A1:B2", [["x", None], [None, None]])
    assert answer == {"spreadsheetId": "ss1", "updatedRange": "Sheet1!A1:B2", "updatedRows": 1,
                      "updatedColumns": 1, "updatedCells": 1}  # fmt: skip
    assert values_io.read(resolve(ss, "Sheet1"))["values"] == [["x", "b"], ["c", "d"]]


def test_writes_must_fit_a_closed_range_and_grow_the_grid() -> None:
    ss = fresh()
    answer = _write(ss, "Sheet1!A1:B2", [["a1", "B2"]])
    assert answer["updatedRange"] == "Sheet1!A1:B1"
    with pytest.raises(SheetsError, match=r"tried writing to row \[3\]"):
        _write(ss, "Sheet1!A1:B2", [["x"], ["y"], ["z"]])
    with pytest.raises(SheetsError, match=r"tried writing to column \[C\]"):
        _write(ss, "Sheet1!A1:B2", [["x", "y", "z"]])
    _write(ss, "Sheet1!Y1000", [["a", "b", "c"], ["d"]])
    assert ss["sheets"][0]["properties"]["gridProperties"] == {"rowCount": 1001, "columnCount": 27}
    with pytest.raises(SheetsError, match="ListValue"):
        _write(ss, "Sheet1!A1", "X")


def test_append_finds_the_table_and_writes_below_it() -> None:
    """WorksheetTest.test_delete_row and test_insert_row."""
    ss = fresh()
    first = values_io.append(ss, resolve(ss, "Sheet1"), [["a", "b"]], option="RAW")
    assert "tableRange" not in first and first["updates"]["updatedRange"] == "Sheet1!A1:B1"
    second = values_io.append(ss, resolve(ss, "Sheet1"), [["c", "d", "e"]], option="RAW")
    assert second["tableRange"] == "Sheet1!A1:B1"
    assert second["updates"]["updatedRange"] == "Sheet1!A2:C2"
    third = values_io.append(ss, resolve(ss, "Sheet1!A1"), [["f"]], option="RAW")
    assert third["tableRange"] == "Sheet1!A1:C2" and third["updates"]["updatedRange"] == "Sheet1!A3"
    inserted = values_io.append(
        ss, resolve(ss, "Sheet1!A1"), [["g"]], option="RAW", insert="INSERT_ROWS"
    )
    assert inserted["updates"]["updatedRange"] == "Sheet1!A4"
    assert ss["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1001


def test_clear_keeps_formats() -> None:
    ss = fresh()
    _write(ss, "Sheet1!A1", [["12%"]], "USER_ENTERED")
    assert values_io.clear(resolve(ss, "Sheet1")) == "Sheet1!A1:Z1000"
    assert ss["sheets"][0]["rows"] == [[{"userEnteredFormat": {"numberFormat": {
        "type": "PERCENT", "pattern": "0%"}}}]]  # fmt: skip


# --- field masks ------------------------------------------------------------------------


def test_masks_copy_set_and_clear_fields() -> None:
    target: dict[str, Any] = {"gridProperties": {"rowCount": 10, "frozenRowCount": 2}, "title": "a"}
    source = {"gridProperties": {"rowCount": 20}, "title": "b"}
    field_mask.apply(target, source, field_mask.paths("gridProperties.rowCount,title"))
    assert target == {"gridProperties": {"rowCount": 20, "frozenRowCount": 2}, "title": "b"}
    field_mask.apply(target, {}, field_mask.paths("gridProperties/frozenRowCount"))
    assert target["gridProperties"] == {"rowCount": 20}
    cell: dict[str, Any] = {"userEnteredFormat": {"textFormat": {"bold": True}}}
    field_mask.apply(cell, {}, field_mask.paths("userEnteredFormat(textFormat)"))
    assert cell == {}
    field_mask.apply(cell, {"note": "n", "x": 1}, field_mask.paths("*"))
    assert cell == {"note": "n", "x": 1}
    with pytest.raises(SheetsError):
        field_mask.paths("")
