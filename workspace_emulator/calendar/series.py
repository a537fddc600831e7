"""Recurring events: a series' instances, their ids, and the exceptions that replace them.

A series is one stored copy with ``recurrence``; its instances are computed (``recurrence``)
and get Google's ids ``{seriesId}_{20260302T190000Z}`` (``_20260302`` all day). Writing to an
instance id stores an exception: a copy of its own with ``recurringEventId`` and
``originalStartTime``, which then replaces the computed instance (deleting one stores it
cancelled, which is how Google answers a deleted instance).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from workspace_emulator.calendar import store as cs
from workspace_emulator.calendar.model import Span, format_rfc3339, not_found, zone
from workspace_emulator.calendar.recurrence import expand, instance_suffix, parse_suffix
from workspace_emulator.core.framework import Store


def require(store: Store, calendar_id: str, event_id: str) -> dict[str, Any]:
    """A stored copy or a series instance (unsaved: saving it makes an exception); else 404."""
    record = find(store, calendar_id, event_id)
    if record is None:
        raise not_found()
    return record


def occurrences(
    store: Store, record: dict[str, Any], lo: datetime | None = None, hi: datetime | None = None
) -> list[Span]:
    """The spans of a copy meeting [lo, hi): its own, or each instance of its recurrence
    that has no exception of its own (a moved or cancelled instance is a record apart)."""
    return [cs.span(instance) for instance in instances(store, record, lo, hi)]


def instances(
    store: Store, record: dict[str, Any], lo: datetime | None = None, hi: datetime | None = None
) -> list[dict[str, Any]]:
    """The copy itself, or (a series) a record per instance meeting [lo, hi), exceptions out."""
    recurrence = record["event"].get("recurrence")
    if not recurrence:
        return [record]
    tz, all_day = series_zone(store, record), record["allDay"]
    out = []
    for start, end in expand(recurrence, cs.span(record), tz, all_day=all_day, lo=lo, hi=hi):
        instance_id = f"{record['event']['id']}_{instance_suffix(start, tz, all_day=all_day)}"
        if cs.get(store, record["calendarId"], instance_id) is None:
            out.append(instance_record(store, record, start, end))
    return out


def series_zone(store: Store, record: dict[str, Any]) -> ZoneInfo:
    """The zone a series steps in: its start's ``timeZone``, else its calendar's."""
    given = zone(str(record["event"]["start"].get("timeZone") or ""))
    return given or cs.timezone_of(store, record["calendarId"])


def instance_record(
    store: Store, series: dict[str, Any], start: datetime, end: datetime
) -> dict[str, Any]:
    """An unsaved record for the instance of ``series`` at ``start`` (Google's instance form)."""
    tz, all_day = series_zone(store, series), series["allDay"]
    master = series["event"]
    instance_id = f"{master['id']}_{instance_suffix(start, tz, all_day=all_day)}"
    event = {k: v for k, v in master.items() if k != "recurrence"}
    event.update(
        id=instance_id,
        htmlLink=cs.html_link(instance_id, series["calendarId"]),
        recurringEventId=master["id"],
        start=_series_time(master["start"], start, tz, all_day=all_day),
        end=_series_time(master["end"], end, tz, all_day=all_day),
    )
    event["originalStartTime"] = event["start"]
    return {"calendarId": series["calendarId"], "event": event, "startUtc": format_rfc3339(start),
            "endUtc": format_rfc3339(end), "allDay": all_day, "copies": []}  # fmt: skip


def _series_time(
    value: dict[str, Any], moment: datetime, tz: ZoneInfo, *, all_day: bool
) -> dict[str, Any]:
    if all_day:
        return {"date": moment.astimezone(tz).date().isoformat()}
    shown: dict[str, Any] = {"dateTime": format_rfc3339(moment, tz)}
    if value.get("timeZone"):
        shown["timeZone"] = value["timeZone"]
    return shown


def find(store: Store, calendar_id: str, event_id: str) -> dict[str, Any] | None:
    """A stored copy, or the unsaved record of a listed instance of a live series."""
    record = cs.get(store, calendar_id, event_id)
    if record is not None or "_" not in event_id:
        return record
    series_id, _, suffix = event_id.rpartition("_")
    series = cs.get(store, calendar_id, series_id)
    if series is None or not series["event"].get("recurrence") or not live(store, series):
        return None
    tz, all_day = series_zone(store, series), series["allDay"]
    start = parse_suffix(suffix, tz, all_day=all_day)
    if start is None:
        return None
    found = expand(series["event"]["recurrence"], cs.span(series), tz, all_day=all_day,
                   lo=start, hi=start + timedelta(seconds=1))  # fmt: skip
    hits = [s for s in found if s[0] == start]
    return instance_record(store, series, *hits[0]) if hits else None


def live(store: Store, record: dict[str, Any]) -> bool:
    """Not cancelled, and not an exception of a cancelled (or vanished) series."""
    if record["event"].get("status") == "cancelled":
        return False
    series_id = record["event"].get("recurringEventId")
    if not series_id:
        return True
    series = cs.get(store, record["calendarId"], series_id)
    return series is not None and series["event"].get("status") != "cancelled"


def organizer_copy(store: Store, record: dict[str, Any]) -> dict[str, Any] | None:
    """The organizer's record for an attendee's copy (None for a foreign organizer)."""
    organizer = str(record["event"].get("organizer", {}).get("email", "")).lower()
    return find(store, organizer, record["event"]["id"])
