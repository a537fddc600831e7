"""The weekly cycle in time: when a job next runs and which 1:1 week a run works on."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from service.domain.week import WEEKDAYS, Week


def next_run(day: str, clock: str, timezone: str, now: datetime) -> datetime:
    """The first ``day`` at ``clock`` (HH:MM, in ``timezone``) strictly after ``now``."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    hours, minutes = (int(x) for x in clock.split(":"))
    target = WEEKDAYS.index(day.upper())
    for ahead in range(8):
        candidate_day = local_now.date() + timedelta(days=ahead)
        if candidate_day.weekday() != target:
            continue
        candidate = datetime.combine(candidate_day, time(hours, minutes), zone)
        if candidate > local_now:
            return candidate
    raise AssertionError("unreachable: a weekday recurs within 8 days")


def week_to_prepare(now: datetime, timezone: str) -> Week:
    """``prepare`` runs late in a week and books the following week's 1:1s."""
    return Week.of(now.astimezone(ZoneInfo(timezone)).date()).next()


def week_to_collect(now: datetime, timezone: str) -> Week:
    """``collect`` on Friday reads docs for next week's 1:1s; on Monday morning, this week's."""
    local = now.astimezone(ZoneInfo(timezone)).date()
    this_week = Week.of(local)
    return this_week if local.weekday() <= 2 else this_week.next()


def week_for(job: str, now: datetime, timezone: str) -> Week:
    """The 1:1 week a run of ``job`` at ``now`` works on, by its place in the cycle."""
    if job == "prepare":
        return week_to_prepare(now, timezone)
    return week_to_collect(now, timezone)  # remind and collect
