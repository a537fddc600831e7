"""Recurring events through the real Calendar client: expansion in events.list, events.instances
and freeBusy, and instances got, patched (an exception) and deleted, as on Google."""

from __future__ import annotations

from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.calendar.store import set_user_timezone
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import calendar_client

MANAGER, REP = "rita.recurring@example.com", "sam.series@example.com"
ZONE = "America/New_York"
WINDOW = {"timeMin": "2026-03-01T00:00:00Z", "timeMax": "2026-04-01T00:00:00Z"}


@pytest.fixture(autouse=True)
def new_york_calendars(emulator: Emulator) -> None:
    """Every user here keeps their calendar in New York time, so answers read in it."""
    users = (MANAGER, REP, "dora.daily@example.com", "ivan.instance@example.com",
             "gia.guest@example.com", "dan.deleter@example.com")  # fmt: skip
    with emulator.store.lock:
        for user in users:
            set_user_timezone(emulator.store, user, ZONE)


def series(ident: str, *recurrence: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "summary": "Pipeline review",
        "start": {"dateTime": "2026-03-02T14:00:00", "timeZone": ZONE},
        "end": {"dateTime": "2026-03-02T14:45:00", "timeZone": ZONE},
        "recurrence": list(recurrence),
        "attendees": [{"email": REP}],
        **fields,
    }


def starts(items: list[dict[str, Any]]) -> list[str]:
    return [i["start"].get("dateTime", i["start"].get("date")) for i in items]


def busy(emulator: Emulator, user: str) -> list[str]:
    body = {**WINDOW, "timeZone": ZONE, "items": [{"id": user}]}
    answer = calendar_client(emulator, user).freebusy().query(body=body).execute()
    return [b["start"] for b in answer["calendars"][user]["busy"]]


def singles(emulator: Emulator, user: str, ident: str) -> list[dict[str, Any]]:
    api = calendar_client(emulator, user).events()
    listed = api.list(calendarId="primary", singleEvents=True, orderBy="startTime", **WINDOW)
    listed = listed.execute()
    return [i for i in listed["items"] if i.get("recurringEventId", i["id"]) == ident]


def test_byday_count_and_exdate_expand_everywhere(emulator: Emulator) -> None:
    api = calendar_client(emulator, MANAGER).events()
    api.insert(calendarId="primary", body=series(
        "rrbd00001", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;WKST=SU;COUNT=5",
        "EXDATE;TZID=America/New_York:20260304T140000")).execute()  # fmt: skip
    want = ["2026-03-02T14:00:00-05:00", "2026-03-09T14:00:00-04:00", "2026-03-11T14:00:00-04:00",
            "2026-03-16T14:00:00-04:00"]  # fmt: skip
    items = singles(emulator, MANAGER, "rrbd00001")
    assert starts(items) == want
    assert [i["id"] for i in items][:2] == [
        "rrbd00001_20260302T190000Z",
        "rrbd00001_20260309T180000Z",
    ]
    assert all(i["recurringEventId"] == "rrbd00001" and "recurrence" not in i for i in items)
    assert items[1]["originalStartTime"] == items[1]["start"]
    assert starts(singles(emulator, REP, "rrbd00001")) == want  # the guest's copy expands too
    assert busy(emulator, MANAGER) == want
    listed = api.instances(calendarId="primary", eventId="rrbd00001").execute()
    assert starts(listed["items"]) == want
    master = api.list(calendarId="primary", **WINDOW).execute()["items"]
    assert [i["id"] for i in master if i["id"].startswith("rrbd00001")] == ["rrbd00001"]


def test_daily_until_and_monthly_with_rdate(emulator: Emulator) -> None:
    user = "dora.daily@example.com"
    api = calendar_client(emulator, user).events()
    api.insert(calendarId="primary", body=series(
        "rrd000001", "RRULE:FREQ=DAILY;UNTIL=20260304", attendees=[])).execute()  # fmt: skip
    api.insert(calendarId="primary", body=series(
        "rrm000001", "RRULE:FREQ=MONTHLY;BYDAY=3FR", "RDATE:20260325T180000Z",
        start={"dateTime": "2026-03-20T09:00:00", "timeZone": ZONE}, attendees=[],
        end={"dateTime": "2026-03-20T10:00:00", "timeZone": ZONE})).execute()  # fmt: skip
    assert starts(singles(emulator, user, "rrd000001")) == [
        "2026-03-02T14:00:00-05:00", "2026-03-03T14:00:00-05:00",
        "2026-03-04T14:00:00-05:00"]  # fmt: skip
    assert starts(singles(emulator, user, "rrm000001")) == [
        "2026-03-20T09:00:00-04:00", "2026-03-25T14:00:00-04:00"]  # fmt: skip
    april = api.instances(calendarId="primary", eventId="rrm000001", timeMin="2026-04-01T00:00:00Z",
                          timeMax="2026-06-01T00:00:00Z").execute()  # fmt: skip
    assert starts(april["items"]) == ["2026-04-17T09:00:00-04:00", "2026-05-15T09:00:00-04:00"]


def test_an_instance_is_got_patched_as_an_exception_and_deleted(emulator: Emulator) -> None:
    user, guest = "ivan.instance@example.com", "gia.guest@example.com"
    api = calendar_client(emulator, user).events()
    body = series("rrinst001", "RRULE:FREQ=WEEKLY;COUNT=4", attendees=[{"email": guest}])
    api.insert(calendarId="primary", body=body).execute()
    second, third = "rrinst001_20260309T180000Z", "rrinst001_20260316T180000Z"
    got = api.get(calendarId="primary", eventId=second).execute()
    assert (got["recurringEventId"], got["start"]["dateTime"]) == (
        "rrinst001",
        "2026-03-09T14:00:00-04:00",
    )
    moved = api.patch(calendarId="primary", eventId=second, body={
        "summary": "Moved review", "start": {"dateTime": "2026-03-10T09:00:00", "timeZone": ZONE},
        "end": {"dateTime": "2026-03-10T09:45:00", "timeZone": ZONE}}).execute()  # fmt: skip
    assert (moved["id"], moved["recurringEventId"]) == (second, "rrinst001")
    assert moved["originalStartTime"]["dateTime"] == "2026-03-09T14:00:00-04:00"
    api.delete(calendarId="primary", eventId=third).execute()
    want = ["2026-03-02T14:00:00-05:00", "2026-03-10T09:00:00-04:00", "2026-03-23T14:00:00-04:00"]
    for who in (user, guest):
        items = singles(emulator, who, "rrinst001")
        assert starts(items) == want
        assert items[1]["summary"] == "Moved review"
    assert busy(emulator, guest) == want
    listed = api.instances(calendarId="primary", eventId="rrinst001").execute()
    assert starts(listed["items"]) == want
    assert api.get(calendarId="primary", eventId=third).execute()["status"] == "cancelled"
    with pytest.raises(HttpError) as caught:  # not an instance of the series
        api.get(calendarId="primary", eventId="rrinst001_20260310T180000Z").execute()
    assert caught.value.resp.status == 404


def test_deleting_the_series_removes_its_exceptions(emulator: Emulator) -> None:
    user = "dan.deleter@example.com"
    api = calendar_client(emulator, user).events()
    api.insert(calendarId="primary", body=series(
        "rrgone001", "RRULE:FREQ=WEEKLY;COUNT=3", attendees=[])).execute()  # fmt: skip
    api.patch(calendarId="primary", eventId="rrgone001_20260309T180000Z",
              body={"summary": "Special"}).execute()  # fmt: skip
    api.delete(calendarId="primary", eventId="rrgone001").execute()
    assert singles(emulator, user, "rrgone001") == []
    assert busy(emulator, user) == []


@pytest.mark.parametrize("rule", ["RRULE:FREQ=SOMETIMES", "RRULE:FREQ=DAILY;COUNT=x", "NOPE:1"])
def test_a_malformed_rule_is_a_400(emulator: Emulator, rule: str) -> None:
    api = calendar_client(emulator, "bad.rule@example.com").events()
    with pytest.raises(HttpError) as caught:
        api.insert(calendarId="primary", body=series("rrbad0001", rule, attendees=[])).execute()
    assert caught.value.resp.status == 400
