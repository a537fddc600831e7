"""The emulator's Calendar v3 through the real googleapiclient client and google-auth.

Each user gets a delegated service-account credential minted by the emulator's own token
endpoint; every call goes over HTTP to the loopback server, batches included.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from workspace_emulator.calendar.store import outbox
from workspace_emulator.calendar.urls import FULL
from workspace_emulator.calendar.view import add_busy
from workspace_emulator.core.server import Emulator

MANAGER, REP = "morgan.manager@example.com", "avery.rep@example.com"
START, END = "2026-03-02T14:00:00-05:00", "2026-03-02T14:45:00-05:00"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    running = Emulator(tmp_path_factory.mktemp("calendar"), port=0)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def calendar_for(emulator: Any) -> Callable[[str], Any]:
    """A real Calendar v3 client acting as ``user`` against the emulator."""
    key = Path(emulator.service_account_file)

    def client(user: str) -> Any:
        credentials = service_account.Credentials.from_service_account_info(
            json.loads(key.read_text()), scopes=[FULL], subject=user
        )
        return build(
            "calendar",
            "v3",
            credentials=credentials,
            static_discovery=True,
            client_options={"api_endpoint": emulator.base_url + "/calendar/v3/"},
        )

    return client


def one_on_one(ident: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "summary": "1:1 Avery / Morgan",
        "start": {"dateTime": START, "timeZone": "America/New_York"},
        "end": {"dateTime": END, "timeZone": "America/New_York"},
        "attendees": [{"email": REP}],
        "extendedProperties": {"private": {"oneonone": "1", "kind": "one_on_one"}},
        **fields,
    }


def status_of(request: Any) -> int:
    with pytest.raises(HttpError) as caught:
        request.execute()
    return int(caught.value.resp.status)


def test_insert_our_id_duplicate_is_409_also_after_delete(calendar_for: Any) -> None:
    cal = calendar_for(MANAGER).events()
    created = cal.insert(calendarId="primary", body=one_on_one("itest00001")).execute()
    assert created["id"] == "itest00001" and created["organizer"]["self"] is True
    assert status_of(cal.insert(calendarId="primary", body=one_on_one("itest00001"))) == 409
    cal.delete(calendarId="primary", eventId="itest00001").execute()
    assert cal.get(calendarId="primary", eventId="itest00001").execute()["status"] == "cancelled"
    assert status_of(cal.insert(calendarId="primary", body=one_on_one("itest00001"))) == 409


def test_another_users_calendar_is_404(calendar_for: Any) -> None:
    events = calendar_for("intruder@example.com").events()
    assert status_of(events.list(calendarId=MANAGER)) == 404


def test_the_rep_sees_the_invite_and_gets_mail(calendar_for: Any, emulator: Any) -> None:
    body = one_on_one("itest00002")
    calendar_for(MANAGER).events().insert(
        calendarId="primary", body=body, sendUpdates="all"
    ).execute()
    copy = calendar_for(REP).events().get(calendarId="primary", eventId="itest00002").execute()
    assert copy["iCalUID"] == "itest00002@google.com"
    assert copy["attendees"] == [{"email": REP, "responseStatus": "needsAction", "self": True}]
    mails = [m for m in outbox(emulator.store, REP) if m["eventId"] == "itest00002"]
    assert [(m["method"], m["organizer"]) for m in mails] == [("REQUEST", MANAGER)]


def test_a_decline_is_visible_to_the_manager(calendar_for: Any) -> None:
    calendar_for(MANAGER).events().insert(
        calendarId="primary", body=one_on_one("itest00003")
    ).execute()
    calendar_for(REP).events().patch(
        calendarId="primary",
        eventId="itest00003",
        body={"attendees": [{"email": REP, "responseStatus": "declined"}]},
    ).execute()
    seen = calendar_for(MANAGER).events().get(calendarId="primary", eventId="itest00003")
    assert seen.execute()["attendees"][0]["responseStatus"] == "declined"


def test_patch_merges_private_properties(calendar_for: Any) -> None:
    events = calendar_for(MANAGER).events()
    events.insert(calendarId="primary", body=one_on_one("itest00004")).execute()
    patched = events.patch(
        calendarId="primary",
        eventId="itest00004",
        body={"summary": "Moved 1:1", "extendedProperties": {"private": {"moved": "yes"}}},
    ).execute()
    assert patched["summary"] == "Moved 1:1"
    assert patched["extendedProperties"]["private"] == {
        "oneonone": "1",
        "kind": "one_on_one",
        "moved": "yes",
    }


def test_list_by_private_property_and_paging(calendar_for: Any) -> None:
    events = calendar_for("paging.manager@example.com").events()
    for n in range(5):
        body = one_on_one(f"page{n}00001", extendedProperties={"private": {"week": "w1"}})
        events.insert(calendarId="primary", body=body).execute()
    events.insert(
        calendarId="primary",
        body=one_on_one("page900001", extendedProperties={"private": {"week": "w2"}}),
    ).execute()
    request = events.list(
        calendarId="primary",
        privateExtendedProperty=["week=w1"],
        singleEvents=True,
        orderBy="startTime",
        timeMin="2026-03-01T00:00:00-05:00",
        timeMax="2026-03-08T00:00:00-05:00",
        maxResults=2,
    )
    seen, pages = [], 0
    while request is not None:
        page = request.execute()
        seen += [e["id"] for e in page["items"]]
        pages += 1
        request = events.list_next(request, page)
    assert pages == 3 and sorted(seen) == [f"page{n}00001" for n in range(5)]


def test_freebusy_for_twelve_calendars(calendar_for: Any, emulator: Any) -> None:
    team = [f"fb{n}@example.com" for n in range(12)]
    for n, email in enumerate(team):
        add_busy(
            emulator.store,
            email,
            f"2026-03-03T{9 + n % 6:02d}:00:00Z",
            f"2026-03-03T{9 + n % 6:02d}:45:00Z",
        )
    body = {
        "timeMin": "2026-03-03T00:00:00Z",
        "timeMax": "2026-03-04T00:00:00Z",
        "items": [{"id": e} for e in [*team, "outsider@gmail.com"]],
    }
    answer = calendar_for(MANAGER).freebusy().query(body=body).execute()
    assert answer["kind"] == "calendar#freeBusy"
    assert [len(answer["calendars"][e]["busy"]) for e in team] == [1] * 12
    assert answer["calendars"]["fb0@example.com"]["busy"] == [
        {"start": "2026-03-03T09:00:00Z", "end": "2026-03-03T09:45:00Z"}
    ]
    assert answer["calendars"]["outsider@gmail.com"]["errors"][0]["reason"] == "notFound"


def test_a_batch_of_three_inserts(calendar_for: Any, emulator: Any) -> None:
    service = calendar_for(MANAGER)
    results: dict[str, Any] = {}

    def collect(request_id: str, response: Any, exception: Exception | None) -> None:
        results[request_id] = exception or response

    batch = BatchHttpRequest(callback=collect, batch_uri=emulator.base_url + "/batch/calendar/v3")
    for n in range(3):
        ident = f"batch{n}00001"
        batch.add(
            service.events().insert(calendarId="primary", body=one_on_one(ident)), request_id=ident
        )
    batch.execute()
    assert {k: v["id"] for k, v in results.items()} == {
        f"batch{n}00001": f"batch{n}00001" for n in range(3)
    }
    again = BatchHttpRequest(callback=collect, batch_uri=emulator.base_url + "/batch/calendar/v3")
    again.add(
        service.events().insert(calendarId="primary", body=one_on_one("batch000001")),
        request_id="dup",
    )
    again.execute()
    assert isinstance(results["dup"], HttpError) and results["dup"].resp.status == 409
