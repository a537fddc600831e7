"""Calendar state in the emulator's store: calendars, event copies, invitations.

Store layout (kinds):

- ``events``: one record per event *copy*, keyed ``"{calendarId}/{eventId}"``:
  ``{"calendarId", "event": <resource as stored>, "startUtc", "endUtc", "allDay",
  "copies": [attendee calendar ids] (organizer copy only)}``. The event keeps ``start`` and
  ``end`` exactly as the client sent them; ``startUtc``/``endUtc`` are the parsed instants for
  overlap and free/busy queries. A deleted event stays as a ``cancelled`` record (a tombstone),
  which is what keeps its id taken on that calendar, as on Google.
- ``calendar_settings``: ``{"timeZone"}`` per user (default ``UTC``).
- ``outbox``: one invitation e-mail per attendee (``id, to, subject, eventId, calendarId,
  method (REQUEST/UPDATE/CANCEL), time, organizer``).

The organizer's copy is the truth: every change to it is fanned out to the attendees' copies
(same id and iCalUID), which keep only their personal fields (reminders, colour, show-as,
private extended properties).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from workspace_emulator.calendar.model import (
    event_span,
    format_ms,
    format_rfc3339,
    merge_patch,
    not_found,
    render_time,
    zone,
)
from workspace_emulator.core.framework import Store, new_id

EVENTS, SETTINGS, OUTBOX = "events", "calendar_settings", "outbox"
DEFAULT_TZ = "UTC"
# Fields an attendee's copy keeps as its own; everything else follows the organizer.
PERSONAL = ("reminders", "colorId", "transparency")


def key(calendar_id: str, event_id: str) -> str:
    """The store id of an event copy."""
    return f"{calendar_id}/{event_id}"


def domain_of(email: str) -> str:
    """The domain part of an address (lower case)."""
    return email.rpartition("@")[2].lower()


def timezone_name(store: Store, user: str) -> str:
    """The time zone of ``user``'s primary calendar."""
    settings = store.get(SETTINGS, user.lower())
    return str(settings["timeZone"]) if settings else DEFAULT_TZ


def timezone_of(store: Store, user: str) -> ZoneInfo:
    """``timezone_name`` as a zone."""
    return zone(timezone_name(store, user)) or ZoneInfo(DEFAULT_TZ)


def set_user_timezone(store: Store, user: str, tz: str) -> None:
    """Set the time zone of ``user``'s calendar (all-day events move with it)."""
    if zone(tz) is None:
        raise ValueError(f"unknown time zone {tz!r}")
    with store.lock:
        store.put(SETTINGS, user.lower(), {"timeZone": tz})
        for record in list(store.all(EVENTS)):
            if record["calendarId"] == user.lower() and record.get("allDay"):
                save(store, user.lower(), record["event"], copies=record.get("copies"))


def get(store: Store, calendar_id: str, event_id: str) -> dict[str, Any] | None:
    """The record of an event copy, or None."""
    return store.get(EVENTS, key(calendar_id, event_id))


def require(store: Store, calendar_id: str, event_id: str) -> dict[str, Any]:
    """The record of an event copy; 404 ``Not Found`` when there is none."""
    record = get(store, calendar_id, event_id)
    if record is None:
        raise not_found()
    return record


def records(store: Store, calendar_id: str) -> list[dict[str, Any]]:
    """Every event copy on a calendar, cancelled ones included."""
    return [r for r in store.all(EVENTS) if r["calendarId"] == calendar_id]


def save(
    store: Store, calendar_id: str, event: dict[str, Any], *, copies: list[str] | None = None
) -> dict[str, Any]:
    """Store ``event`` on ``calendar_id`` with its parsed span (validates start/end)."""
    start, end = event_span(event, timezone_of(store, calendar_id))
    record: dict[str, Any] = {
        "calendarId": calendar_id,
        "event": event,
        "startUtc": format_rfc3339(start),
        "endUtc": format_rfc3339(end),
        "allDay": "date" in event["start"],
    }
    if copies is not None:
        record["copies"] = copies
    return store.put(EVENTS, key(calendar_id, event["id"]), record)


def span(record: dict[str, Any]) -> tuple[datetime, datetime]:
    """The UTC span of a stored copy."""
    return _utc(record["startUtc"]), _utc(record["endUtc"])


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def stamp(event: dict[str, Any], now: datetime) -> None:
    """Set ``updated`` and a fresh ``etag`` (Google's etag is a microsecond counter)."""
    event["updated"] = format_ms(now)
    event["etag"] = f'"{int(now.timestamp() * 1_000_000)}"'


def html_link(event_id: str, calendar_id: str) -> str:
    """The Calendar web link of an event (``eid`` = base64 of "id calendar")."""
    eid = base64.urlsafe_b64encode(f"{event_id} {calendar_id}".encode()).decode().rstrip("=")
    return f"https://www.google.com/calendar/event?eid={eid}"


def view(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    """An event copy as Google answers it to its calendar's owner.

    Times are written in the calendar's zone, and ``self: true`` marks the owner as creator,
    organizer or attendee.
    """
    owner = record["calendarId"]
    event = dict(record["event"])
    tz = timezone_of(store, owner)
    start, end = span(record)
    event["start"] = render_time(event["start"], start, tz)
    event["end"] = render_time(event["end"], end, tz)
    for field in ("creator", "organizer"):
        if field in event:
            event[field] = _mark_self(event[field], owner)
    if "attendees" in event:
        event["attendees"] = [_mark_self(a, owner) for a in event["attendees"]]
    return _ordered(event)


def _mark_self(person: dict[str, Any], owner: str) -> dict[str, Any]:
    person = {k: v for k, v in person.items() if k != "self"}
    if str(person.get("email", "")).lower() == owner:
        person["self"] = True
    return person


_ORDER = [
    "kind",
    "etag",
    "id",
    "status",
    "htmlLink",
    "created",
    "updated",
    "summary",
    "description",
    "location",
    "colorId",
    "creator",
    "organizer",
    "start",
    "end",
    "endTimeUnspecified",
    "recurrence",
    "recurringEventId",
    "originalStartTime",
    "transparency",
    "visibility",
    "iCalUID",
    "sequence",
    "attendees",
    "hangoutLink",
    "conferenceData",
    "extendedProperties",
    "reminders",
    "attachments",
    "eventType",
]


def _ordered(event: dict[str, Any]) -> dict[str, Any]:
    # Google's field order, so answers read like the recordings.
    rank = {name: i for i, name in enumerate(_ORDER)}
    return dict(sorted(event.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def attendee_emails(event: dict[str, Any]) -> list[str]:
    """The attendees' addresses, lower case, in order."""
    return [str(a.get("email", "")).lower() for a in event.get("attendees", [])]


def fan_out(store: Store, organizer_record: dict[str, Any]) -> None:
    """Copy the organizer's event onto every in-domain attendee's calendar.

    An attendee dropped from the list gets a cancelled copy; an id already used on the
    attendee's calendar by someone else's event is left alone.
    """
    organizer = organizer_record["calendarId"]
    event = organizer_record["event"]
    invited = [
        e for e in attendee_emails(event) if e != organizer and domain_of(e) == domain_of(organizer)
    ]
    previous = organizer_record.get("copies", [])
    for email in dict.fromkeys([*invited, *previous]):
        existing = get(store, email, event["id"])
        if existing and existing["event"].get("organizer", {}).get("email") != organizer:
            continue
        copy = {k: v for k, v in event.items() if k not in (*PERSONAL, "extendedProperties")}
        shared = event.get("extendedProperties", {}).get("shared")
        own = existing["event"] if existing else {"reminders": {"useDefault": True}}
        for field in PERSONAL:
            if field in own:
                copy[field] = own[field]
        private = own.get("extendedProperties", {}).get("private")
        props = {n: v for n, v in (("private", private), ("shared", shared)) if v}
        if props:
            copy["extendedProperties"] = props
        copy["htmlLink"] = html_link(event["id"], email)
        if email not in invited:
            copy["status"] = "cancelled"
        save(store, email, copy)
    organizer_record["copies"] = invited
    store.put(EVENTS, key(organizer, event["id"]), organizer_record)


def respond(store: Store, organizer_record: dict[str, Any], attendee: str, status: str) -> None:
    """Record an attendee's answer on the organizer's copy and fan it out."""
    event = organizer_record["event"]
    event["attendees"] = [
        {**a, "responseStatus": status} if str(a.get("email", "")).lower() == attendee else a
        for a in event.get("attendees", [])
    ]
    stamp(event, store.now())
    fan_out(store, organizer_record)


def apply_personal(record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """An attendee's copy with only the personal fields of ``changes`` applied."""
    event = dict(record["event"])
    for field in PERSONAL:
        if field in changes:
            event[field] = changes[field]
    private = changes.get("extendedProperties", {}).get("private")
    if private is not None:
        event["extendedProperties"] = merge_patch(
            event.get("extendedProperties", {}), {"private": private}
        )
    return event


def send(
    store: Store,
    event: dict[str, Any],
    method: str,
    recipients: list[str],
) -> None:
    """Queue one invitation e-mail per recipient in the ``outbox``."""
    subject_prefix = {"REQUEST": "Invitation", "UPDATE": "Updated invitation"}.get(
        method, "Canceled event"
    )
    organizer = event.get("organizer", {}).get("email", "")
    now = format_ms(store.now())
    for to in recipients:
        ident = new_id(24)
        store.put(
            OUTBOX,
            ident,
            {
                "id": ident,
                "to": to,
                "subject": f"{subject_prefix}: {event.get('summary', '(No title)')}",
                "eventId": event["id"],
                "calendarId": organizer,
                "method": method,
                "time": now,
                "organizer": organizer,
            },
        )


def recipients(event: dict[str, Any], send_updates: str | None) -> list[str]:
    """Who ``sendUpdates`` mails: every guest (``all``), outside guests, or nobody."""
    organizer = str(event.get("organizer", {}).get("email", "")).lower()
    guests = [e for e in attendee_emails(event) if e and e != organizer]
    if send_updates == "all":
        return guests
    if send_updates == "externalOnly":
        return [e for e in guests if domain_of(e) != domain_of(organizer)]
    return []


def outbox(store: Store, to: str | None = None) -> list[dict[str, Any]]:
    """Queued invitations (for one recipient, if given), oldest first."""
    mails = [m for m in store.all(OUTBOX) if to is None or m["to"] == to.lower()]
    return sorted(mails, key=lambda m: m["time"])


def busy_for(store: Store, record: dict[str, Any]) -> bool:
    """Whether a copy makes its calendar's owner busy (free/busy rules)."""
    event = record["event"]
    if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
        return False
    owner = record["calendarId"]
    mine = [a for a in event.get("attendees", []) if a.get("email") == owner]
    return not (mine and mine[0].get("responseStatus") == "declined")
