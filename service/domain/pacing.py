"""Pace to goal as a sales manager reads it: attainment of goal next to the share of the period
gone, "49% of goal, 14% of month gone · ahead".

The share gone counts working days (Monday to Friday minus holidays); the day the actuals are
as of counts as gone. A rep is ahead or behind when attainment is more than ``TOLERANCE`` away
from the expected share (49% against 14% gone is ahead; 13% against 14% is on pace); before
``TOO_EARLY`` of the period is gone nothing is claimed either way (a few deals on day two say
nothing about the month). The text written in
the doc and the tracker is read back by ``parse_pace``, so the roll-up judges the figures a
person sees. Pure: dates in, numbers and text out.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal, cast

Period = Literal["week", "month", "quarter"]
TOLERANCE: Final[float] = 0.10  # attainment within 10 % of the expected share is on pace
TOO_EARLY: Final[float] = 0.10  # share of the period gone below which pace is not judged


class PaceStatus(StrEnum):
    """How a rep stands against the goal's pace."""

    AHEAD = "ahead"
    ON_PACE = "on pace"
    BEHIND = "behind"
    EARLY = "too early to tell"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Pace:
    """Attainment of goal and the share of the period gone, and the verdict."""

    attainment: float  # actual / goal
    gone: float  # share of the period's working days gone (0.0 to 1.0)
    status: PaceStatus
    period: Period = "month"

    @property
    def ratio(self) -> float | None:
        """Attainment over the expected share (1.0 = exactly on pace); None when nothing is
        expected yet."""
        return self.attainment / self.gone if self.gone > 0 else None

    def text(self) -> str:
        """``49% of goal, 14% of month gone · ahead``."""
        return (
            f"{self.attainment:.0%} of goal, {self.gone:.0%} of {self.period} gone · {self.status}"
        )


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
    """The part of the period's working days gone by the end of ``as_of`` (0.0 to 1.0)."""
    start, end = period_span(period, as_of)
    total = working_days(start, end, holidays)
    if total == 0:
        return 1.0
    return working_days(start, min(as_of, end), holidays) / total


def judge(attainment: float, gone: float, *, higher_is_better: bool = True) -> PaceStatus:
    """Ahead, on pace or behind: attainment over the share gone, ``TOLERANCE`` either way."""
    if gone < TOO_EARLY:
        return PaceStatus.EARLY
    ratio = attainment / gone
    if ratio > 1.0 + TOLERANCE:
        return PaceStatus.AHEAD if higher_is_better else PaceStatus.BEHIND
    if ratio < 1.0 - TOLERANCE:
        return PaceStatus.BEHIND if higher_is_better else PaceStatus.AHEAD
    return PaceStatus.ON_PACE


def pace_to_goal(
    goal: float | None,
    actual: float | None,
    gone: float,
    *,
    higher_is_better: bool = True,
    period: Period = "month",
) -> Pace | None:
    """How ``actual`` stands against ``goal`` with ``gone`` of the period gone (None without
    both numbers or with a goal of zero)."""
    if goal is None or actual is None or goal <= 0:
        return None
    return shown(actual / goal, gone, period, higher_is_better=higher_is_better)


def shown(attainment: float, gone: float, period: Period, *, higher_is_better: bool = True) -> Pace:
    """The pace as it is shown, in whole percents, judged on those figures: the verdict is
    the one a person reading "12% of goal, 14% of month gone" would reach."""
    attainment, gone = round(attainment, 2), round(gone, 2)
    return Pace(
        attainment, gone, judge(attainment, gone, higher_is_better=higher_is_better), period
    )


def combined(paces: Sequence[Pace]) -> Pace | None:
    """A rep's pace over their metrics: mean attainment against the mean share gone."""
    if not paces:
        return None
    attainment = statistics.fmean(p.attainment for p in paces)
    gone = statistics.fmean(p.gone for p in paces)
    return shown(attainment, gone, paces[0].period)


_TEXT = re.compile(
    r"(-?\d[\d,]*(?:\.\d+)?)\s*%\s*of goal,\s*(\d+(?:\.\d+)?)\s*%\s*of\s+(week|month|quarter)"
    r"\s+gone(?:\s*·\s*(.+))?",
    re.IGNORECASE,
)


def parse_pace(text: object) -> Pace | None:
    """The pace ``Pace.text`` wrote (in a doc cell or a tracker cell), or None."""
    match = _TEXT.search(str(text or ""))
    if match is None:
        return None
    attainment = float(match.group(1).replace(",", "")) / 100
    gone = float(match.group(2)) / 100
    pace = shown(attainment, gone, cast(Period, match.group(3).lower()))
    written = (match.group(4) or "").strip().lower()
    status = next((s for s in PaceStatus if s.value == written), pace.status)
    return Pace(pace.attainment, pace.gone, status, pace.period)
