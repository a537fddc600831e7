"""``events.move``: an event goes to another calendar of its organizer (the primary calendar
and the secondary ones they made), which becomes its organizer.

The event keeps its id; a series moves with its exceptions; the guests' copies follow the new
organizer, and ``sendUpdates`` says who is told. Only the organizer's copy can move, not an
instance of a series (Google's 400), nor onto a calendar that already has the id (409).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from workspace_emulator.calendar import calendars, series
from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.model import calendar_error, not_found
from workspace_emulator.core.framework import Request, Store


def _destination(store: Store, request: Request) -> str:
    wanted = unquote(request.arg("destination") or "").lower()
    user = request.user.lower()
    if wanted in ("primary", user):
        return user
    found = calendars.secondary(store, wanted)
    if found is None or found["owner"] != user:
        raise not_found()
    return wanted


def move(store: Store, request: Request) -> dict[str, Any]:
    """events.move: the event (with a series' exceptions) onto ``destination``."""
    source = calendars.resolve(request)
    target = _destination(store, request)
    event_id = request.match["eventId"]
    record = series.require(store, source, event_id)
    if target == source:
        return cs.view(store, record)
    event = record["event"]
    if event.get("recurringEventId"):
        raise calendar_error(400, "Cannot change the organizer of an instance.",
                             "cannotChangeOrganizerOfInstance")  # fmt: skip
    if str(event.get("organizer", {}).get("email", "")).lower() != source:
        raise calendar_error(403, "You need to have writer access to this calendar.",
                             "requiredAccessLevel")  # fmt: skip
    if cs.get(store, target, event_id) is not None:
        raise calendar_error(409, "The requested identifier already exists.", "duplicate")
    exceptions = [r for r in cs.records(store, source)
                  if r["event"].get("recurringEventId") == event_id]  # fmt: skip
    moved = _moved(store, record, target)
    for old in exceptions:
        _moved(store, old, target)
    cs.fan_out(store, moved)
    sent_to = cs.recipients(moved["event"], request.arg("sendUpdates"))
    cs.send(store, moved["event"], "UPDATE", sent_to)
    return cs.view(store, series.require(store, target, event_id))


def _moved(store: Store, old: dict[str, Any], target: str) -> dict[str, Any]:
    """Store ``old``'s event on ``target`` as its organizer; the guests' copies follow."""
    source, event = old["calendarId"], dict(old["event"])
    event["organizer"] = {"email": target}
    event["htmlLink"] = cs.html_link(event["id"], target)
    for email in old.get("copies", []):
        copy = cs.get(store, email, event["id"])
        if copy is not None and copy["event"].get("organizer", {}).get("email") == source:
            copy["event"]["organizer"] = {"email": target}
            cs.save(store, email, copy["event"])
    store.delete(cs.EVENTS, cs.key(source, event["id"]))
    cs.stamp(event, store.now())
    return cs.save(store, target, event, copies=old.get("copies", []))
