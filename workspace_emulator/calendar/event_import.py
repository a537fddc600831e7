"""``events.import``: a private copy of an existing event (from another calendar system, or an
invitation) added to a calendar, keyed by its ``iCalUID``.

Importing the same ``iCalUID`` again updates that copy instead of adding a second one, as on
Google. The organizer is the one the body names (else the calendar); nobody is invited or
told, and the guests' calendars are not touched: the copy is the calendar owner's alone.
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.calendar import calendars, series
from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.events import writable_fields
from workspace_emulator.calendar.model import calendar_error, format_ms, new_event_id
from workspace_emulator.core.framework import Request, Store


def import_event(store: Store, request: Request) -> dict[str, Any]:
    """events.import: add or update the calendar's copy of the event ``iCalUID`` names."""
    owner = calendars.resolve(request)
    body = request.json()
    uid = str(body.get("iCalUID") or "")
    if not uid:
        raise calendar_error(400, "Missing iCalUID.", "required")
    if body.get("eventType", "default") != "default":
        raise calendar_error(400, "Only events of type default can be imported.", "invalid")
    if not body.get("start") or not body.get("end"):
        raise calendar_error(400, "Missing end time." if body.get("start") else
                             "Missing start time.", "required")  # fmt: skip
    same = [r for r in cs.records(store, owner) if r["event"].get("iCalUID") == uid
            and not r["event"].get("recurringEventId")]  # fmt: skip
    previous = same[0]["event"] if same else None
    event_id = previous["id"] if previous else new_event_id()
    now = format_ms(store.now())
    event = writable_fields(body, request, previous=previous)
    organizer = body.get("organizer") if isinstance(body.get("organizer"), dict) else None
    event.update(
        kind="calendar#event",
        id=event_id,
        iCalUID=uid,
        htmlLink=cs.html_link(event_id, owner),
        created=previous["created"] if previous else now[:-5] + ".000Z",
        creator={"email": request.user.lower()},
        organizer={"email": str((organizer or {}).get("email") or owner).lower()},
        sequence=int(body.get("sequence") or 0),
    )
    event.setdefault("status", "confirmed")
    event.setdefault("reminders", {"useDefault": True})
    event.setdefault("eventType", "default")
    cs.stamp(event, store.now())
    cs.save(store, owner, event)
    return cs.view(store, series.require(store, owner, event_id))
