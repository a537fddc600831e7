"""Calendar v3 event writes and reads: insert, get, patch, update, delete, move.

Every handler takes the store and the authenticated request; ``urls`` binds them to
Google's URL paths. A user reaches only their own calendar (anyone else's is a 404, as a
calendar that is not shared with you is on Google).
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.calendar import calendars, series
from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.conference import conference, meet_link
from workspace_emulator.calendar.model import (
    calendar_error,
    format_ms,
    merge_patch,
    new_event_id,
    valid_email,
    valid_event_id,
)
from workspace_emulator.calendar.recurrence import check as check_recurrence
from workspace_emulator.core.framework import Request, Response, Store, bad_request

# What a client may set on an event; everything else is Google's to fill in.
WRITABLE = [
    "summary",
    "description",
    "location",
    "colorId",
    "start",
    "end",
    "endTimeUnspecified",
    "recurrence",
    "transparency",
    "visibility",
    "attendees",
    "extendedProperties",
    "reminders",
    "attachments",
    "status",
    "guestsCanModify",
    "guestsCanInviteOthers",
    "guestsCanSeeOtherGuests",
    "anyoneCanAddSelf",
    "source",
    "eventType",
    "conferenceData",
    "originalStartTime",
]
STATUSES = ("confirmed", "tentative", "cancelled")
RESPONSES = ("needsAction", "declined", "tentative", "accepted")


def calendar_id(request: Request) -> str:
    """The calendar of the URL: ``primary`` is the caller's, a secondary calendar the caller
    owns is itself; another user's is a 404."""
    return calendars.resolve(request)


def insert(store: Store, request: Request) -> dict[str, Any]:
    """events.insert: a new event with the client's id (or a generated one)."""
    owner = calendar_id(request)
    body = _body(request)
    event_id = body.get("id")
    if event_id is None:
        event_id = new_event_id()
    elif not isinstance(event_id, str) or not valid_event_id(event_id):
        raise calendar_error(400, "Invalid resource id value.", "invalid")
    if cs.get(store, owner, event_id) is not None:
        raise calendar_error(409, "The requested identifier already exists.", "duplicate")
    now = format_ms(store.now())
    event = writable_fields(body, request, previous=None)
    event.update(
        kind="calendar#event",
        id=event_id,
        htmlLink=cs.html_link(event_id, owner),
        created=now[:-5] + ".000Z",
        creator={"email": request.user.lower()},
        organizer={"email": owner},
        iCalUID=f"{event_id}@google.com",
        sequence=0,
    )
    event.setdefault("status", "confirmed")
    event.setdefault("reminders", {"useDefault": True})
    event.setdefault("eventType", "default")
    _mark_organizer(event, owner)
    cs.stamp(event, store.now())
    record = cs.save(store, owner, event, copies=[])
    cs.fan_out(store, record)
    cs.send(store, event, "REQUEST", cs.recipients(event, request.arg("sendUpdates")))
    return cs.view(store, series.require(store, owner, event_id))


def get(store: Store, request: Request) -> dict[str, Any]:
    """events.get: the caller's copy (a deleted event answers with status cancelled)."""
    owner = calendar_id(request)
    return cs.view(store, series.require(store, owner, request.match["eventId"]))


def patch(store: Store, request: Request) -> dict[str, Any]:
    """events.patch: merge the body into the event (objects merge, arrays replace)."""
    return _change(store, request, replace=False)


def update(store: Store, request: Request) -> dict[str, Any]:
    """events.update: replace every writable field with the body's."""
    return _change(store, request, replace=True)


def delete(store: Store, request: Request) -> Response:
    """events.delete: cancel the event; its id stays taken. A guest deleting it declines."""
    owner = calendar_id(request)
    record = series.require(store, owner, request.match["eventId"])
    event = record["event"]
    if event.get("status") == "cancelled":
        raise calendar_error(410, "Resource has been deleted", "deleted")
    if _organizer(record) != owner:
        main = series.organizer_copy(store, record)
        if main is not None:
            cs.respond(store, main, owner, "declined")
        record = series.require(store, owner, event["id"])
        record["event"]["status"] = "cancelled"
        cs.stamp(record["event"], store.now())
        cs.save(store, owner, record["event"])
        return Response(status=204, body=b"")
    event["status"] = "cancelled"
    cs.stamp(event, store.now())
    cs.fan_out(store, cs.save(store, owner, event, copies=record.get("copies", [])))
    cs.send(store, event, "CANCEL", cs.recipients(event, request.arg("sendUpdates")))
    return Response(status=204, body=b"")


def _change(store: Store, request: Request, *, replace: bool) -> dict[str, Any]:
    owner = calendar_id(request)
    record = series.require(store, owner, request.match["eventId"])
    body = _body(request)
    if _organizer(record) != owner:
        return _guest_change(store, record, owner, body)
    old = record["event"]
    base = {} if replace else {k: v for k, v in old.items() if k in WRITABLE}
    merged = merge_patch(base, body)
    event = {k: v for k, v in old.items() if k not in (*WRITABLE, "hangoutLink")}
    event.update(writable_fields(merged, request, previous=old))
    event.setdefault("status", old.get("status", "confirmed"))
    event.setdefault("reminders", {"useDefault": True})
    event.setdefault("eventType", "default")
    _mark_organizer(event, owner)
    if any(event.get(f) != old.get(f) for f in ("start", "end", "recurrence")):
        event["sequence"] = int(old.get("sequence", 0)) + 1
    cs.stamp(event, store.now())
    saved = cs.save(store, owner, event, copies=record.get("copies", []))
    cs.fan_out(store, saved)
    _notify_change(store, old, event, request.arg("sendUpdates"))
    return cs.view(store, series.require(store, owner, event["id"]))


def _guest_change(
    store: Store, record: dict[str, Any], owner: str, body: dict[str, Any]
) -> dict[str, Any]:
    """A guest may answer the invitation and set personal fields; the rest is ignored.

    The answer is written on the organizer's copy, so the organizer sees it.
    """
    mine = [a for a in body.get("attendees") or [] if str(a.get("email", "")).lower() == owner]
    answer = mine[0].get("responseStatus") if mine else None
    if answer is not None and answer not in RESPONSES:
        raise bad_request("Invalid attendee response status.")
    main = series.organizer_copy(store, record)
    if answer and main is not None:
        cs.respond(store, main, owner, answer)
    event = cs.apply_personal(series.require(store, owner, record["event"]["id"]), body)
    cs.stamp(event, store.now())
    cs.save(store, owner, event)
    return cs.view(store, series.require(store, owner, event["id"]))


def _notify_change(
    store: Store, old: dict[str, Any], new: dict[str, Any], send_updates: str | None
) -> None:
    """Mail UPDATE to kept guests, REQUEST to new ones and CANCEL to dropped ones."""
    before = set(cs.recipients(old, send_updates))
    after = cs.recipients(new, send_updates)
    if new.get("status") == "cancelled" and old.get("status") != "cancelled":
        cs.send(store, new, "CANCEL", after)
        return
    cs.send(store, new, "UPDATE", [e for e in after if e in before])
    cs.send(store, new, "REQUEST", [e for e in after if e not in before])
    cs.send(store, new, "CANCEL", sorted(before - set(after)))


def _body(request: Request) -> dict[str, Any]:
    body = request.json()
    if not isinstance(body, dict):
        raise bad_request("Invalid JSON payload received.")
    return body


def _organizer(record: dict[str, Any]) -> str:
    return str(record["event"].get("organizer", {}).get("email", "")).lower()


def writable_fields(
    body: dict[str, Any], request: Request, *, previous: dict[str, Any] | None
) -> dict[str, Any]:
    """The client-settable fields of ``body``, checked and normalised as Google does."""
    event = {k: body[k] for k in WRITABLE if body.get(k) is not None}
    for text in ("summary", "description", "location"):
        if event.get(text) == "":
            del event[text]  # Google drops empty strings
    if "status" in event and event["status"] not in STATUSES:
        raise bad_request("Invalid value for status.")
    if "recurrence" in event:
        check_recurrence(event["recurrence"])
    if not request.flag("supportsAttachments"):
        event.pop("attachments", None)
        if previous and "attachments" in previous:
            event["attachments"] = previous["attachments"]
    version = request.int_arg("conferenceDataVersion", 0)
    meet = conference(event.pop("conferenceData", None), previous, version)
    if meet is not None:
        event["conferenceData"] = meet
        link = meet_link(meet)
        if link:
            event["hangoutLink"] = link
    if "attendees" in event:
        event["attendees"] = _attendees(event["attendees"], previous)
        if not event["attendees"]:
            del event["attendees"]
    return event


def _attendees(given: Any, previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not isinstance(given, list):
        raise bad_request("Invalid attendees.")
    known = {str(a.get("email", "")).lower(): a for a in (previous or {}).get("attendees", [])}
    out: list[dict[str, Any]] = []
    for attendee in given:
        email = str(attendee.get("email", "")) if isinstance(attendee, dict) else ""
        if not valid_email(email):
            raise calendar_error(400, "Invalid attendee email.", "invalid")
        entry = {k: v for k, v in attendee.items() if k not in ("self", "id")}
        entry["email"] = email.lower()
        old_status = known.get(entry["email"], {}).get("responseStatus", "needsAction")
        entry.setdefault("responseStatus", old_status)
        if entry["responseStatus"] not in RESPONSES:
            raise bad_request("Invalid attendee response status.")
        out.append(entry)
    return out


def _mark_organizer(event: dict[str, Any], owner: str) -> None:
    """The organizer listed as a guest is flagged ``organizer`` and has accepted by default."""
    for attendee in event.get("attendees", []):
        if attendee["email"] == owner:
            attendee["organizer"] = True
            if attendee.get("responseStatus") == "needsAction":
                attendee["responseStatus"] = "accepted"
