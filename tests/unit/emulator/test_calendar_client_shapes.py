"""The real googleapiclient Calendar v3 client, wired in-process to the emulator's routes.

This pins the wire details the client decides (URL-encoded calendar ids, repeated
``privateExtendedProperty``, ``+hh:mm`` offsets in queries, paging tokens) without a server.
"""

from __future__ import annotations

from typing import Any

import pytest
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from tests.unit.emulator.calendar_client import InProcessHttp
from workspace_emulator.core.framework import Store

MANAGER, REP = "manager@example.com", "rep@example.com"


def client(store: Store, user: str) -> Any:
    return build(
        "calendar",
        "v3",
        http=InProcessHttp(store, user),
        static_discovery=True,
        client_options={"api_endpoint": "http://emulator.test/calendar/v3/"},
    )


def test_the_real_client_books_lists_and_reads_free_busy() -> None:
    store = Store()
    events = client(store, MANAGER).events()
    for n in range(3):
        body = {
            "id": f"shape{n}00001",
            "summary": "1:1",
            "start": {"dateTime": f"2026-03-0{n + 2}T14:00:00-05:00"},
            "end": {"dateTime": f"2026-03-0{n + 2}T14:45:00-05:00"},
            "attendees": [{"email": REP}],
            "extendedProperties": {"private": {"oneonone": "1", "week": "w1"}},
        }
        events.insert(calendarId=MANAGER, body=body, sendUpdates="all").execute()
    seen: list[str] = []
    token = None
    while True:  # not list_next: it raises on repeated privateExtendedProperty values
        page = events.list(
            calendarId="primary",
            timeMin="2026-03-01T00:00:00-05:00",
            timeMax="2026-03-08T00:00:00+01:00",
            privateExtendedProperty=["oneonone=1", "week=w1"],
            singleEvents=True,
            showDeleted=True,
            maxResults=2,
            pageToken=token,
        ).execute()
        seen += [e["id"] for e in page["items"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == [f"shape{n}00001" for n in range(3)]
    busy = (
        client(store, MANAGER)
        .freebusy()
        .query(
            body={
                "timeMin": "2026-03-02T00:00:00-05:00",
                "timeMax": "2026-03-03T00:00:00-05:00",
                "items": [{"id": REP}],
            }
        )
        .execute()
    )
    assert busy["calendars"][REP]["busy"] == [
        {"start": "2026-03-02T19:00:00Z", "end": "2026-03-02T19:45:00Z"}
    ]
    rep_events = client(store, REP).events()
    assert rep_events.get(calendarId=REP, eventId="shape000001").execute()["id"] == "shape000001"
    events.delete(calendarId="primary", eventId="shape000001", sendUpdates="all").execute()
    with pytest.raises(HttpError) as caught:
        events.insert(calendarId="primary", body={**body, "id": "shape000001"}).execute()
    assert caught.value.resp.status == 409
    assert "The requested identifier already exists." in str(caught.value)
