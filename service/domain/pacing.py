"""Pace to goal: where a rep should be by now, given the period's goal and its working days.

``expected = goal * elapsed working days / working days in the period``; pace is
``actual / expected`` (1.0 = exactly on pace), inverted for a metric where lower is better.
Working days are Monday to Friday minus the given holidays; the day of the reading counts as
elapsed (pass the last full day the actuals cover). Pure: dates in, numbers out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal

Period = Literal["week", "month", "quarter"]
AHEAD_AT: Final[float] = 1.05  # pace at or above: ahead
BEHIND_BELOW: Final[float] = 0.95  # pace below: behind


class PaceStatus(StrEnum):
    """How a rep stands against the goal's pace."""

    AHEAD = "ahead"
    ON_PACE = "on pace"
    BEHIND = "behind"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Pace:
    """Where a rep should be by now and how they stand."""

    expected: float | None  # the goal scaled to the elapsed part of the period
    ratio: float | None  # actual / expected (1.0 on pace); None when it cannot be told
    status: PaceStatus


def period_span(period: Period, day: date) -> tuple[date, date]:
    """The first and last day of the period holding ``day`` (calendar quarters)."""
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    first_month = day.month if period == "month" else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    months = 1 if period == "month" else 3
    year, month = divmod(first_month - 1 + months, 12)
    return start, date(day.year + year, month + 1, 1) - timedelta(days=1)


def working_days(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Mondays to Fridays from ``start`` to ``end`` inclusive, holidays excluded."""
    days = 0
    current = start
    while current <= end:
        if current.weekday() < 5 and current not in holidays:
            days += 1
        current += timedelta(days=1)
    return days


def elapsed_fraction(period: Period, as_of: date, holidays: Collection[date] = ()) -> float:
    """The part of the period's working days elapsed by the end of ``as_of`` (0.0 to 1.0)."""
    start, end = period_span(period, as_of)
    total = working_days(start, end, holidays)
    if total == 0:
        return 1.0
    return working_days(start, min(as_of, end), holidays) / total


def pace_to_goal(
    goal: float | None,
    actual: float | None,
    fraction: float,
    *,
    higher_is_better: bool = True,
) -> Pace:
    """How ``actual`` compares with the goal's share for the elapsed ``fraction``."""
    if goal is None or actual is None:
        return Pace(None, None, PaceStatus.UNKNOWN)
    expected = goal * fraction
    if not higher_is_better and actual <= 0 < expected:
        return Pace(expected, None, PaceStatus.AHEAD)  # none of a bad thing: ahead
    if higher_is_better:
        ratio = actual / expected if expected > 0 else None
    else:
        ratio = expected / actual if actual > 0 else None
    if ratio is None:
        return Pace(expected, None, PaceStatus.UNKNOWN)
    if ratio >= AHEAD_AT:
        status = PaceStatus.AHEAD
    elif ratio < BEHIND_BELOW:
        status = PaceStatus.BEHIND
    else:
        status = PaceStatus.ON_PACE
    return Pace(expected, ratio, status)
