"""The emulator's Calendar routes, called in-process: what the product relies on."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.unit.emulator.calendar_client import call, event_body
from workspace_emulator.calendar.store import outbox, set_user_timezone
from workspace_emulator.calendar.urls import EVENTS_READONLY, FREEBUSY
from workspace_emulator.calendar.view import add_busy, render_week_html
from workspace_emulator.core.framework import Store

MANAGER, REP = "manager@example.com", "rep@example.com"
EVENTS = "/calendar/v3/calendars/primary/events"
FREEBUSY_PATH = "/calendar/v3/freeBusy"


@pytest.fixture
def store() -> Store:
    return Store()


def one_on_one(ident: str = "oneonone0001", **fields: Any) -> dict[str, Any]:
    body = event_body(
        "2026-03-02T14:00:00-05:00",
        "2026-03-02T14:45:00-05:00",
        id=ident,
        summary="1:1 Rep / Manager",
        attendees=[{"email": REP}],
        extendedProperties={"private": {"oneonone": "1", "kind": "one_on_one"}},
    )
    return {**body, **fields}


def insert(store: Store, body: dict[str, Any], user: str = MANAGER, **params: Any) -> Any:
    status, answer = call(store, "POST", EVENTS, body, user=user, **params)
    assert status == 200, answer
    return answer


def error(answer: Any) -> tuple[int, str, str]:
    err = answer["error"]
    return err["code"], err["errors"][0]["reason"], err["message"]


def test_insert_with_our_id_then_duplicate_is_409_even_after_delete(store: Store) -> None:
    created = insert(store, one_on_one())
    assert created["id"] == "oneonone0001" and created["iCalUID"] == "oneonone0001@google.com"
    assert created["organizer"] == {"email": MANAGER, "self": True}
    assert created["status"] == "confirmed" and created["eventType"] == "default"
    status, answer = call(store, "POST", EVENTS, one_on_one())
    assert status == 409
    assert error(answer) == (409, "duplicate", "The requested identifier already exists.")
    assert call(store, "DELETE", f"{EVENTS}/oneonone0001")[0] == 204
    assert call(store, "POST", EVENTS, one_on_one())[0] == 409
    assert call(store, "DELETE", f"{EVENTS}/oneonone0001")[0] == 410


@pytest.mark.parametrize("ident", ["abc", "has-dash-123", "UPPERCASE1", "wxyz12345"])
def test_bad_ids_are_refused(store: Store, ident: str) -> None:
    status, answer = call(store, "POST", EVENTS, one_on_one(ident))
    assert status == 400 and error(answer)[2] == "Invalid resource id value."


def test_generated_ids_are_base32hex(store: Store) -> None:
    created = insert(store, event_body("2026-03-02T14:00:00Z", "2026-03-02T15:00:00Z"))
    assert len(created["id"]) == 26 and created["id"].isalnum()


def test_another_users_calendar_is_not_found(store: Store) -> None:
    other = f"/calendar/v3/calendars/{REP}/events"
    for method, body in (("GET", None), ("POST", one_on_one())):
        status, answer = call(store, method, other, body)
        assert status == 404 and error(answer) == (404, "notFound", "Not Found")
    insert(store, one_on_one())
    assert call(store, "GET", f"{other}/oneonone0001", user="intruder@example.com")[0] == 404


def test_attendee_sees_the_event_with_their_own_self_flag(store: Store) -> None:
    insert(store, one_on_one(extendedProperties={"private": {"k": "v"}, "shared": {"s": "1"}}))
    status, copy = call(store, "GET", f"{EVENTS}/oneonone0001", user=REP)
    assert status == 200 and copy["iCalUID"] == "oneonone0001@google.com"
    assert copy["organizer"] == {"email": MANAGER}
    assert copy["attendees"] == [{"email": REP, "responseStatus": "needsAction", "self": True}]
    assert copy["extendedProperties"] == {"shared": {"s": "1"}}  # private is the manager's


def test_invitations_go_to_the_outbox_only_when_asked(store: Store) -> None:
    body = one_on_one(attendees=[{"email": REP}, {"email": MANAGER}, {"email": "x@other.org"}])
    insert(store, body, sendUpdates="all")
    assert sorted((m["to"], m["method"]) for m in outbox(store)) == [
        (REP, "REQUEST"),
        ("x@other.org", "REQUEST"),
    ]
    mail = outbox(store, REP)[0]
    assert mail["eventId"] == "oneonone0001" and mail["organizer"] == MANAGER
    assert mail["subject"] == "Invitation: 1:1 Rep / Manager"
    insert(store, one_on_one("quiet00001"))
    insert(store, {**body, "id": "outside001"}, sendUpdates="externalOnly")
    assert [m["to"] for m in outbox(store) if m["eventId"] != "oneonone0001"] == ["x@other.org"]


def test_a_decline_is_visible_to_the_organizer_and_frees_the_rep(store: Store) -> None:
    insert(store, one_on_one())
    patch = {"attendees": [{"email": REP, "responseStatus": "declined"}], "summary": "hijack"}
    status, mine = call(store, "PATCH", f"{EVENTS}/oneonone0001", patch, user=REP)
    assert status == 200 and mine["summary"] == "1:1 Rep / Manager"  # guests can only answer
    manager_copy = call(store, "GET", f"{EVENTS}/oneonone0001")[1]
    assert manager_copy["attendees"] == [{"email": REP, "responseStatus": "declined"}]
    busy = freebusy(store, [MANAGER, REP])
    assert busy[MANAGER]["busy"] and busy[REP]["busy"] == []


def test_the_organizer_is_an_accepted_guest_when_listed(store: Store) -> None:
    created = insert(store, one_on_one(attendees=[{"email": MANAGER}, {"email": REP}]))
    assert created["attendees"][0] == {
        "email": MANAGER,
        "responseStatus": "accepted",
        "organizer": True,
        "self": True,
    }


def test_invalid_attendee_email(store: Store) -> None:
    status, answer = call(store, "POST", EVENTS, one_on_one(attendees=[{"email": "nope"}]))
    assert status == 400 and error(answer)[2] == "Invalid attendee email."


def test_patch_merges_nested_properties_and_moves_the_guest_copy(store: Store) -> None:
    insert(store, one_on_one())
    status, patched = call(
        store,
        "PATCH",
        f"{EVENTS}/oneonone0001",
        {
            "extendedProperties": {"private": {"week": "2026-03-02"}},
            "start": {"dateTime": "2026-03-03T14:00:00-05:00"},
            "end": {"dateTime": "2026-03-03T14:45:00-05:00"},
        },
        sendUpdates="all",
    )
    assert status == 200 and patched["sequence"] == 1
    assert patched["extendedProperties"]["private"] == {
        "oneonone": "1",
        "kind": "one_on_one",
        "week": "2026-03-02",
    }
    assert patched["summary"] == "1:1 Rep / Manager"
    rep_copy = call(store, "GET", f"{EVENTS}/oneonone0001", user=REP)[1]
    assert rep_copy["start"] == {"dateTime": "2026-03-03T19:00:00Z"}
    assert [m["method"] for m in outbox(store, REP)] == ["UPDATE"]


def test_patching_an_all_day_event_to_timed_needs_date_cleared(store: Store) -> None:
    insert(
        store, {"id": "datedevent1", "start": {"date": "2026-03-02"}, "end": {"date": "2026-03-03"}}
    )
    timed = {
        "start": {"dateTime": "2026-03-02T09:00:00Z"},
        "end": {"dateTime": "2026-03-02T10:00:00Z"},
    }
    status, answer = call(store, "PATCH", f"{EVENTS}/datedevent1", timed)
    assert status == 400 and error(answer)[2] == "Invalid start time."
    cleared = {k: {**v, "date": None} for k, v in timed.items()}
    assert call(store, "PATCH", f"{EVENTS}/datedevent1", cleared)[0] == 200


def test_update_replaces_and_dropping_a_guest_cancels_their_copy(store: Store) -> None:
    insert(store, one_on_one(description="agenda"), sendUpdates="all")
    body = event_body("2026-03-02T14:00:00-05:00", "2026-03-02T14:45:00-05:00", summary="Solo")
    status, updated = call(store, "PUT", f"{EVENTS}/oneonone0001", body, sendUpdates="all")
    assert status == 200 and "description" not in updated and "attendees" not in updated
    assert "extendedProperties" not in updated
    assert call(store, "GET", f"{EVENTS}/oneonone0001", user=REP)[1]["status"] == "cancelled"
    assert [m["method"] for m in outbox(store, REP)] == ["REQUEST", "CANCEL"]


def test_delete_cancels_everywhere_and_mails_cancel(store: Store) -> None:
    insert(store, one_on_one())
    assert call(store, "DELETE", f"{EVENTS}/oneonone0001", sendUpdates="all")[0] == 204
    assert call(store, "GET", f"{EVENTS}/oneonone0001")[1]["status"] == "cancelled"
    assert call(store, "GET", f"{EVENTS}/oneonone0001", user=REP)[1]["status"] == "cancelled"
    assert [m["method"] for m in outbox(store, REP)] == ["CANCEL"]
    assert call(store, "GET", EVENTS)[1]["items"] == []
    deleted = call(store, "GET", EVENTS, showDeleted="true")[1]["items"]
    assert [e["status"] for e in deleted] == ["cancelled"]


def test_attachments_need_supports_attachments(store: Store) -> None:
    doc = {"fileUrl": "https://docs.google.com/document/d/1", "title": "1:1 doc", "fileId": "1"}
    assert "attachments" not in insert(store, one_on_one("attach0001", attachments=[doc]))
    kept = insert(store, one_on_one("attach0002", attachments=[doc]), supportsAttachments="true")
    assert kept["attachments"] == [doc]


def test_list_window_overlap_text_and_property_filters(store: Store) -> None:
    insert(store, one_on_one("first00001"))
    insert(
        store,
        one_on_one(
            "second0001",
            start={"dateTime": "2026-03-09T19:00:00Z"},
            end={"dateTime": "2026-03-09T19:45:00Z"},
            location="Room Q",
        ),
    )
    insert(
        store,
        event_body(
            "2026-03-02T18:30:00Z",
            "2026-03-02T19:15:00Z",
            id="other0001",
            summary="Pipeline review",
        ),
    )

    def ids(**params: Any) -> list[str]:
        status, answer = call(store, "GET", EVENTS, **params)
        assert status == 200 and answer["kind"] == "calendar#events", answer
        return [e["id"] for e in answer["items"]]

    assert ids(timeMin="2026-03-02T19:30:00Z", timeMax="2026-03-03T00:00:00Z") == ["first00001"]
    assert ids(timeMax="2026-03-02T19:00:00Z") == ["other0001"]  # end is exclusive
    assert ids(q="room q") == ["second0001"] and ids(q="rep@example.com")[0] == "first00001"
    assert ids(privateExtendedProperty=["oneonone=1", "kind=one_on_one"]) == [
        "first00001",
        "second0001",
    ]
    assert ids(privateExtendedProperty=["oneonone=1", "kind=fill_in"]) == []
    assert ids(orderBy="startTime", singleEvents="true") == [
        "other0001",
        "first00001",
        "second0001",
    ]
    assert ids(orderBy="updated")[-1] == "other0001"
    status, answer = call(store, "GET", EVENTS, orderBy="startTime")
    assert status == 400 and "ordering is not available" in answer["error"]["message"]
    status, answer = call(store, "GET", EVENTS, timeMin="2026-03-02T10:00:00")
    assert status == 400


def test_list_pages(store: Store) -> None:
    for n in range(7):
        insert(
            store,
            event_body(
                f"2026-03-0{n + 1}T10:00:00Z", f"2026-03-0{n + 1}T11:00:00Z", id=f"page{n}0000"
            ),
        )
    seen: list[str] = []
    token: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"maxResults": 3, **({"pageToken": token} if token else {})}
        answer = call(store, "GET", EVENTS, **params)[1]
        seen += [e["id"] for e in answer["items"]]
        pages += 1
        token = answer.get("nextPageToken")
        if not token:
            break
    assert pages == 3 and seen == [f"page{n}0000" for n in range(7)]


def test_single_events_expand_a_weekly_series(store: Store) -> None:
    set_user_timezone(store, MANAGER, "America/New_York")
    insert(
        store,
        one_on_one(
            recurrence=["RRULE:FREQ=WEEKLY;COUNT=3"],
            start={"dateTime": "2026-03-02T14:00:00", "timeZone": "America/New_York"},
            end={"dateTime": "2026-03-02T14:45:00", "timeZone": "America/New_York"},
        ),
    )
    items = call(store, "GET", EVENTS, singleEvents="true", orderBy="startTime")[1]["items"]
    assert [e["start"]["dateTime"] for e in items] == [
        "2026-03-02T14:00:00-05:00",
        "2026-03-09T14:00:00-04:00",  # DST began on the 8th: still 14:00 local
        "2026-03-16T14:00:00-04:00",
    ]
    assert {e["recurringEventId"] for e in items} == {"oneonone0001"}
    assert len(call(store, "GET", EVENTS)[1]["items"]) == 1


def test_single_events_keep_to_the_window(store: Store) -> None:
    """A one-off event outside timeMin/timeMax is not listed with singleEvents either."""
    set_user_timezone(store, MANAGER, "America/New_York")
    insert(
        store,
        one_on_one(
            "jan00001",
            start={"dateTime": "2026-01-05T14:00:00", "timeZone": "America/New_York"},
            end={"dateTime": "2026-01-05T14:45:00", "timeZone": "America/New_York"},
        ),
    )
    window = {"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-09T00:00:00Z"}
    for single in ("true", "false"):
        items = call(store, "GET", EVENTS, singleEvents=single, **window)[1]["items"]
        assert "jan00001" not in [e["id"] for e in items], single


def freebusy(store: Store, emails: list[str], **body: Any) -> dict[str, Any]:
    query = {
        "timeMin": "2026-03-02T00:00:00Z",
        "timeMax": "2026-03-03T00:00:00Z",
        "items": [{"id": e} for e in emails],
        **body,
    }
    status, answer = call(store, "POST", FREEBUSY_PATH, query, scopes=(FREEBUSY,))
    assert status == 200, answer
    return dict(answer["calendars"])


def test_freebusy_merges_clips_and_skips_free_time(store: Store) -> None:
    add_busy(store, REP, "2026-03-01T23:00:00Z", "2026-03-02T01:00:00Z")
    add_busy(store, REP, "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
    add_busy(store, REP, "2026-03-02T10:00:00Z", "2026-03-02T10:30:00Z")
    insert(
        store,
        event_body("2026-03-02T12:00:00Z", "2026-03-02T13:00:00Z", transparency="transparent"),
        user=REP,
    )
    assert freebusy(store, [REP])[REP]["busy"] == [
        {"start": "2026-03-02T00:00:00Z", "end": "2026-03-02T01:00:00Z"},
        {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:30:00Z"},
    ]
    shown = freebusy(store, [REP], timeZone="America/New_York")[REP]["busy"][1]
    assert shown == {"start": "2026-03-02T04:00:00-05:00", "end": "2026-03-02T05:30:00-05:00"}


def test_freebusy_for_a_team_outsiders_and_limits(store: Store) -> None:
    team = [f"rep{n}@example.com" for n in range(11)] + [MANAGER]
    for n, email in enumerate(team):
        add_busy(
            store,
            email,
            f"2026-03-02T{10 + n % 8:02d}:00:00Z",
            f"2026-03-02T{10 + n % 8:02d}:30:00Z",
        )
    answer = freebusy(store, [*team, "someone@gmail.com", "primary"])
    assert all(len(answer[e]["busy"]) == 1 for e in team)
    assert answer["someone@gmail.com"]["errors"] == [{"domain": "global", "reason": "notFound"}]
    assert answer["primary"] == answer[MANAGER]
    too_many = {
        "timeMin": "2026-03-02T00:00:00Z",
        "timeMax": "2026-03-03T00:00:00Z",
        "items": [{"id": f"r{n}@example.com"} for n in range(51)],
    }
    status, body = call(store, "POST", FREEBUSY_PATH, too_many)
    assert status == 400 and error(body)[1] == "tooManyCalendarsRequested"
    empty = {**too_many, "timeMax": too_many["timeMin"], "items": []}
    status, body = call(store, "POST", FREEBUSY_PATH, empty)
    assert status == 400 and error(body)[1] == "timeRangeEmpty"


def test_scopes(store: Store) -> None:
    assert call(store, "POST", EVENTS, one_on_one(), scopes=(EVENTS_READONLY,))[0] == 403
    assert call(store, "GET", EVENTS, scopes=(EVENTS_READONLY,))[0] == 200
    assert call(store, "GET", EVENTS, scopes=(FREEBUSY,))[0] == 403


def test_calendar_zone_and_calendar_resources(store: Store) -> None:
    set_user_timezone(store, MANAGER, "Europe/London")
    with pytest.raises(ValueError):
        set_user_timezone(store, MANAGER, "Nowhere/Special")
    calendar = call(store, "GET", "/calendar/v3/calendars/primary")[1]
    assert calendar["id"] == MANAGER and calendar["timeZone"] == "Europe/London"
    assert call(store, "GET", "/calendar/v3/calendars/manager%40example.com")[0] == 200
    listing = call(store, "GET", "/calendar/v3/users/me/calendarList")[1]
    assert [c["id"] for c in listing["items"]] == [MANAGER]
    created = insert(store, event_body("2026-07-01T09:00:00Z", "2026-07-01T10:00:00Z"))
    assert created["start"] == {"dateTime": "2026-07-01T10:00:00+01:00"}


def test_week_html_shows_times_guests_and_escapes(store: Store) -> None:
    set_user_timezone(store, MANAGER, "America/New_York")
    insert(store, one_on_one(summary="<b>1:1</b> & co"))
    call(
        store,
        "PATCH",
        f"{EVENTS}/oneonone0001",
        {"attendees": [{"email": REP, "responseStatus": "declined"}]},
        user=REP,
    )
    html = render_week_html(store, MANAGER, date(2026, 3, 2))
    assert "&lt;b&gt;1:1&lt;/b&gt; &amp; co" in html and "<b>1:1</b>" not in html
    assert "14:00–14:45" in html and "cal-declined" in html and REP in html
    assert html.count('class="cal-day"') == 7 and "Mon 02 Mar" in html
    assert "1:1" not in render_week_html(store, MANAGER, date(2026, 3, 9))
