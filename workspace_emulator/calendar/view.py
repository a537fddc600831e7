"""A user's calendar week as an HTML fragment, and a helper that blocks time.

``render_week_html`` serves the core's read-only HTML view; ``add_busy`` lets tests and the
demo put a plain busy block on someone's calendar without going through HTTP.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import escape
from typing import Any

from workspace_emulator.calendar import series
from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.model import format_ms, new_event_id
from workspace_emulator.core.framework import Store
from workspace_emulator.core.links import local_href

_MARK = {"accepted": "✓", "declined": "✗", "tentative": "?", "needsAction": "…"}


def add_busy(
    store: Store, user: str, start_iso: str, end_iso: str, summary: str = "Busy"
) -> dict[str, Any]:
    """Put a plain, opaque event on ``user``'s calendar (times are RFC 3339 with offset)."""
    owner = user.lower()
    event_id = new_event_id()
    now = format_ms(store.now())
    event: dict[str, Any] = {
        "kind": "calendar#event",
        "id": event_id,
        "status": "confirmed",
        "htmlLink": cs.html_link(event_id, owner),
        "created": now,
        "summary": summary,
        "creator": {"email": owner},
        "organizer": {"email": owner},
        "start": {"dateTime": start_iso},
        "end": {"dateTime": end_iso},
        "iCalUID": f"{event_id}@google.com",
        "sequence": 0,
        "reminders": {"useDefault": True},
        "eventType": "default",
    }
    with store.lock:
        cs.stamp(event, store.now())
        return cs.view(store, cs.save(store, owner, event, copies=[]))


def render_week_html(store: Store, user: str, week_start: date, shown: str = "") -> str:
    """``user``'s week from ``week_start`` (a Monday): seven columns of events in their zone.

    Each event shows its time, summary and every guest's answer; cancelled events are left
    out; the event ``shown`` (an id) is marked, as Calendar opens an event from its link.
    Everything user-supplied is escaped. The page around it titles the week.
    """
    owner = user.lower()
    tz = cs.timezone_of(store, owner)
    days = [week_start + timedelta(days=i) for i in range(7)]
    lo = datetime.combine(days[0], time(0), tz)
    hi = datetime.combine(days[-1] + timedelta(days=1), time(0), tz)
    by_day: dict[date, list[tuple[datetime, str]]] = {d: [] for d in days}
    for record in cs.records(store, owner):
        if not series.live(store, record):
            continue
        for start, end in series.occurrences(store, record, lo, hi):
            if end <= lo or start >= hi:
                continue
            local = start.astimezone(tz)
            day = max(local.date(), days[0])
            when = "all day" if record["allDay"] else (f"{local:%H:%M}–{end.astimezone(tz):%H:%M}")
            marked = bool(shown) and record["event"].get("id") == shown
            by_day[day].append((start, _event_html(record["event"], when, marked)))
    columns = []
    for day in days:
        items = "".join(html for _, html in sorted(by_day[day], key=lambda pair: pair[0]))
        columns.append(
            f'<div class="cal-day"><h3>{day:%a %d %b}</h3><ul class="cal-events">{items}</ul></div>'
        )
    return f'<section class="cal-week">{"".join(columns)}</section>'


def _event_html(event: dict[str, Any], when: str, marked: bool = False) -> str:
    guests = "".join(
        f'<li class="cal-{escape(str(a.get("responseStatus", "needsAction")))}">'
        f"{escape(_MARK.get(str(a.get('responseStatus')), '…'))} "
        f"{escape(str(a.get('email', '')))}</li>"
        for a in event.get("attendees", [])
    )
    guest_list = f'<ul class="cal-guests">{guests}</ul>' if guests else ""
    summary = escape(str(event.get("summary", "(No title)")))
    links = "".join(
        f' · <a class="cal-doc" href="{escape(local_href(str(a.get("fileUrl", ""))))}">'
        f"{escape(str(a.get('title') or 'attachment'))}</a>"
        for a in event.get("attachments", [])
        if str(a.get("fileUrl", "")).startswith(("http://", "https://"))
    )
    for entry in event.get("conferenceData", {}).get("entryPoints", []):
        if entry.get("entryPointType") == "video" and entry.get("uri"):
            links += f' · <a class="cal-meet" href="{escape(str(entry["uri"]))}">Google Meet</a>'
    kind = "cal-event cal-shown" if marked else "cal-event"
    return f'<li class="{kind}"><b>{escape(when)}</b> {summary}{links}{guest_list}</li>'
