"""Developer metadata through google-api-python-client: created on a spreadsheet or a sheet,
found by search, got by id, updated through a field mask, deleted, and answered by
spreadsheets.get where Google puts it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import sheets_client

USER = "meta.data@example.com"


def lookup(**fields: Any) -> dict[str, Any]:
    return {"developerMetadataLookup": fields}


def status_of(request: Any) -> int:
    with pytest.raises(HttpError) as caught:
        request.execute()
    assert json.loads(caught.value.content)["error"]["message"]
    return int(caught.value.resp.status)


def test_metadata_lives_where_it_was_put(emulator: Emulator) -> None:
    api = sheets_client(emulator, USER).spreadsheets()
    tabs = [{"properties": {"title": "A"}}, {"properties": {"title": "B", "sheetId": 7}}]
    book = api.create(body={"sheets": tabs}).execute()
    ident = book["spreadsheetId"]
    replies = api.batchUpdate(spreadsheetId=ident, body={"requests": [
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "owner", "metadataValue": "oneonone",
            "location": {"spreadsheet": True}, "visibility": "DOCUMENT"}}},
        {"createDeveloperMetadata": {"developerMetadata": {
            "metadataId": 42, "metadataKey": "week", "metadataValue": "2026-W10",
            "location": {"sheetId": 7}, "visibility": "DOCUMENT"}}},
    ]}).execute()["replies"]  # fmt: skip
    on_book = replies[0]["createDeveloperMetadata"]["developerMetadata"]
    assert on_book["location"] == {"locationType": "SPREADSHEET", "spreadsheet": True}
    assert isinstance(on_book["metadataId"], int)
    got = api.get(spreadsheetId=ident).execute()
    assert [m["metadataKey"] for m in got["developerMetadata"]] == ["owner"]
    assert got["sheets"][1]["developerMetadata"][0]["metadataId"] == 42

    found = api.developerMetadata().search(spreadsheetId=ident, body={"dataFilters": [
        lookup(metadataKey="week")]}).execute()["matchedDeveloperMetadata"]  # fmt: skip
    assert [m["developerMetadata"]["metadataId"] for m in found] == [42]
    assert found[0]["dataFilters"] == [lookup(metadataKey="week")]
    on_sheet = api.developerMetadata().search(spreadsheetId=ident, body={"dataFilters": [
        lookup(metadataLocation={"sheetId": 7})]}).execute()  # fmt: skip
    assert len(on_sheet["matchedDeveloperMetadata"]) == 1
    everything = api.developerMetadata().search(spreadsheetId=ident, body={"dataFilters": [
        lookup(metadataLocation={"spreadsheet": True},
               locationMatchingStrategy="INTERSECTING_LOCATION")]}).execute()  # fmt: skip
    assert len(everything["matchedDeveloperMetadata"]) == 2

    replies = api.batchUpdate(spreadsheetId=ident, body={"requests": [{"updateDeveloperMetadata": {
        "dataFilters": [lookup(metadataId=42)], "fields": "metadataValue",
        "developerMetadata": {"metadataValue": "2026-W11"}}}]}).execute()["replies"]  # fmt: skip
    assert replies[0]["updateDeveloperMetadata"]["developerMetadata"][0]["metadataValue"] == (
        "2026-W11")  # fmt: skip
    one = api.developerMetadata().get(spreadsheetId=ident, metadataId=42).execute()
    assert one["metadataKey"] == "week" and one["metadataValue"] == "2026-W11"

    replies = api.batchUpdate(spreadsheetId=ident, body={"requests": [{"deleteDeveloperMetadata": {
        "dataFilter": lookup(metadataKey="week")}}]}).execute()["replies"]  # fmt: skip
    assert len(replies[0]["deleteDeveloperMetadata"]["deletedDeveloperMetadata"]) == 1
    assert status_of(api.developerMetadata().get(spreadsheetId=ident, metadataId=42)) == 404
    assert api.developerMetadata().search(spreadsheetId=ident, body={"dataFilters": [
        lookup(metadataKey="week")]}).execute() == {}  # fmt: skip


def test_metadata_on_rows_is_refused_clearly(emulator: Emulator) -> None:
    api = sheets_client(emulator, USER).spreadsheets()
    ident = api.create(body={}).execute()["spreadsheetId"]
    on_rows = {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0,
                                  "endIndex": 1}}  # fmt: skip
    request = api.batchUpdate(spreadsheetId=ident, body={"requests": [{
        "createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": "k", "location": on_rows, "visibility": "DOCUMENT"}}}]})  # fmt: skip
    assert status_of(request) == 501
