"""RFC 5545 recurrences as Calendar expands them: RRULE, EXRULE, RDATE and EXDATE lines, read
and expanded by ``python-dateutil``.

A timed series steps in the wall clock of its zone (the start's ``timeZone``, else the
calendar's), so a 14:00 meeting stays at 14:00 across DST; an all-day series steps in dates.
The first start is always an instance (RFC 5545 3.8.5.3). UNTIL is read as Google reads it: a
date means "through that day", a time without ``Z`` is in the series' zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from itertools import islice

from dateutil.rrule import rrule, rruleset, rrulestr

from workspace_emulator.calendar.model import Span, calendar_error, zone

MAX_INSTANCES = 2500  # an endless series is cut here when no window ends it
_PROPERTIES = ("RRULE", "EXRULE", "RDATE", "EXDATE")


def expand(
    recurrence: list[str],
    first: Span,
    tz: tzinfo,
    *,
    all_day: bool,
    lo: datetime | None = None,
    hi: datetime | None = None,
    limit: int = MAX_INSTANCES,
) -> list[Span]:
    """The UTC spans of the series whose first instance is ``first`` that meet [lo, hi)."""
    start, end = first
    days = (end.astimezone(tz).date() - start.astimezone(tz).date()).days
    out: list[Span] = []
    for moment in islice(starts(recurrence, start, tz, all_day=all_day), limit):
        begin = _utc(moment, tz)
        if hi is not None and begin >= hi:
            break
        # an all-day instance lasts whole days (23 or 25 hours across DST); a timed one as long
        # as the first
        finish = _utc(moment + timedelta(days=days), tz) if all_day else begin + (end - start)
        if lo is None or finish > lo:
            out.append((begin, finish))
    return out


def check(recurrence: object) -> None:
    """Refuse what Calendar refuses: not a list of lines, an unknown property, a bad rule."""
    invalid = calendar_error(400, "Invalid recurrence rule.", "invalid")
    if not isinstance(recurrence, list) or not all(isinstance(r, str) for r in recurrence):
        raise invalid
    for line in recurrence:
        name = line.partition(":")[0].partition(";")[0].upper()
        if name not in _PROPERTIES or ":" not in line:
            raise invalid
    try:
        for all_day in (False, True):
            next(starts(recurrence, datetime(2000, 1, 3, tzinfo=UTC), UTC, all_day=all_day))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise invalid from exc


def instance_suffix(start: datetime, tz: tzinfo, *, all_day: bool) -> str:
    """The part after ``_`` in an instance id: its original start (UTC time, or local date)."""
    if all_day:
        return start.astimezone(tz).strftime("%Y%m%d")
    return start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_suffix(suffix: str, tz: tzinfo, *, all_day: bool) -> datetime | None:
    """The original start (UTC) an instance id's suffix names, or None when it names none."""
    try:
        if all_day and len(suffix) == 8:
            day = datetime.strptime(suffix, "%Y%m%d").date()
            return datetime.combine(day, time(0), tz).astimezone(UTC)
        if not all_day and len(suffix) == 16:
            return datetime.strptime(suffix, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return None


def starts(
    recurrence: list[str], start: datetime, tz: tzinfo, *, all_day: bool
) -> Iterator[datetime]:
    """Instance starts in order: naive local midnights (all-day) or aware times in ``tz``."""
    local = start.astimezone(tz)
    dtstart = local.replace(tzinfo=None) if all_day else local
    rules = rruleset()
    rules.rdate(dtstart)
    for line in recurrence:
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        name = name.upper()
        if name in ("RRULE", "EXRULE"):
            rule = _rule(value, dtstart, tz, all_day=all_day)
            rules.rrule(rule) if name == "RRULE" else rules.exrule(rule)
        elif name in ("RDATE", "EXDATE"):
            for moment in _dates(value, params, local, tz, all_day=all_day):
                rules.rdate(moment) if name == "RDATE" else rules.exdate(moment)
    return iter(rules)


def _rule(value: str, dtstart: datetime, tz: tzinfo, *, all_day: bool) -> rrule:
    parts = []
    for part in value.split(";"):
        key, _, text = part.partition("=")
        if key.upper() == "UNTIL":
            text = _until(text, tz, all_day=all_day)
        parts.append(f"{key}={text}")
    rule = rrulestr("RRULE:" + ";".join(parts), dtstart=dtstart)
    if not isinstance(rule, rrule):
        raise ValueError("not one rule")
    count = next((int(p[6:]) for p in parts if p.upper().startswith("COUNT=")), None)
    if count is not None and next(iter(rule), None) != dtstart:
        # DTSTART is the first instance and counts towards COUNT even where the rule would
        # not yield it (RFC 5545 3.8.5.3)
        rule = rule.replace(count=count - 1) if count > 1 else rrule(0, count=0, dtstart=dtstart)
    return rule


def _until(text: str, tz: tzinfo, *, all_day: bool) -> str:
    """UNTIL as dateutil needs it next to DTSTART: a local date (all-day) or a UTC time."""
    moment = _value(text, None, tz)
    if all_day:
        return moment.astimezone(tz).strftime("%Y%m%d") if len(text) > 8 else text
    if len(text) == 8:  # a date: through the end of that day in the series' zone
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0), tz)
        moment -= timedelta(seconds=1)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _dates(
    value: str, params: list[str], local: datetime, tz: tzinfo, *, all_day: bool
) -> list[datetime]:
    """RDATE/EXDATE values in the form the series steps in."""
    named = {k.upper(): v for k, _, v in (p.partition("=") for p in params)}
    given_tz = zone(named["TZID"]) if "TZID" in named else None
    if "TZID" in named and given_tz is None:
        raise ValueError(f"unknown TZID {named['TZID']!r}")
    out = []
    for text in (t.strip() for t in value.split(",")):
        moment = _value(text, given_tz, tz)
        if all_day:
            day = moment.astimezone(tz).date() if len(text) > 8 else moment.date()
            out.append(datetime.combine(day, time(0)))
        elif len(text) == 8:  # a date in a timed series: that day at the series' time
            out.append(datetime.combine(moment.date(), local.timetz()))
        else:
            out.append(moment.astimezone(tz))
    return out


def _value(text: str, given_tz: tzinfo | None, tz: tzinfo) -> datetime:
    """A DATE (naive) or DATE-TIME: ``Z`` is UTC, else the TZID's zone, else the series'."""
    if len(text) == 8:
        return datetime.strptime(text, "%Y%m%d")
    if text.endswith("Z"):
        return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return datetime.strptime(text, "%Y%m%dT%H%M%S").replace(tzinfo=given_tz or tz)


def _utc(moment: datetime, tz: tzinfo) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    return aware.astimezone(UTC)
