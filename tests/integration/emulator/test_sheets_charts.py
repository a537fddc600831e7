"""Embedded charts in the emulator's Sheets through the real googleapiclient: addChart answers
with the chart (an id minted when none is given, the overlay's default size), spreadsheets.get
lists it under the sheet's ``charts``, updateChartSpec replaces the spec, deleteEmbeddedObject
removes it, and bad requests fail whole with Google's 400."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import sheets_client

OWNER = "charts.manager@example.com"


def _line(title: str, sheet_id: int, column: int) -> dict[str, Any]:
    def source(col: int) -> dict[str, Any]:  # open-ended rows: the chart follows new rows
        rng = {"sheetId": sheet_id, "startRowIndex": 0, "startColumnIndex": col,
               "endColumnIndex": col + 1}  # fmt: skip
        return {"sourceRange": {"sources": [rng]}}

    return {
        "title": title,
        "basicChart": {
            "chartType": "LINE",
            "headerCount": 1,
            "domains": [{"domain": source(0)}],
            "series": [{"series": source(column)}],
        },
    }


def _batch(api: Any, sid: str, *requests: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = api.batchUpdate(
        spreadsheetId=sid, body={"requests": list(requests)}
    ).execute()
    return answer


def test_add_get_update_and_delete_a_chart(emulator: Emulator) -> None:
    api = sheets_client(emulator, OWNER).spreadsheets()
    sid = api.create(body={"properties": {"title": "Charts"}}).execute()["spreadsheetId"]
    add_tab = {"addSheet": {"properties": {"sheetId": 7, "title": "Dashboard"}}}
    anchor = {"sheetId": 7, "rowIndex": 2, "columnIndex": 1}
    chart = {"spec": _line("Energy", 0, 1), "position": {"overlayPosition": {"anchorCell": anchor}}}
    reply = _batch(api, sid, add_tab, {"addChart": {"chart": chart}})["replies"][1]
    added = reply["addChart"]["chart"]
    chart_id = added["chartId"]
    assert isinstance(chart_id, int) and chart_id > 0
    assert added["position"] == {
        "overlayPosition": {"anchorCell": anchor, "widthPixels": 600, "heightPixels": 371}
    }
    sources = added["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"]
    assert sources == [{"startRowIndex": 0, "startColumnIndex": 1, "endColumnIndex": 2}]

    meta = api.get(spreadsheetId=sid, fields="sheets(properties.title,charts)").execute()
    by_title = {s["properties"]["title"]: s for s in meta["sheets"]}
    assert "charts" not in by_title["Sheet1"]
    assert by_title["Dashboard"]["charts"] == [added]

    _batch(api, sid, {"updateChartSpec": {"chartId": chart_id, "spec": _line("Mood", 0, 2)}})
    (kept,) = api.get(spreadsheetId=sid).execute()["sheets"][1]["charts"]
    assert kept["chartId"] == chart_id and kept["spec"]["title"] == "Mood"

    given = {"chartId": 4242, "spec": _line("Second", 0, 1), "position": {"sheetId": 7}}
    assert (
        _batch(api, sid, {"addChart": {"chart": given}})["replies"][0]["addChart"]["chart"][
            "chartId"
        ]
        == 4242
    )
    _batch(api, sid, {"deleteEmbeddedObject": {"objectId": chart_id}})
    charts = api.get(spreadsheetId=sid).execute()["sheets"][1]["charts"]
    assert [c["chartId"] for c in charts] == [4242]


@pytest.mark.parametrize(
    ("request_body", "message"),
    [
        ({"deleteEmbeddedObject": {"objectId": 99}}, "No object with id: 99"),
        ({"updateChartSpec": {"chartId": 99, "spec": _line("x", 0, 1)}}, "No chart with id: 99"),
        ({"addChart": {"chart": {"spec": {"title": "no type"}}}}, "exactly one chart type"),
        ({"addChart": {"chart": {"spec": _line("x", 55, 1)}}}, "55"),
    ],
)
def test_bad_chart_requests_fail_whole(
    emulator: Emulator, request_body: dict[str, Any], message: str
) -> None:
    api = sheets_client(emulator, OWNER).spreadsheets()
    sid = api.create(body={"properties": {"title": "Bad charts"}}).execute()["spreadsheetId"]
    before = api.get(spreadsheetId=sid).execute()
    with pytest.raises(HttpError) as failed:
        _batch(api, sid, {"addSheet": {"properties": {"title": "Extra"}}}, request_body)
    error = json.loads(failed.value.content)["error"]
    assert error["status"] == "INVALID_ARGUMENT" and message in error["message"]
    assert api.get(spreadsheetId=sid).execute()["sheets"] == before["sheets"]  # all or nothing


def test_a_duplicated_sheet_gets_its_own_charts(emulator: Emulator) -> None:
    api = sheets_client(emulator, OWNER).spreadsheets()
    sid = api.create(body={"properties": {"title": "Copies"}}).execute()["spreadsheetId"]
    chart = {"chartId": 11, "spec": _line("Energy", 0, 1), "position": {"sheetId": 0}}
    _batch(api, sid, {"addChart": {"chart": chart}})
    copy = {"duplicateSheet": {"sourceSheetId": 0, "newSheetId": 5, "newSheetName": "Copy"}}
    _batch(api, sid, copy)
    first, second = (s["charts"][0] for s in api.get(spreadsheetId=sid).execute()["sheets"])
    assert first["chartId"] == 11 and second["chartId"] != 11
    assert second["position"]["overlayPosition"]["anchorCell"] == {"sheetId": 5}
