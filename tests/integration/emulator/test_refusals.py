"""Clear refusals through the real clients: malformed input is a 400 in Google's error shape
(never a 500), and a real Google method the emulator does not serve is a 501 naming it."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.errors import HttpError

from workspace_emulator.core import discovery
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import (
    calendar_client,
    credentials,
    docs_client,
    drive_client,
    sheets_client,
)

USER = "rae.refusal@example.com"


def refusal(request: Any) -> tuple[int, dict[str, Any]]:
    with pytest.raises(HttpError) as caught:
        request.execute()
    return int(caught.value.resp.status), json.loads(caught.value.content)["error"]


@pytest.fixture(scope="module")
def ids(emulator: Emulator) -> dict[str, str]:
    doc = docs_client(emulator, USER).documents().create(body={"title": "R"}).execute()
    sheet = sheets_client(emulator, USER).spreadsheets().create(body={}).execute()
    return {"doc": doc["documentId"], "sheet": sheet["spreadsheetId"]}


MALFORMED: dict[str, Callable[[Emulator, dict[str, str]], Any]] = {
    "garbage pageToken": lambda e, _i: drive_client(e, USER).files().list(pageToken="%%garbage"),
    "unbalanced fields": lambda e, _i: drive_client(e, USER).files().list(fields="files(id"),
    "unknown search term": lambda e, _i: drive_client(e, USER).files().list(q="colour = 'red'"),
    "unknown orderBy key": lambda e, _i: drive_client(e, USER).files().list(orderBy="colour"),
    "sheets requests as an object": lambda e, i: sheets_client(e, USER).spreadsheets()
    .batchUpdate(spreadsheetId=i["sheet"], body={"requests": {"addSheet": {}}}),
    "docs requests as an object": lambda e, i: docs_client(e, USER).documents().batchUpdate(
        documentId=i["doc"], body={"requests": {"insertText": {"text": "x"}}}),
    "permission for not-an-email": lambda e, i: drive_client(e, USER).permissions().create(
        fileId=i["doc"], body={"type": "user", "role": "reader", "emailAddress": "not-an-email"}),
    "freeBusy items as an object": lambda e, _i: calendar_client(e, USER).freebusy().query(
        body={"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-03T00:00:00Z",
              "items": {"id": USER}}),
    "event start as a string": lambda e, _i: calendar_client(e, USER).events().insert(
        calendarId="primary", body={"start": "tomorrow", "end": {"date": "2026-03-03"}}),
    "sheetId as a word": lambda e, i: sheets_client(e, USER).spreadsheets().batchUpdate(
        spreadsheetId=i["sheet"], body={"requests": [{"deleteSheet": {"sheetId": "first"}}]}),
    "calendarExpansionMax as a word": lambda e, _i: calendar_client(e, USER).freebusy().query(
        body={"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-03T00:00:00Z",
              "items": [{"id": USER}], "calendarExpansionMax": "many"}),
    "body as a list": lambda e, _i: calendar_client(e, USER).events().insert(
        calendarId="primary", body=[{"summary": "x"}]),
    "values as an object": lambda e, i: sheets_client(e, USER).spreadsheets().values().update(
        spreadsheetId=i["sheet"], range="A1", valueInputOption="RAW", body={"values": {"a": 1}}),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_input_is_a_400_in_googles_shape(
    emulator: Emulator, ids: dict[str, str], case: str
) -> None:
    status, error = refusal(MALFORMED[case](emulator, ids))
    assert status == 400
    assert error["code"] == 400 and error["message"]
    assert error.get("status") == "INVALID_ARGUMENT" or error["errors"][0]["reason"]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/calendar/v3/calendars/primary/events?maxResults=many", "maxResults"),
        ("/calendar/v3/calendars/primary/events?orderBy=colour", "orderBy"),
        ("/drive/v3/files?supportsAllDrives=perhaps", "supportsAllDrives"),
    ],
)
def test_a_query_parameter_of_the_wrong_type_is_a_400_naming_it(
    emulator: Emulator, path: str, parameter: str
) -> None:
    """What google-api-python-client would refuse itself, over plain authorized HTTP."""
    session = AuthorizedSession(credentials(emulator, USER))
    answer = session.get(emulator.base_url + path)
    assert answer.status_code == 400
    assert answer.json()["error"]["errors"][0]["location"] == parameter


NOT_EMULATED: dict[str, Callable[[Emulator, dict[str, str]], Any]] = {
    "calendar.events.quickAdd": lambda e, _i: calendar_client(e, USER).events().quickAdd(
        calendarId="primary", text="Lunch tomorrow at noon"),
    "calendar.events.watch": lambda e, _i: calendar_client(e, USER).events().watch(
        calendarId="primary", body={"id": "c2", "type": "web_hook",
                                    "address": "https://example.com/hook"}),
    "calendar.calendars.clear": lambda e, _i: calendar_client(e, USER).calendars().clear(
        calendarId="primary"),
    "calendar.acl.insert": lambda e, _i: calendar_client(e, USER).acl().insert(
        calendarId="primary", body={"role": "reader", "scope": {"type": "default"}}),
    "calendar.settings.watch": lambda e, _i: calendar_client(e, USER).settings().watch(
        body={"id": "c1", "type": "web_hook", "address": "https://example.com/hook"}),
    "drive.revisions.delete": lambda e, i: drive_client(e, USER).revisions().delete(
        fileId=i["doc"], revisionId="1"),
    "sheets.spreadsheets.values.batchGetByDataFilter": lambda e, i: sheets_client(e, USER)
    .spreadsheets().values().batchGetByDataFilter(spreadsheetId=i["sheet"], body={}),
    "sheets.spreadsheets.getByDataFilter": lambda e, i: sheets_client(e, USER)
    .spreadsheets().getByDataFilter(spreadsheetId=i["sheet"], body={}),
}  # fmt: skip


@pytest.mark.parametrize("method", sorted(NOT_EMULATED))
def test_a_real_method_not_emulated_is_a_501_naming_it(
    emulator: Emulator, ids: dict[str, str], method: str
) -> None:
    status, error = refusal(NOT_EMULATED[method](emulator, ids))
    assert status == 501
    assert method in error["message"]


def test_a_bug_in_a_handler_is_a_500_with_its_traceback_logged(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Well-formed input that trips the emulator is its own bug: not blamed on the client."""

    def broken(_request: Any) -> dict[str, Any]:
        return {}["a key the handler forgot"]  # type: ignore[no-any-return]

    route = next(r for r in emulator.apis["calendar"].routes if "calendarList" in r.pattern.pattern)
    monkeypatch.setattr(route, "handler", broken)
    with caplog.at_level(logging.ERROR, logger="workspace_emulator.core.server"):
        status, error = refusal(calendar_client(emulator, USER).calendarList().list())
    assert status == 500 and error["code"] == 500
    assert "forgot" not in error["message"]  # the client sees Google's words, not our stack
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is KeyError]
    assert logged and "calendarList" in logged[0].getMessage()


PARTIAL_BODIES: list[dict[str, Any]] = [{}, {"range": {}}, {"location": {}}, {"fields": "*"}]


@pytest.mark.parametrize("api", ["sheets", "docs"])
def test_no_request_kind_fails_inside_on_a_partial_body(
    emulator: Emulator, ids: dict[str, str], api: str
) -> None:
    """Every batchUpdate request kind of Google's schema, sent with required fields missing,
    is answered (applied, a 400, or a 501 for a kind not emulated): never a 500."""
    kinds = sorted(discovery.document(api)["schemas"]["Request"]["properties"])
    if api == "sheets":
        service = sheets_client(emulator, USER).spreadsheets()
        send = lambda r: service.batchUpdate(spreadsheetId=ids["sheet"], body={"requests": [r]})  # noqa: E731
    else:
        service = docs_client(emulator, USER).documents()
        send = lambda r: service.batchUpdate(documentId=ids["doc"], body={"requests": [r]})  # noqa: E731
    crashed = []
    for kind in kinds:
        for body in PARTIAL_BODIES:
            try:
                send({kind: body}).execute()
            except HttpError as exc:
                if int(exc.resp.status) >= 500 and int(exc.resp.status) != 501:
                    crashed.append(f"{kind} {body}")
    assert not crashed


def test_an_enum_value_sheets_does_not_know_is_a_400_naming_the_field(
    emulator: Emulator, ids: dict[str, str]
) -> None:
    request = sheets_client(emulator, USER).spreadsheets().batchUpdate(
        spreadsheetId=ids["sheet"], body={"requests": [{"updateSheetProperties": {
            "properties": {"sheetId": 0, "sheetType": "NOTEBOOK"}, "fields": "sheetType"}}]},
    )  # fmt: skip
    status, error = refusal(request)
    assert status == 400 and error["status"] == "INVALID_ARGUMENT"
    violation = error["details"][0]["fieldViolations"][0]
    assert violation["field"] == "requests[0].update_sheet_properties.properties.sheet_type"
    assert "TYPE_ENUM" in error["message"]
