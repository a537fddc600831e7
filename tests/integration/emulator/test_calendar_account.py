"""Calendar's colors, settings and secondary calendars through google-api-python-client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from workspace_emulator.calendar.store import set_user_timezone
from workspace_emulator.core.server import Emulator
from workspace_emulator.testing import calendar_client

USER = "cal.account@example.com"
OTHER = "cal.other@example.com"


def failure(request: Any) -> tuple[int, str]:
    with pytest.raises(HttpError) as caught:
        request.execute()
    error = json.loads(caught.value.content)["error"]
    return int(caught.value.resp.status), str(error["errors"][0]["reason"])


def test_colors_are_googles_classic_palettes(emulator: Emulator) -> None:
    colors = calendar_client(emulator, USER).colors().get().execute()
    assert colors["kind"] == "calendar#colors"
    assert sorted(colors["calendar"], key=int) == [str(i) for i in range(1, 25)]
    assert sorted(colors["event"], key=int) == [str(i) for i in range(1, 12)]
    assert colors["event"]["11"] == {"background": "#dc2127", "foreground": "#1d1d1d"}
    assert colors["calendar"]["14"]["background"] == "#9fe1e7"  # the primary calendar's


def test_settings_are_strings_and_follow_the_users_time_zone(emulator: Emulator) -> None:
    set_user_timezone(emulator.store, USER, "Europe/Berlin")
    service = calendar_client(emulator, USER).settings()
    listed = service.list().execute()
    values = {item["id"]: item["value"] for item in listed["items"]}
    assert values["timezone"] == "Europe/Berlin" and values["weekStart"] == "0"
    assert all(isinstance(value, str) for value in values.values())
    one = service.get(setting="timezone").execute()
    assert one["kind"] == "calendar#setting" and one["value"] == "Europe/Berlin"
    assert failure(service.get(setting="favouriteColour")) == (404, "notFound")


def test_a_secondary_calendar_holds_events_and_goes(emulator: Emulator) -> None:
    service = calendar_client(emulator, USER)
    made = (
        service.calendars()
        .insert(body={"summary": "Coaching", "timeZone": "America/Chicago"})
        .execute()
    )
    ident = made["id"]
    assert ident.endswith("@group.calendar.google.com")
    assert made["summary"] == "Coaching" and made["timeZone"] == "America/Chicago"
    assert service.calendars().get(calendarId=ident).execute()["summary"] == "Coaching"
    listed = service.calendarList().list().execute()["items"]
    assert [e.get("primary", False) for e in listed] == [True, False]
    assert listed[1]["id"] == ident and listed[1]["accessRole"] == "owner"

    event = service.events().insert(calendarId=ident, body={
        "summary": "Prep", "start": {"dateTime": "2026-03-02T09:00:00-06:00"},
        "end": {"dateTime": "2026-03-02T09:30:00-06:00"}}).execute()  # fmt: skip
    assert event["organizer"]["email"] == ident
    assert [e["id"] for e in service.events().list(calendarId=ident).execute()["items"]] == [
        event["id"]]  # fmt: skip
    busy = service.freebusy().query(body={
        "timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-03T00:00:00Z",
        "items": [{"id": ident}]}).execute()  # fmt: skip
    assert busy["calendars"][ident]["busy"] == [
        {"start": "2026-03-02T15:00:00Z", "end": "2026-03-02T15:30:00Z"}]  # fmt: skip
    other = calendar_client(emulator, OTHER)
    assert failure(other.calendars().get(calendarId=ident)) == (404, "notFound")

    service.calendars().delete(calendarId=ident).execute()
    assert failure(service.calendars().get(calendarId=ident)) == (404, "notFound")
    assert len(service.calendarList().list().execute()["items"]) == 1
    assert failure(service.calendars().delete(calendarId="primary"))[0] == 400


def test_a_calendar_needs_a_summary(emulator: Emulator) -> None:
    service = calendar_client(emulator, USER)
    assert failure(service.calendars().insert(body={"description": "x"})) == (400, "required")


def test_calendar_list_entry_and_acl_of_the_primary_calendar(emulator: Emulator) -> None:
    service = calendar_client(emulator, USER)
    entry = service.calendarList().get(calendarId="primary").execute()
    assert entry["id"] == USER and entry["primary"] is True and entry["accessRole"] == "owner"
    rules = service.acl().list(calendarId="primary").execute()["items"]
    assert [(r["id"], r["role"]) for r in rules] == [
        (f"user:{USER}", "owner"), ("domain:example.com", "freeBusyReader")]  # fmt: skip
    assert failure(service.calendarList().get(calendarId=OTHER)) == (404, "notFound")


def test_an_event_moves_to_another_calendar_of_its_organizer(emulator: Emulator) -> None:
    service, guest = calendar_client(emulator, USER), calendar_client(emulator, OTHER)
    target = service.calendars().insert(body={"summary": "Moves"}).execute()["id"]
    weekly = service.events().insert(calendarId="primary", body={
        "summary": "Weekly", "attendees": [{"email": OTHER}],
        "start": {"dateTime": "2026-03-02T10:00:00Z"}, "end": {"dateTime": "2026-03-02T10:30:00Z"},
        "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3"]}).execute()  # fmt: skip
    second = f"{weekly['id']}_20260309T100000Z"
    service.events().patch(calendarId="primary", eventId=second,
                           body={"summary": "Weekly (moved)"}).execute()  # fmt: skip
    instance = service.events().move(calendarId="primary", eventId=second, destination=target)
    assert failure(instance) == (400, "cannotChangeOrganizerOfInstance")

    moved = (
        service.events()
        .move(calendarId="primary", eventId=weekly["id"], destination=target)
        .execute()
    )
    assert moved["id"] == weekly["id"] and moved["organizer"]["email"] == target
    assert failure(service.events().get(calendarId="primary", eventId=weekly["id"]))[0] == 404
    listed = service.events().list(calendarId=target, singleEvents=True).execute()["items"]
    assert [e["summary"] for e in listed] == ["Weekly", "Weekly (moved)", "Weekly"]
    copy = guest.events().get(calendarId="primary", eventId=weekly["id"]).execute()
    assert copy["organizer"]["email"] == target
    elsewhere = service.events().move(calendarId=target, eventId=weekly["id"], destination=OTHER)
    assert failure(elsewhere) == (404, "notFound")


def test_an_imported_event_is_a_private_copy_keyed_by_its_ical_uid(emulator: Emulator) -> None:
    service = calendar_client(emulator, USER)
    body = {"iCalUID": "kickoff-2026@crm.example.org", "summary": "Kickoff",
            "organizer": {"email": "host@partner.example.org"},
            "attendees": [{"email": OTHER}, {"email": USER}],
            "start": {"dateTime": "2026-03-05T15:00:00Z"},
            "end": {"dateTime": "2026-03-05T16:00:00Z"}}  # fmt: skip
    first = service.events().import_(calendarId="primary", body=body).execute()
    assert first["iCalUID"] == body["iCalUID"] and first["id"] != body["iCalUID"]
    assert first["organizer"]["email"] == "host@partner.example.org"
    again = (
        service.events()
        .import_(calendarId="primary", body={**body, "summary": "Kickoff (moved)"})
        .execute()
    )
    assert again["id"] == first["id"] and again["summary"] == "Kickoff (moved)"
    mine = service.events().list(calendarId="primary", iCalUID=body["iCalUID"]).execute()
    assert [e["id"] for e in mine["items"]] == [first["id"]]
    guest = calendar_client(emulator, OTHER).events()
    assert failure(guest.get(calendarId="primary", eventId=first["id"]))[0] == 404
    missing = service.events().import_(calendarId="primary", body={"summary": "x"})
    assert failure(missing) == (400, "required")
