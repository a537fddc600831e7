"""The emulator's Sheets v4 through the real googleapiclient and gspread clients over HTTP,
with delegated service-account tokens from the emulator's own token endpoint."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gspread
import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core import auth
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import (
    drive_client,
    gspread_client,
    running_emulator,
    sheets_client,
)

OWNER = "sheets.manager@example.com"
READER = "sheets.director@example.com"
OUTSIDER = "sheets.rep@example.com"
MIME = "application/vnd.google-apps.spreadsheet"
FORMULA = '=IMPORTRANGE("x","y")'


def sheets(emulator: Emulator, user: str = OWNER) -> Any:
    return sheets_client(emulator, user).spreadsheets()


def error_of(exc: HttpError) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(exc.content)
    return body


def share(emulator: Emulator, file_id: str, email: str, role: str) -> None:
    body = {"type": "user", "role": role, "emailAddress": email}
    drive_client(emulator, OWNER).permissions().create(
        fileId=file_id, body=body, sendNotificationEmail=False
    ).execute()


def new_sheet(emulator: Emulator, title: str = "Tracker") -> str:
    created = sheets(emulator).create(body={"properties": {"title": title}}).execute()
    return str(created["spreadsheetId"])


def test_create_answers_like_google_and_is_a_drive_file(emulator: Emulator) -> None:
    created = sheets(emulator).create(body={"properties": {"title": "1:1 Tracker"}}).execute()
    assert set(created) == {"spreadsheetId", "properties", "sheets", "spreadsheetUrl"}
    assert created["properties"]["title"] == "1:1 Tracker"
    assert created["properties"]["locale"] == "en_US"
    assert created["sheets"] == [{"properties": {
        "sheetId": 0, "title": "Sheet1", "index": 0, "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26}}}]  # fmt: skip
    file = (
        drive_client(emulator, OWNER)
        .files()
        .get(fileId=created["spreadsheetId"], fields="name,mimeType,owners")
        .execute()
    )
    assert file["mimeType"] == MIME and file["owners"][0]["emailAddress"] == OWNER


def test_create_with_sheets_and_data(emulator: Emulator) -> None:
    body = {
        "properties": {"title": "Seeded"},
        "sheets": [
            {"properties": {"title": "This Week", "gridProperties": {"rowCount": 10}},
             "data": [{"rowData": [{"values": [{"userEnteredValue": {"stringValue": "Rep"}}]}]}]},
            {"properties": {"sheetId": 7, "title": "History"}},
        ],
    }  # fmt: skip
    created = sheets(emulator).create(body=body).execute()
    props = [s["properties"] for s in created["sheets"]]
    assert [(p["sheetId"], p["title"], p["index"]) for p in props] == [
        (0, "This Week", 0), (7, "History", 1)]  # fmt: skip
    assert props[0]["gridProperties"] == {"rowCount": 10, "columnCount": 26}
    got = (
        sheets(emulator)
        .values()
        .get(spreadsheetId=created["spreadsheetId"], range="'This Week'!A1:B2")
        .execute()
    )
    assert got == {"range": "'This Week'!A1:B2", "majorDimension": "ROWS", "values": [["Rep"]]}


def test_raw_text_stays_text_and_user_entered_is_parsed(emulator: Emulator) -> None:
    sid = new_sheet(emulator)
    values = sheets(emulator).values()
    raw = values.update(spreadsheetId=sid, range="Sheet1!A1", valueInputOption="RAW",
                        body={"values": [[FORMULA, "0042", 5]]}).execute()  # fmt: skip
    assert raw == {"spreadsheetId": sid, "updatedRange": "Sheet1!A1:C1", "updatedRows": 1,
                   "updatedColumns": 3, "updatedCells": 3}  # fmt: skip
    entered = [['=HYPERLINK("https://docs.google.com/d/1","Avery")', "0042", "12%", "TRUE"]]
    values.update(spreadsheetId=sid, range="Sheet1!A2", valueInputOption="USER_ENTERED",
                  body={"values": entered}).execute()  # fmt: skip

    def read(option: str) -> list[list[Any]]:
        got = values.get(spreadsheetId=sid, range="Sheet1!A1:D2", valueRenderOption=option)
        rows: list[list[Any]] = got.execute()["values"]
        return rows

    assert read("FORMATTED_VALUE") == [[FORMULA, "0042", "5"], ["Avery", "42", "12%", "TRUE"]]
    assert read("UNFORMATTED_VALUE") == [[FORMULA, "0042", 5], ["Avery", 42, 0.12, True]]
    assert read("FORMULA") == [[FORMULA, "0042", 5], [entered[0][0], 42, 0.12, True]]
    with pytest.raises(HttpError) as caught:
        values.update(spreadsheetId=sid, range="Sheet1!A1", body={"values": [["x"]]}).execute()
    assert error_of(caught.value)["error"] == {
        "code": 400, "message": "'valueInputOption' is required but not specified",
        "status": "INVALID_ARGUMENT"}  # fmt: skip


def test_batch_get_batch_update_append_and_clear(emulator: Emulator) -> None:
    sid = new_sheet(emulator)
    values = sheets(emulator).values()
    tab = {"addSheet": {"properties": {"sheetId": 101, "title": "This Week"}}}
    sheets(emulator).batchUpdate(spreadsheetId=sid, body={"requests": [tab]}).execute()
    data = [{"range": "'This Week'!A1:B2", "values": [["Rep", "Energy"], ["Avery", 2]]},
            {"range": "Sheet1!C3", "values": [["x"]]}]  # fmt: skip
    answer = values.batchUpdate(
        spreadsheetId=sid, body={"valueInputOption": "RAW", "data": data}
    ).execute()
    assert {k: v for k, v in answer.items() if k != "responses"} == {
        "spreadsheetId": sid, "totalUpdatedRows": 3, "totalUpdatedColumns": 3,
        "totalUpdatedCells": 5, "totalUpdatedSheets": 2}  # fmt: skip
    appended = values.append(
        spreadsheetId=sid, range="'This Week'!A1", valueInputOption="RAW",
        insertDataOption="INSERT_ROWS", body={"values": [["Blake", 4]]},
    ).execute()  # fmt: skip
    assert appended["tableRange"] == "'This Week'!A1:B2"
    assert appended["updates"]["updatedRange"] == "'This Week'!A3:B3"
    got = values.batchGet(
        spreadsheetId=sid, ranges=["'This Week'!A1:Z", "Sheet1"],
        valueRenderOption="UNFORMATTED_VALUE", majorDimension="COLUMNS",
    ).execute()  # fmt: skip
    assert [b["range"] for b in got["valueRanges"]] == ["'This Week'!A1:Z1001", "Sheet1!A1:Z1000"]
    assert got["valueRanges"][0]["values"] == [["Rep", "Avery", "Blake"], ["Energy", 2, 4]]
    assert got["valueRanges"][1]["values"] == [[], [], ["", "", "x"]]
    cleared = values.batchClear(spreadsheetId=sid, body={"ranges": ["Sheet1!C3:C"]}).execute()
    assert cleared == {"spreadsheetId": sid, "clearedRanges": ["Sheet1!C3:C1000"]}
    one = values.clear(spreadsheetId=sid, range="'This Week'!B:B", body={}).execute()
    assert one["clearedRange"] == "'This Week'!B1:B1001"
    left = values.get(spreadsheetId=sid, range="'This Week'").execute()["values"]
    assert left == [["Rep"], ["Avery"], ["Blake"]]


def test_fields_masks_and_grid_data(emulator: Emulator) -> None:
    sid = new_sheet(emulator)
    api = sheets(emulator)
    api.batchUpdate(spreadsheetId=sid, body={"requests": [{"repeatCell": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
        "fields": "userEnteredFormat.textFormat.bold"}}]}).execute()  # fmt: skip
    api.values().update(spreadsheetId=sid, range="A1", valueInputOption="RAW",
                        body={"values": [["Rep"]]}).execute()  # fmt: skip
    masked = api.get(spreadsheetId=sid, fields="sheets(properties(sheetId,title))").execute()
    assert masked == {"sheets": [{"properties": {"sheetId": 0, "title": "Sheet1"}}]}
    dotted = api.get(spreadsheetId=sid, fields="sheets.properties.title").execute()
    assert dotted == {"sheets": [{"properties": {"title": "Sheet1"}}]}
    cells = api.get(spreadsheetId=sid, ranges=["Sheet1!A1:B1"], includeGridData=True).execute()
    (grid,) = cells["sheets"][0]["data"]
    first = grid["rowData"][0]["values"][0]
    assert first["formattedValue"] == "Rep" and first["effectiveValue"] == {"stringValue": "Rep"}
    assert first["userEnteredFormat"] == {"textFormat": {"bold": True}}
    assert first["effectiveFormat"]["textFormat"]["bold"] is True
    assert grid["columnMetadata"] == [{"pixelSize": 100}] * 2


def test_access_follows_drive(emulator: Emulator) -> None:
    sid = new_sheet(emulator)
    share(emulator, sid, READER, "reader")
    assert sheets(emulator, READER).get(spreadsheetId=sid).execute()["spreadsheetId"] == sid
    write = (
        sheets(emulator, READER)
        .values()
        .update(spreadsheetId=sid, range="A1", valueInputOption="RAW", body={"values": [["no"]]})
    )
    with pytest.raises(HttpError) as denied:
        write.execute()
    assert error_of(denied.value) == {"error": {
        "code": 403, "message": "The caller does not have permission",
        "status": "PERMISSION_DENIED"}}  # fmt: skip
    for target in (sid, "no-such-spreadsheet"):
        with pytest.raises(HttpError) as hidden:
            sheets(emulator, OUTSIDER).values().get(spreadsheetId=target, range="A1").execute()
        assert error_of(hidden.value) == {"error": {
            "code": 404, "message": "Requested entity was not found.",
            "status": "NOT_FOUND"}}  # fmt: skip
    readonly = sheets_client(emulator, OWNER, [auth.SPREADSHEETS_READONLY]).spreadsheets()
    with pytest.raises(HttpError) as scoped:
        readonly.batchUpdate(spreadsheetId=sid, body={"requests": [
            {"addSheet": {}}]}).execute()  # fmt: skip
    assert scoped.value.resp.status == 403


def test_bad_requests_are_google_shaped(emulator: Emulator) -> None:
    sid = new_sheet(emulator)
    api = sheets(emulator)
    with pytest.raises(HttpError) as unknown:
        requests = [{"addSheet": {}}, {"explode": {}}]
        api.batchUpdate(spreadsheetId=sid, body={"requests": requests}).execute()
    assert error_of(unknown.value)["error"]["status"] == "INVALID_ARGUMENT"
    assert (
        "Unknown name \"explode\" at 'requests[1]'" in error_of(unknown.value)["error"]["message"]
    )
    titles = [s["properties"]["title"] for s in api.get(spreadsheetId=sid).execute()["sheets"]]
    assert titles == ["Sheet1"]  # the first request was not applied either
    with pytest.raises(HttpError) as beyond:
        api.values().get(spreadsheetId=sid, range="Sheet1!A1:AA2").execute()
    assert error_of(beyond.value)["error"]["message"] == (
        "Range ('Sheet1'!A1:AA2) exceeds grid limits. Max rows: 1000, max columns: 26"
    )
    grown = api.values().update(spreadsheetId=sid, range="Sheet1!A1001", valueInputOption="RAW",
                                body={"values": [["below"]]}).execute()  # fmt: skip
    assert grown["updatedRange"] == "Sheet1!A1001"
    meta = api.get(spreadsheetId=sid, fields="sheets.properties.gridProperties").execute()
    assert meta["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1001


def test_drive_create_copy_and_touch(tmp_path: Path) -> None:
    with running_emulator(tmp_path) as emu:
        emu.store.set_now(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        drive = drive_client(emu, OWNER).files()
        made = drive.create(body={"name": "From Drive", "mimeType": MIME}).execute()
        got = sheets(emu).get(spreadsheetId=made["id"]).execute()
        assert got["properties"]["title"] == "From Drive"
        assert [s["properties"]["sheetId"] for s in got["sheets"]] == [0]
        share(emu, made["id"], READER, "writer")
        emu.store.set_now(datetime(2026, 3, 2, 10, 30, tzinfo=UTC))
        sheets(emu, READER).values().update(
            spreadsheetId=made["id"], range="B2", valueInputOption="RAW", body={"values": [[1]]}
        ).execute()
        file = drive.get(fileId=made["id"], fields="modifiedTime,lastModifyingUser").execute()
        assert file["modifiedTime"].startswith("2026-03-02T10:30:")
        assert file["lastModifyingUser"]["emailAddress"] == READER
        copy = drive.copy(fileId=made["id"], body={"name": "Copy"}).execute()
        copied = sheets(emu).values().get(spreadsheetId=copy["id"], range="Sheet1").execute()
        assert copied["values"] == [[], ["", "1"]]
        sheets(emu).batchUpdate(spreadsheetId=copy["id"], body={"requests": [
            {"updateSpreadsheetProperties": {"properties": {"title": "Renamed"},
                                             "fields": "title"}}]}).execute()  # fmt: skip
        assert drive.get(fileId=copy["id"]).execute()["name"] == "Renamed"
        with urllib.request.urlopen(f"{emu.base_url}/view/file/{made['id']}") as page:
            assert ">1</div></td>" in page.read().decode()  # the cell, drawn as Sheets does
        kept = made["id"]
    with running_emulator(tmp_path) as again:  # state survives a restart
        values = sheets(again).values().get(spreadsheetId=kept, range="B2").execute()
        assert values["values"] == [["1"]]


def test_gspread_workflow(emulator: Emulator) -> None:
    client = gspread_client(emulator, OWNER)
    book = client.open_by_key(new_sheet(emulator, "gspread book"))
    assert book.title == "gspread book"
    sheet = book.sheet1
    sheet.update([["Rep", "Energy"], ["Avery", 2]], "A1")
    sheet.append_row(["Blake", 4])
    sheet.batch_update(
        [{"range": "C1", "values": [["Notes"]]}, {"range": "C3", "values": [["ok"]]}]
    )
    sheet.format("A1:C1", {"textFormat": {"bold": True}})
    assert sheet.get_all_values() == [["Rep", "Energy", "Notes"], ["Avery", "2", ""],
                                      ["Blake", "4", "ok"]]  # fmt: skip
    assert sheet.get_all_records() == [{"Rep": "Avery", "Energy": 2, "Notes": ""},
                                       {"Rep": "Blake", "Energy": 4, "Notes": "ok"}]  # fmt: skip
    added = book.add_worksheet("This Week", rows=10, cols=5)
    assert book.worksheet("This Week").id == added.id
    added.update_acell("B2", "=1+1")
    assert added.acell("B2").value == "2"
    book.del_worksheet(added)
    assert [w.title for w in book.worksheets()] == ["Sheet1"]
    with pytest.raises(gspread.exceptions.SpreadsheetNotFound):
        gspread_client(emulator, OUTSIDER).open_by_key(book.id)
