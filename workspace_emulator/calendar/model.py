"""Pure Calendar v3 rules: event ids, RFC 3339 times, event start/end, intervals, patches.

Nothing here touches the store or HTTP; the route modules build on these and the unit tests
check them directly. Error messages are Google's (see the handley-calendar recordings).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from workspace_emulator.core.framework import ApiError

# Client-supplied event ids: base32hex ("a"-"v", "0"-"9"), 5 to 1024 characters.
BASE32HEX = "0123456789abcdefghijklmnopqrstuv"
_EVENT_ID = re.compile(r"[0-9a-v]{5,1024}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
Span = tuple[datetime, datetime]


def valid_event_id(ident: str) -> bool:
    """Whether Calendar accepts ``ident`` as a client-supplied event id."""
    return bool(_EVENT_ID.fullmatch(ident))


def new_event_id() -> str:
    """A fresh event id shaped like Google's own (26 base32hex characters)."""
    return "".join(secrets.choice(BASE32HEX) for _ in range(26))


def valid_email(address: str) -> bool:
    """A loose e-mail check, enough to refuse what Google calls an invalid attendee."""
    return bool(_EMAIL.fullmatch(address))


def calendar_error(code: int, message: str, reason: str, **kw: Any) -> ApiError:
    """An error in Calendar's shape (``domain`` defaults to ``global``)."""
    return ApiError(code, message, reason=reason, **kw)


def not_found() -> ApiError:
    """Calendar's 404 for a missing or invisible calendar or event."""
    return calendar_error(404, "Not Found", "notFound")


def time_range_empty() -> ApiError:
    """Calendar's 400 for an end at or before the start (events and freeBusy alike)."""
    return calendar_error(
        400,
        "The specified time range is empty.",
        "timeRangeEmpty",
        domain="calendar",
        location="timeMax",
    )


def zone(name: str) -> ZoneInfo | None:
    """The IANA zone ``name``, or None when Calendar would refuse it."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def parse_rfc3339(text: str) -> datetime:
    """An RFC 3339 timestamp with offset (``Z`` or ``+hh:mm``) as an aware UTC datetime.

    A timestamp without an offset raises ValueError, as Google refuses it in queries.
    """
    moment = datetime.fromisoformat(text.strip().replace("z", "Z").replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"no time zone offset in {text!r}")
    return moment.astimezone(UTC)


def format_rfc3339(moment: datetime, tz: ZoneInfo | None = None) -> str:
    """``moment`` in ``tz`` (UTC by default), to the second, with ``Z`` for a zero offset."""
    local = moment.astimezone(tz or UTC).replace(microsecond=0)
    text = local.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def format_ms(moment: datetime) -> str:
    """A UTC timestamp with milliseconds, as Google writes ``created`` and ``updated``."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def event_time(value: Any, which: str, calendar_tz: ZoneInfo) -> tuple[datetime, bool]:
    """An event's ``start`` or ``end`` object as (UTC instant, all-day).

    ``date`` is an all-day boundary (midnight in the calendar's zone); ``dateTime`` needs an
    offset or a ``timeZone``; both at once, or neither, is Google's "Invalid start time.".
    """
    if not isinstance(value, dict):
        raise calendar_error(400, f"Missing {which} time.", "required")
    has_date, has_dt = bool(value.get("date")), bool(value.get("dateTime"))
    invalid = calendar_error(400, f"Invalid {which} time.", "invalid")
    if has_date == has_dt:
        raise invalid
    tz_name = value.get("timeZone")
    tz = zone(tz_name) if tz_name else None
    if tz_name and tz is None:
        raise calendar_error(400, f"Invalid time zone definition for {which} time.", "invalid")
    if has_date:
        try:
            day = date.fromisoformat(str(value["date"]))
        except ValueError as exc:
            raise invalid from exc
        return datetime.combine(day, time(0), tz or calendar_tz).astimezone(UTC), True
    try:
        moment = datetime.fromisoformat(str(value["dateTime"]).replace("Z", "+00:00"))
    except ValueError as exc:
        raise invalid from exc
    if moment.tzinfo is None:
        if tz is None:
            raise calendar_error(400, f"Missing time zone definition for {which} time.", "required")
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC), False


def event_span(event: dict[str, Any], calendar_tz: ZoneInfo) -> Span:
    """The UTC span of an event resource; refuses mixed all-day/timed and empty ranges."""
    start, start_all_day = event_time(event.get("start"), "start", calendar_tz)
    end, end_all_day = event_time(event.get("end"), "end", calendar_tz)
    if start_all_day != end_all_day:
        raise calendar_error(
            400, "Start and end times must either both be date or both be dateTime.", "invalid"
        )
    if end < start or (end == start and start_all_day):
        raise time_range_empty()
    return start, end


def render_time(value: dict[str, Any], instant: datetime, tz: ZoneInfo) -> dict[str, Any]:
    """A stored start/end as Google answers it: a ``dateTime`` shown in the calendar's zone.

    (Google keeps the given ``timeZone`` but writes the instant with the calendar's offset.)
    """
    if value.get("date"):
        return {k: v for k, v in value.items() if k in ("date", "timeZone")}
    shown: dict[str, Any] = {"dateTime": format_rfc3339(instant, tz)}
    if value.get("timeZone"):
        shown["timeZone"] = value["timeZone"]
    return shown


def overlaps(span: Span, lo: datetime | None, hi: datetime | None) -> bool:
    """Whether ``span`` meets the window [lo, hi) (Calendar's events.list semantics)."""
    start, end = span
    return (lo is None or end > lo) and (hi is None or start < hi)


def merge_intervals(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping and touching intervals joined (free/busy ``busy`` lists)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def clip(spans: Iterable[Span], lo: datetime, hi: datetime) -> list[Span]:
    """The parts of ``spans`` inside [lo, hi); empty parts dropped."""
    return [(max(s, lo), min(e, hi)) for s, e in spans if min(e, hi) > max(s, lo)]


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Google's patch semantics: objects merge key by key, ``null`` clears, arrays replace."""
    out = dict(target)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_patch(out[key], value)
        else:
            out[key] = value
    return out
