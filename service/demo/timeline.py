"""The demo week's moments, in the team's time zone."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from service.domain.week import Week


def moment(week: Week, spec: str, timezone: str) -> datetime:
    """``"FRI 11:30"`` in the week BEFORE the 1:1 ``week`` (``"MON ..."`` = the 1:1 week)."""
    day, clock = spec.split()
    base = week if day in ("MON", "TUE", "WED") else week.previous()
    return datetime.combine(base.day(day), time.fromisoformat(clock), ZoneInfo(timezone))
