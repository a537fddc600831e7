"""The service's managed-sheet adapter (``service.google.managed_sheet``) against the emulator's
Sheets: re-runs converge on our formatting without touching what the manager added, and text a
manager typed in a manager column comes back as the same text."""

from __future__ import annotations

from typing import Any

from service.domain.tracker_layout import ENERGY, NOTES, PACE_NOTE, THIS_WEEK
from service.domain.tracker_upsert import upsert
from service.google import tags
from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.managed_sheet import a1, create_sheet, read_sheet, write_sheet
from service.google.sheet_format import ROW_MARGIN
from workspace_emulator.core.server import Emulator

MANAGER = "tracker.manager@example.com"
MANAGER_RULE = '=$A2="Avery"'


def _gateway(emulator: Emulator) -> Gateway:
    source = CredentialSource("service_account", emulator.service_account_file)
    return Gateway(source, endpoint=emulator.base_url)


def _row(name: str) -> list[Any]:
    row: list[Any] = [""] * len(THIS_WEEK.columns)
    row[THIS_WEEK.index("Rep")] = name
    row[THIS_WEEK.index("Email")] = f"{name.lower()}@example.com"
    row[THIS_WEEK.index("Week")] = "2026-W10"
    row[THIS_WEEK.index(ENERGY)] = 2
    return row


def _run(gw: Gateway, file: dict[str, Any], created: bool) -> None:
    state = read_sheet(gw, MANAGER, file, [THIS_WEEK], created)
    table = upsert(THIS_WEEK, state.values.get(THIS_WEEK.title, []), [_row("Avery")])
    write_sheet(gw, MANAGER, state, {THIS_WEEK.title: (THIS_WEEK, table)})


def test_reruns_keep_the_managers_rules_and_text(emulator: Emulator) -> None:
    gw = _gateway(emulator)
    file = create_sheet(gw, MANAGER, "Tracker", tags.tags(kind=tags.KIND_TRACKER), None)
    _run(gw, file, created=True)
    sheets = gw.client("sheets", MANAGER).spreadsheets()
    sheet_id = THIS_WEEK.sheet_id
    rule = {"ranges": [{"sheetId": sheet_id, "startRowIndex": 1}], "booleanRule": {
        "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": MANAGER_RULE}]},
        "format": {"textFormat": {"italic": True}}}}  # fmt: skip
    add = {"addConditionalFormatRule": {"rule": rule, "index": 0}}
    gw.execute(sheets.batchUpdate(spreadsheetId=file["id"], body={"requests": [add]}), MANAGER, "")
    note = a1(THIS_WEEK.title, f"{THIS_WEEK.letter(NOTES)}2")
    body = {"values": [["'0042"]]}
    typed = sheets.values().update(
        spreadsheetId=file["id"], range=note, valueInputOption="USER_ENTERED", body=body
    )
    gw.execute(typed, MANAGER, "note")
    for _ in range(2):
        _run(gw, file, created=False)
    meta = gw.execute(
        sheets.get(spreadsheetId=file["id"], fields="sheets.conditionalFormats"), MANAGER, "meta"
    )
    formulas = [
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in meta["sheets"][0]["conditionalFormats"]
    ]
    assert formulas.count(MANAGER_RULE) == 1 and len(formulas) == 4  # ours are not piled up
    got = sheets.values().get(spreadsheetId=file["id"], range=note, valueRenderOption="FORMULA")
    assert gw.execute(got, MANAGER, "note")["values"] == [["0042"]]


# This Week as the tracker wrote it before issue 14 (spelled out, not taken from the code).
OLD_HEADERS = ["Rep", "Email", "Week", "Status", "Last edit", "Energy", "Pace", "Complete",
               "Missing sections", "Wins", "Challenges", "Pipeline", "Plan", "Commitments kept",
               "Manager comments", "1:1", "Flags", "Initiatives", "Doc", "Coach notes",
               "Manager notes"]  # fmt: skip
OLD_RULES = ['=$D2="missing"', '=$D2="late"', "=AND(ISNUMBER($F2),$F2<=2)"]


def _formulas(gw: Gateway, file_id: str) -> list[str]:
    sheets = gw.client("sheets", MANAGER).spreadsheets()
    meta = gw.execute(
        sheets.get(spreadsheetId=file_id, fields="sheets(properties.title,conditionalFormats)"),
        MANAGER,
        "meta",
    )
    (tab,) = [s for s in meta["sheets"] if s["properties"]["title"] == THIS_WEEK.title]
    return [
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in tab.get("conditionalFormats", [])
    ]


def test_a_tracker_in_the_old_layout_moves_to_the_new_one(emulator: Emulator) -> None:
    gw = _gateway(emulator)
    file = create_sheet(gw, MANAGER, "Old tracker", tags.tags(kind=tags.KIND_TRACKER), None)
    sheets = gw.client("sheets", MANAGER).spreadsheets()
    props = {"sheetId": THIS_WEEK.sheet_id, "title": THIS_WEEK.title}
    requests: list[dict[str, Any]] = [{"addSheet": {"properties": props}}]
    for index, formula in enumerate(OLD_RULES):
        rule = {"ranges": [{"sheetId": THIS_WEEK.sheet_id, "startRowIndex": 1}], "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
            "format": {"backgroundColor": {"red": 1}}}}  # fmt: skip
        requests.append({"addConditionalFormatRule": {"rule": rule, "index": index}})
    gw.execute(
        sheets.batchUpdate(spreadsheetId=file["id"], body={"requests": requests}), MANAGER, ""
    )
    old = {"Rep": "Avery", "Email": "avery@example.com", "Week": "2026-W10", "Status": "late",
           "Energy": 2, "Manager notes": "ask about Acme"}  # fmt: skip
    body = {"values": [OLD_HEADERS, [old.get(h, "") for h in OLD_HEADERS]]}
    put = sheets.values().update(
        spreadsheetId=file["id"], range=a1(THIS_WEEK.title), valueInputOption="RAW", body=body
    )
    gw.execute(put, MANAGER, "old layout")
    _run(gw, file, created=False)
    got = sheets.values().get(spreadsheetId=file["id"], range=a1(THIS_WEEK.title, "A1:Z"))
    values = gw.execute(got, MANAGER, "tracker")["values"]
    assert values[0] == THIS_WEEK.headers and len(values) == 2
    assert values[1][THIS_WEEK.index(NOTES)] == "ask about Acme"
    assert values[1][THIS_WEEK.index("Email")] == "avery@example.com"
    assert sorted(_formulas(gw, file["id"])) == sorted(
        ['=$B2="missing"', '=$B2="late"', "=AND(ISNUMBER($C2),$C2<=2)"]
    )  # the old layout's rules are gone, not left colouring the wrong column


def test_rows_are_one_line_high_and_columns_as_wide_as_the_layout(emulator: Emulator) -> None:
    """A long answer is clipped at the cell's edge in a row one line high (Sheets' 21 pixels),
    never a row the height of a screen; columns have the layout's widths; the header wraps."""
    gw = _gateway(emulator)
    file = create_sheet(gw, MANAGER, "Tracker", tags.tags(kind=tags.KIND_TRACKER), None)
    state = read_sheet(gw, MANAGER, file, [THIS_WEEK], True)
    row = _row("Avery")
    row[THIS_WEEK.index("Wins")] = "Closed Acme after a long cycle.\n" * 40
    table = upsert(THIS_WEEK, [], [row])
    write_sheet(gw, MANAGER, state, {THIS_WEEK.title: (THIS_WEEK, table)})
    # A later week with more reps: the grid grows, and its new rows are drawn the same way.
    state = read_sheet(gw, MANAGER, file, [THIS_WEEK], False)
    more = [row, *(_row(name) for name in ("Blake", "Casey", "Drew", "Emery", "Finley"))]
    table = upsert(THIS_WEEK, state.values[THIS_WEEK.title], more)
    write_sheet(gw, MANAGER, state, {THIS_WEEK.title: (THIS_WEEK, table)})
    sheets = gw.client("sheets", MANAGER).spreadsheets()
    fields = (
        "sheets(properties(title,gridProperties),data(rowMetadata(pixelSize),"
        "columnMetadata(pixelSize),rowData(values(note,userEnteredFormat(wrapStrategy)))))"
    )
    got = gw.execute(sheets.get(spreadsheetId=file["id"], fields=fields), MANAGER, "grid")
    (tab,) = [s for s in got["sheets"] if s["properties"]["title"] == THIS_WEEK.title]
    data = tab["data"][0]
    rows = tab["properties"]["gridProperties"]["rowCount"]
    assert rows == 7 + ROW_MARGIN
    assert [m.get("pixelSize") for m in data["rowMetadata"][1:]] == [21] * (rows - 1)
    widths = [m.get("pixelSize") for m in data["columnMetadata"][: len(THIS_WEEK.columns)]]
    assert widths == [c.width for c in THIS_WEEK.columns]
    wins = THIS_WEEK.index("Wins")
    header, first = data["rowData"][0]["values"], data["rowData"][1]["values"]
    assert header[wins]["userEnteredFormat"]["wrapStrategy"] == "WRAP"
    assert header[THIS_WEEK.index("Pace")]["note"] == PACE_NOTE  # what the figure means
    assert "note" not in header[wins]
    assert first[wins]["userEnteredFormat"]["wrapStrategy"] == "CLIP"
    last = data["rowData"][6]["values"]
    assert last[wins]["userEnteredFormat"]["wrapStrategy"] == "CLIP"  # a row the grid grew by
