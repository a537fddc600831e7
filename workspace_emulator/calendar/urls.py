"""Calendar v3's route table: every emulated method, its path and the scopes that allow it.

Handlers live in ``events`` (event writes and reads), ``query`` (events.list,
freebusy.query), ``calendars`` (calendars, calendarList) and ``account`` (colors, settings);
the store layout is documented in ``store``.
Helpers for tests and the demo: ``store.set_user_timezone``, ``view.add_busy``,
``store.outbox``; ``view.render_week_html`` draws a user's week for the HTML view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workspace_emulator.calendar import account, calendars, event_import, events, move, query
from workspace_emulator.core.framework import Api, Request, Response, Store

API = Api("calendar", "google")

_AUTH = "https://www.googleapis.com/auth/"
FULL, READONLY = _AUTH + "calendar", _AUTH + "calendar.readonly"
EVENTS, EVENTS_READONLY = _AUTH + "calendar.events", _AUTH + "calendar.events.readonly"
FREEBUSY, EVENTS_FREEBUSY = _AUTH + "calendar.freebusy", _AUTH + "calendar.events.freebusy"
WRITE = (FULL, EVENTS)
READ = (FULL, READONLY, EVENTS, EVENTS_READONLY)
CALENDARS = (FULL, READONLY)
BUSY = (FULL, READONLY, FREEBUSY, EVENTS_FREEBUSY)
OWN_CALENDARS = (FULL, _AUTH + "calendar.calendars")
SETTINGS = (FULL, READONLY, _AUTH + "calendar.settings", _AUTH + "calendar.settings.readonly")

_BASE = "/calendar/v3"
_CAL = _BASE + r"/calendars/(?P<calendarId>[^/]+)"
_EVENT = _CAL + r"/events/(?P<eventId>[^/]+)"

StoreHandler = Callable[[Store, Request], "dict[str, Any] | Response | None"]
_bound: list[Store] = []


def bind_store(store: Store) -> None:
    """Give the handlers the server's store (when the request does not carry one)."""
    _bound[:] = [store]


def _store_of(request: Request) -> Store:
    store = getattr(request, "store", None) or (_bound[0] if _bound else None)
    if not isinstance(store, Store):
        raise RuntimeError("calendar handlers need a store: call bind_store(store)")
    return store


def _route(method: str, pattern: str, scopes: tuple[str, ...], handler: StoreHandler) -> None:
    def run(request: Request) -> dict[str, Any] | Response | None:
        return handler(_store_of(request), request)

    run.__name__ = run.__qualname__ = handler.__name__
    run.__doc__ = handler.__doc__
    API.route(method, pattern, scopes=scopes)(run)


_route("POST", _CAL + "/events", WRITE, events.insert)
_route("POST", _CAL + "/events/import", WRITE, event_import.import_event)
_route("GET", _CAL + "/events", READ, query.list_events)
_route("GET", _EVENT, READ, events.get)
_route("GET", _EVENT + "/instances", READ, query.list_instances)
_route("PATCH", _EVENT, WRITE, events.patch)
_route("PUT", _EVENT, WRITE, events.update)
_route("DELETE", _EVENT, WRITE, events.delete)
_route("POST", _EVENT + "/move", WRITE, move.move)
_route("POST", _BASE + "/freeBusy", BUSY, query.free_busy)
_route("GET", _CAL, CALENDARS, calendars.get_calendar)
_route(
    "POST", _BASE + "/calendars", (FULL, _AUTH + "calendar.calendars"), calendars.insert_calendar
)
_route("DELETE", _CAL, (FULL, _AUTH + "calendar.calendars"), calendars.delete_calendar)
_route("GET", _BASE + "/users/me/calendarList", CALENDARS, calendars.calendar_list)
_route(
    "GET",
    _BASE + "/users/me/calendarList/(?P<calendarId>[^/]+)",
    CALENDARS,
    calendars.calendar_list_get,
)
_route("GET", _CAL + "/acl", CALENDARS, calendars.acl_list)
_route("GET", _BASE + "/colors", READ + CALENDARS, account.get_colors)
_route("GET", _BASE + "/users/me/settings", SETTINGS, account.list_settings)
_route("GET", _BASE + r"/users/me/settings/(?P<setting>[^/]+)", SETTINGS, account.get_setting)
