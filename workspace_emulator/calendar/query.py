"""Calendar v3 queries: events.list, events.instances, freebusy.query."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from workspace_emulator.calendar import calendars, series
from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.events import calendar_id
from workspace_emulator.calendar.model import (
    Span,
    calendar_error,
    clip,
    format_ms,
    format_rfc3339,
    merge_intervals,
    overlaps,
    parse_rfc3339,
    time_range_empty,
    valid_email,
    zone,
)
from workspace_emulator.core.admin_console import AdminConsole
from workspace_emulator.core.framework import Request, Store, bad_request

FREEBUSY_MAX = 50  # calendarExpansionMax's ceiling
MAX_RESULTS = 2500


def list_events(store: Store, request: Request) -> dict[str, Any]:
    """events.list: overlap window, filters, singleEvents, ordering and paging."""
    owner = calendar_id(request)
    lo, hi = _time_arg(request, "timeMin"), _time_arg(request, "timeMax")
    if lo is not None and hi is not None and lo >= hi:
        raise time_range_empty()
    single, order = request.flag("singleEvents"), request.arg("orderBy")
    if order not in (None, "startTime", "updated") or (order == "startTime" and not single):
        raise calendar_error(
            400, "The requested ordering is not available for the particular query.", "invalid"
        )
    size = request.int_arg("maxResults", 250)
    if size < 1:
        raise bad_request("Invalid value for maxResults.", location="maxResults")
    updated_min = _time_arg(request, "updatedMin")
    show_deleted = request.flag("showDeleted") or updated_min is not None
    wanted = _filters(request)
    items: list[tuple[Span, dict[str, Any]]] = []
    for record in cs.records(store, owner):
        event = record["event"]
        if not show_deleted and not series.live(store, record):
            continue
        if updated_min is not None and parse_rfc3339(event["updated"]) < updated_min:
            continue
        if not _matches(event, wanted, request.arg("q"), request.arg("iCalUID")):
            continue
        items.extend(_items(store, record, lo, hi, expand=single))
    if order == "updated":
        items.sort(key=lambda pair: pair[1]["updated"])
    else:
        items.sort(key=lambda pair: (pair[0][0], pair[1]["id"]))
    return _page(store, owner, items, request, size)


def list_instances(store: Store, request: Request) -> dict[str, Any]:
    """events.instances: a series' instances in the window, its exceptions in their place."""
    owner = calendar_id(request)
    record = series.require(store, owner, request.match["eventId"])
    lo, hi = _time_arg(request, "timeMin"), _time_arg(request, "timeMax")
    size = request.int_arg("maxResults", 250)
    if size < 1:
        raise bad_request("Invalid value for maxResults.", location="maxResults")
    show_deleted = request.flag("showDeleted")
    found = series.instances(store, record, lo, hi) if series.live(store, record) else []
    found += [
        r
        for r in cs.records(store, owner)
        if r["event"].get("recurringEventId") == record["event"]["id"]
        and (show_deleted or r["event"].get("status") != "cancelled")
        and overlaps(cs.span(r), lo, hi)
    ]
    items = sorted(((cs.span(r), cs.view(store, r)) for r in found), key=lambda p: p[0][0])
    return _page(store, owner, items, request, size)


def _page(
    store: Store,
    owner: str,
    items: list[tuple[Span, dict[str, Any]]],
    request: Request,
    size: int,
) -> dict[str, Any]:
    """One page of an events listing, with the calendar's head and a next page token."""
    offset = _offset(request.arg("pageToken"))
    page = [item for _, item in items[offset : offset + min(size, MAX_RESULTS)]]
    answer = calendars.head(store, owner, "calendar#events")
    stamps = [r["event"]["updated"] for r in cs.records(store, owner)]
    answer.update(
        updated=max(stamps, default=format_ms(store.now())),
        accessRole="owner",
        defaultReminders=calendars.DEFAULT_REMINDERS,
        items=page,
    )
    if offset + len(page) < len(items):
        answer["nextPageToken"] = _token(offset + len(page))
    return answer


def free_busy(store: Store, request: Request) -> dict[str, Any]:
    """freebusy.query: merged busy spans per calendar, clipped to the window.

    Anyone in the caller's domain can be asked, and their secondary calendars; other ids get
    ``notFound`` errors.
    """
    body = request.json()
    if not isinstance(body, dict):
        raise bad_request("Invalid JSON payload received.")
    lo, hi = _body_time(body, "timeMin"), _body_time(body, "timeMax")
    if lo >= hi:
        raise time_range_empty()
    tz = zone(str(body.get("timeZone") or "UTC"))
    if tz is None:
        raise bad_request("Invalid time zone definition.", location="timeZone")
    items = body.get("items") or []
    limit = int(body.get("calendarExpansionMax") or FREEBUSY_MAX)
    if limit > FREEBUSY_MAX:
        raise bad_request("Invalid value for calendarExpansionMax.")
    if len(items) > limit:
        raise calendar_error(
            400,
            "The number of calendars requested is too large for a single query.",
            "tooManyCalendarsRequested",
            domain="calendar",
        )
    per_calendar: dict[str, Any] = {}
    caller = request.user.lower()
    for item in items:
        ident = str(item.get("id", "")) if isinstance(item, dict) else ""
        email = caller if ident == "primary" else ident.lower()
        owner = (calendars.secondary(store, email) or {}).get("owner", email)
        if (
            not valid_email(email)
            or cs.domain_of(owner) != cs.domain_of(caller)
            or not AdminConsole(store).has_calendar(owner)
        ):
            per_calendar[ident] = {
                "errors": [{"domain": "global", "reason": "notFound"}],
                "busy": [],
            }
            continue
        spans = [
            when
            for record in cs.records(store, email)
            if cs.busy_for(store, record) and series.live(store, record)
            for when in series.occurrences(store, record, lo, hi)
        ]
        per_calendar[ident] = {
            "busy": [
                {"start": format_rfc3339(s, tz), "end": format_rfc3339(e, tz)}
                for s, e in merge_intervals(clip(spans, lo, hi))
            ]
        }
    return {
        "kind": "calendar#freeBusy",
        "timeMin": _echo(lo, tz),
        "timeMax": _echo(hi, tz),
        "calendars": per_calendar,
    }


def _items(
    store: Store, record: dict[str, Any], lo: datetime | None, hi: datetime | None, *, expand: bool
) -> list[tuple[Span, dict[str, Any]]]:
    """The listed form of a copy meeting [lo, hi): itself (a series when any instance meets
    the window), or with ``singleEvents`` one item per instance."""
    found = series.instances(store, record, lo, hi)
    if (
        expand
    ):  # a single event is in the list only when it meets the window, as a series' instances
        return [(cs.span(r), cs.view(store, r)) for r in found if overlaps(cs.span(r), lo, hi)]
    if "recurrence" in record["event"]:
        return [(cs.span(record), cs.view(store, record))] if found else []
    return [(cs.span(record), cs.view(store, record))] if overlaps(cs.span(record), lo, hi) else []


def _filters(request: Request) -> list[tuple[str, str, str]]:
    """(private|shared, key, value) from the repeatable ``*ExtendedProperty`` params."""
    out = []
    for scope in ("private", "shared"):
        for pair in request.args(f"{scope}ExtendedProperty"):
            name, sep, value = pair.partition("=")
            if not sep or not name:
                raise bad_request(f"Invalid {scope}ExtendedProperty value: {pair}")
            out.append((scope, name, value))
    return out


def _matches(
    event: dict[str, Any], wanted: list[tuple[str, str, str]], q: str | None, uid: str | None
) -> bool:
    props = event.get("extendedProperties", {})
    if any(props.get(scope, {}).get(k) != v for scope, k, v in wanted):
        return False
    if uid and event.get("iCalUID") != uid:
        return False
    if not q:
        return True
    people = [*event.get("attendees", []), event.get("organizer", {})]
    text = " ".join(
        [str(event.get(f, "")) for f in ("summary", "description", "location")]
        + [f"{p.get('email', '')} {p.get('displayName', '')}" for p in people]
    ).lower()
    return all(word in text for word in q.lower().split())


def _time_arg(request: Request, name: str) -> datetime | None:
    raw = request.arg(name)
    if not raw:
        return None
    try:  # an unescaped "+01:00" arrives as " 01:00" after form decoding
        return parse_rfc3339(raw.replace(" ", "+"))
    except ValueError as exc:
        raise calendar_error(400, "Bad Request", "badRequest") from exc


def _body_time(body: dict[str, Any], name: str) -> datetime:
    raw = body.get(name)
    if not raw:
        raise calendar_error(400, f"Missing {name} parameter.", "required")
    try:
        return parse_rfc3339(str(raw))
    except ValueError as exc:
        raise calendar_error(400, "Bad Request", "badRequest") from exc


def _echo(moment: datetime, tz: Any) -> str:
    return format_ms(moment) if tz.key == "UTC" else format_rfc3339(moment, tz)


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(base64.urlsafe_b64decode(token.encode()).decode().removeprefix("offset:"))
    except ValueError as exc:
        raise bad_request("Invalid page token.", location="pageToken") from exc
