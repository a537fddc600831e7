"""Calendars: each user's primary calendar, and the secondary calendars ``calendars.insert``
makes (``calendars.get``, ``calendars.delete``, ``calendarList.list``/``get``, ``acl.list``).

A secondary calendar is stored under kind ``calendars`` as ``{id, owner, summary,
description, location}``; its id is ``<hex>@group.calendar.google.com`` as on Google, its
time zone is kept where a primary calendar's is (``store.SETTINGS`` by calendar id), and
events go on it as on a primary calendar (its owner alone can use it: there is no ACL).
"""

from __future__ import annotations

import base64
import secrets
from typing import Any
from urllib.parse import unquote

from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.model import calendar_error, not_found, zone
from workspace_emulator.core.framework import Request, Store

CALENDARS = "calendars"
DEFAULT_REMINDERS = [{"method": "popup", "minutes": 30}]
CONFERENCE = {"allowedConferenceSolutionTypes": ["hangoutsMeet"]}
_LIST_LOOK = {"primary": ("14", "#9fe1e7"), "secondary": ("8", "#16a765")}  # colorId, colour


def secondary(store: Store, calendar_id: str) -> dict[str, Any] | None:
    """The stored secondary calendar, or None."""
    return store.get(CALENDARS, calendar_id.lower())


def resolve(request: Request) -> str:
    """The calendar id of the URL: ``primary`` is the caller's; a secondary calendar the caller
    owns is itself; any other is a 404."""
    wanted = unquote(request.match["calendarId"]).lower()
    user = request.user.lower()
    if wanted in ("primary", user):
        return user
    found = secondary(request.store, wanted) if request.store is not None else None
    if found is None or found["owner"] != user:
        raise not_found()
    return wanted


def head(store: Store, calendar_id: str, kind: str) -> dict[str, Any]:
    """The fields every calendar-level answer starts with (events.list has no ``id``)."""
    found = secondary(store, calendar_id) or {}
    out = {"kind": kind, "etag": _etag(calendar_id), "id": calendar_id,
           "summary": found.get("summary", calendar_id)}  # fmt: skip
    if kind == "calendar#events" or found.get("description"):  # events.list always has one
        out["description"] = found.get("description", "")
    if found.get("location"):
        out["location"] = found["location"]
    out["timeZone"] = cs.timezone_name(store, calendar_id)
    if kind == "calendar#events":
        del out["id"]
    return out


def _etag(ident: str) -> str:
    tag = base64.b32hexencode(ident.encode()).decode().lower().rstrip("=")[:16]
    return f'"p{tag}"'


def get_calendar(store: Store, request: Request) -> dict[str, Any]:
    """calendars.get: the caller's primary calendar or one of their secondary calendars."""
    answer = head(store, resolve(request), "calendar#calendar")
    answer["conferenceProperties"] = CONFERENCE
    return answer


def insert_calendar(store: Store, request: Request) -> dict[str, Any]:
    """calendars.insert: a new secondary calendar of the caller, in their time zone unless the
    body names one; it is on their calendar list at once."""
    body = request.json()
    if not body.get("summary"):
        raise calendar_error(400, "Missing summary.", "required")
    tz = str(body.get("timeZone") or cs.timezone_name(store, request.user))
    if zone(tz) is None:
        raise calendar_error(400, "Invalid time zone definition.", "invalid")
    ident = secrets.token_hex(32) + "@group.calendar.google.com"
    record = {"id": ident, "owner": request.user.lower(), "summary": str(body["summary"])}
    record.update({k: str(body[k]) for k in ("description", "location") if body.get(k)})
    store.put(CALENDARS, ident, record)
    store.put(cs.SETTINGS, ident, {"timeZone": tz})
    return get_calendar(store, _for(request, ident))


def delete_calendar(store: Store, request: Request) -> None:
    """calendars.delete: a secondary calendar and its events; the primary one cannot go."""
    ident = resolve(request)
    if ident == request.user.lower():
        raise calendar_error(400, "Cannot delete a primary calendar: use calendars.clear.",
                             "cannotDeletePrimaryCalendar")  # fmt: skip
    for record in cs.records(store, ident):
        store.delete(cs.EVENTS, cs.key(ident, record["event"]["id"]))
    store.delete(cs.SETTINGS, ident)
    store.delete(CALENDARS, ident)


def calendar_list(store: Store, request: Request) -> dict[str, Any]:
    """calendarList.list: the caller's primary calendar, then their secondary calendars."""
    owner = request.user.lower()
    ids = [owner, *sorted(c["id"] for c in store.all(CALENDARS) if c["owner"] == owner)]
    items = [_list_entry(store, ident, primary=ident == owner) for ident in ids]
    return {"kind": "calendar#calendarList", "etag": items[0]["etag"], "items": items}


def calendar_list_get(store: Store, request: Request) -> dict[str, Any]:
    """calendarList.get: the caller's entry for one of their calendars."""
    ident = resolve(request)
    return _list_entry(store, ident, primary=ident == request.user.lower())


def acl_list(store: Store, request: Request) -> dict[str, Any]:
    """acl.list: the owner's rule, and the domain's free/busy rule that lets colleagues ask
    ``freeBusy`` (the emulator's sharing model; rules cannot be changed here)."""
    ident = resolve(request)
    owner = (secondary(store, ident) or {}).get("owner", ident)
    domain = cs.domain_of(owner)
    rules = [("user", owner, "owner"), ("domain", domain, "freeBusyReader")]
    items = [{"kind": "calendar#aclRule", "etag": _etag(f"{kind}:{value}"),
              "id": f"{kind}:{value}", "scope": {"type": kind, "value": value}, "role": role}
             for kind, value, role in rules]  # fmt: skip
    return {"kind": "calendar#acl", "etag": items[0]["etag"], "items": items}


def _list_entry(store: Store, ident: str, *, primary: bool) -> dict[str, Any]:
    entry = head(store, ident, "calendar#calendarListEntry")
    color, background = _LIST_LOOK["primary" if primary else "secondary"]
    entry.update(colorId=color, backgroundColor=background, foregroundColor="#000000",
                 selected=True, accessRole="owner",
                 defaultReminders=DEFAULT_REMINDERS if primary else [],
                 conferenceProperties=CONFERENCE)  # fmt: skip
    if primary:
        entry["primary"] = True
    return entry


def _for(request: Request, calendar_id: str) -> Request:
    request.match = {**request.match, "calendarId": calendar_id}
    return request
