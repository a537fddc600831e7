"""Calendar adapter: our events, free/busy, inserts with deterministic ids.

Calendar JSON becomes domain intervals here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from service.domain import event_ids
from service.domain.model import Interval, Meeting, Rep, Team
from service.domain.week import Week
from service.errors import ConflictError, WorkspaceError
from service.google import tags
from service.google.gateway import Gateway

FREEBUSY_MAX = 50  # calendars per freebusy.query (calendarExpansionMax)


def parse_time(value: dict[str, str]) -> datetime:
    """An event's start/end (dateTime with offset, or an all-day date) as an aware datetime."""
    if "dateTime" in value:
        return datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
    return datetime.fromisoformat(value["date"] + "T00:00:00+00:00")


def event_interval(event: dict[str, Any]) -> Interval:
    """The span of an event."""
    return Interval(parse_time(event["start"]), parse_time(event["end"]))


def event_tag(event: dict[str, Any], key: str) -> str:
    """One of our private tags of an event ("" when absent)."""
    return str(event.get("extendedProperties", {}).get("private", {}).get(key, ""))


def our_events(
    gw: Gateway, user: str, calendar_id: str, start: datetime, end: datetime, **match: str
) -> list[dict[str, Any]]:
    """Our events (tagged) on a calendar overlapping [start, end), cancelled ones included."""
    service = gw.client("calendar", user)
    props = [f"{tags.APP}=1", *(f"{k}={v}" for k, v in match.items())]
    items: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        request = service.events().list(
            calendarId=calendar_id,
            timeMin=start.isoformat(),
            timeMax=end.isoformat(),
            privateExtendedProperty=props,
            singleEvents=True,
            showDeleted=True,
            maxResults=250,
            pageToken=token,
        )
        page = gw.execute(request, user, f"calendar of {calendar_id}")
        items.extend(page.get("items", []))
        token = page.get("nextPageToken")
        if not token:
            return items


def free_busy(
    gw: Gateway, user: str, emails: Sequence[str], start: datetime, end: datetime
) -> tuple[dict[str, list[Interval]], list[str]]:
    """Busy intervals per calendar, and the calendars Google could not read."""
    service = gw.client("calendar", user)
    busy: dict[str, list[Interval]] = {}
    unreadable: list[str] = []
    for offset in range(0, len(emails), FREEBUSY_MAX):
        chunk = emails[offset : offset + FREEBUSY_MAX]
        body = {
            "timeMin": start.isoformat(),
            "timeMax": end.isoformat(),
            "items": [{"id": email} for email in chunk],
        }
        answer = gw.execute(service.freebusy().query(body=body), user, "free/busy")
        calendars = {str(k).lower(): v for k, v in answer.get("calendars", {}).items()}
        for email in chunk:
            # A calendar missing from the answer is not a free one: treat it as unreadable.
            entry = calendars.get(email.lower())
            if entry is None or entry.get("errors"):
                unreadable.append(email)
                entry = {}
            busy[email] = [
                Interval(parse_time({"dateTime": b["start"]}), parse_time({"dateTime": b["end"]}))
                for b in entry.get("busy", [])
            ]
    return busy, unreadable


def insert_events(
    gw: Gateway,
    user: str,
    calendar_id: str,
    events: Iterable[dict[str, Any]],
    *,
    send_updates: str = "all",
) -> dict[str, dict[str, Any] | WorkspaceError]:
    """Insert events with their own ids in one batch; an id that exists is read back instead.

    A 409 means a previous (perhaps crashed) run already booked it: that event is the truth.
    """
    service = gw.client("calendar", user)
    requests = [
        (
            event["id"],
            service.events().insert(
                calendarId=calendar_id,
                body=event,
                sendUpdates=send_updates,
                supportsAttachments=True,
                conferenceDataVersion=1,  # read the event's conferenceData (a Meet request)
            ),
        )
        for event in events
    ]
    if not requests:
        return {}
    results: dict[str, dict[str, Any] | WorkspaceError] = gw.execute_batch(
        "calendar", user, requests, "calendar event"
    )
    for ident, result in list(results.items()):
        if isinstance(result, ConflictError):
            request = service.events().get(calendarId=calendar_id, eventId=ident)
            results[ident] = gw.execute(request, user, f"calendar event {ident}")
    return results


def insert_event(
    gw: Gateway, user: str, calendar_id: str, event: dict[str, Any], *, send_updates: str = "none"
) -> dict[str, Any]:
    """Insert one event with its own id; if the id is taken, return the existing event."""
    service = gw.client("calendar", user)
    request = service.events().insert(calendarId=calendar_id, body=event, sendUpdates=send_updates)
    try:
        created: dict[str, Any] = gw.execute(request, user, "calendar event")
    except ConflictError:
        request = service.events().get(calendarId=calendar_id, eventId=event["id"])
        created = gw.execute(request, user, "calendar event")
    return created


def ensure_event(
    gw: Gateway, user: str, calendar_id: str, event: dict[str, Any], *, send_updates: str = "none"
) -> bool:
    """Insert one event with its own id unless it exists: True when it was created now.

    One call either way (a 409 says a previous run made it; it is left as it is).
    """
    service = gw.client("calendar", user)
    request = service.events().insert(calendarId=calendar_id, body=event, sendUpdates=send_updates)
    try:
        gw.execute(request, user, "calendar event")
    except ConflictError:
        return False
    return True


def cancel_event(gw: Gateway, user: str, calendar_id: str, event_id: str) -> None:
    """Delete (cancel) one of our events and tell the attendees."""
    service = gw.client("calendar", user)
    request = service.events().delete(calendarId=calendar_id, eventId=event_id, sendUpdates="all")
    gw.execute(request, user, f"calendar event {event_id}")


def patch_event(
    gw: Gateway,
    user: str,
    calendar_id: str,
    event_id: str,
    body: dict[str, Any],
    *,
    send_updates: str = "none",
    idempotent: bool = True,
) -> dict[str, Any]:
    """Change only the fields in ``body`` of one of our events (``idempotent`` False: not
    tried again when the answer is lost, e.g. when the change e-mails the attendees)."""
    service = gw.client("calendar", user)
    request = service.events().patch(
        calendarId=calendar_id,
        eventId=event_id,
        body=body,
        sendUpdates=send_updates,
        supportsAttachments=True,
    )
    patched: dict[str, Any] = gw.execute(
        request, user, f"calendar event {event_id}", idempotent=idempotent
    )
    return patched


def meeting_event(
    kind: str,
    summary: str,
    description: str,
    team: Team,
    rep: Rep,
    meeting: Meeting,
    week: Week,
    *,
    meet: bool = False,
) -> dict[str, Any]:
    """A meeting of ours on the manager's calendar, the rep invited, with its deterministic id
    and the private properties that mark it ours; with ``meet``, a Google Meet conference
    asked for under the event's own id (a re-run asks again with the same id: same link)."""
    ident = event_ids.event_id(kind, team.id, rep.email, week)
    event = {
        "id": ident,
        "summary": summary,
        "description": description,
        "start": {"dateTime": meeting.start.isoformat(), "timeZone": team.timezone},
        "end": {"dateTime": meeting.end.isoformat(), "timeZone": team.timezone},
        "attendees": [{"email": rep.email}],
        "guestsCanModify": False,
        "reminders": {"useDefault": True},
        "extendedProperties": {
            "private": tags.tags(kind=kind, team=team.id, rep=rep.email, week=week.label)
        },
    }
    if meet:
        event["conferenceData"] = {
            "createRequest": {"requestId": ident, "conferenceSolutionKey": {"type": "hangoutsMeet"}}
        }
    return event


def video_link(event: dict[str, Any]) -> str:
    """The event's Google Meet (video) link, "" when it has none (yet)."""
    for entry in event.get("conferenceData", {}).get("entryPoints", []):
        if entry.get("entryPointType") == "video" and entry.get("uri"):
            return str(entry["uri"])
    return ""


@dataclass
class OurWeek:
    """Our events of one kind for a week, sorted the way booking treats them."""

    existing: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep -> live event
    cancelled_by_manager: list[str] = field(default_factory=list)  # due reps: not re-booked
    to_cancel: list[dict[str, Any]] = field(default_factory=list)  # future, rep not due
    spans: list[Interval] = field(default_factory=list)  # every live one (busy time)


def sort_our_week(events: Iterable[dict[str, Any]], due: Container[str], now: datetime) -> OurWeek:
    """A live event of a due rep is kept as it is (the manager may have moved it); a cancelled
    one means the manager deleted it; a future one of a rep no longer due is to cancel."""
    week = OurWeek()
    for event in events:
        rep = event_tag(event, tags.REP)
        if event.get("status") == "cancelled":
            if rep in due:
                week.cancelled_by_manager.append(rep)
            continue
        span = event_interval(event)
        week.spans.append(span)
        if rep in due:
            week.existing[rep] = event
        elif span.start > now:
            week.to_cancel.append(event)
    return week


def declined_by(event: dict[str, Any], email: str) -> bool:
    """Whether ``email`` is an attendee of ``event`` who declined it."""
    return any(
        a.get("responseStatus") == "declined"
        for a in event.get("attendees", [])
        if str(a.get("email", "")).lower() == email.lower()
    )
