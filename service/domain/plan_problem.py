"""The planner's inputs and its view of the week as quarter-hour starts (pure).

Every time is an integer: minutes since the week's Monday 00:00 in the manager's zone,
counted in real elapsed time. Converting through UTC makes each day's slots DST-correct: a
window that spans a clock change holds the instants it really holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from service.domain.model import Interval, Meeting, Tenure
from service.domain.week import WEEKDAYS, Week

STEP = 15  # minutes: 1:1s start on quarter hours
# Spans are clipped to the week with two days either side: what lies further away cannot meet
# a 1:1, and a date near year 1 or 9999 must not be turned back into a datetime.
REACH = (-2 * 24 * 60, 9 * 24 * 60)
Span = tuple[int, int]


@dataclass(frozen=True)
class Rules:
    """The scheduling rules in the planner's terms (times of day as minutes after midnight)."""

    days: tuple[str, ...] = ("MON", "TUE", "WED")
    window: tuple[int, int] = (13 * 60, 17 * 60)
    meeting_minutes: int = 45
    buffer_minutes: int = 15
    max_per_day: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(WEEKDAYS[:3], 4))
    veteran_days: tuple[str, ...] = ("WED",)
    new_rep_days: tuple[str, ...] = ("MON",)
    rep_hours: tuple[int, int] = (9 * 60, 18 * 60)


@dataclass(frozen=True)
class RepToPlan:
    """A rep who needs a 1:1 this week, with what the planner must respect and prefers."""

    email: str
    tenure: Tenure = Tenure.STANDARD
    busy: tuple[Interval, ...] = ()
    timezone: str | None = None  # the rep's own zone: working hours apply when it differs
    previous: tuple[str, str] | None = None  # ("MON", "14:00"): the slot of their last 1:1
    first_in_line: bool = False  # left out last week: planned before tenure is considered


@dataclass(frozen=True)
class WeekProblem:
    """Everything the planner needs for one manager's week."""

    week: Week
    timezone: str  # the manager's
    reps: tuple[RepToPlan, ...]
    manager_busy: tuple[Interval, ...] = ()
    fixed: tuple[Meeting, ...] = ()  # 1:1s already booked: they stay where they are
    rules: Rules = Rules()
    holidays: Mapping[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WeekPlan:
    """The planner's answer: 1:1s to book, and why each other rep has none."""

    meetings: tuple[Meeting, ...]
    unscheduled: dict[str, str]


def hits(spans: list[Span], start: int, end: int) -> bool:
    """Whether any span meets [start, end)."""
    return any(s < end and start < e for s, e in spans)


@dataclass(frozen=True)
class Day:
    """One allowed weekday: its quarter-hour starts inside the window and its room left."""

    weekday: str
    date: date
    grid: list[int]  # every start inside the window
    open: list[int]  # those the manager's calendar and the fixed 1:1s leave open
    room: int  # 1:1s still allowed by the day cap (fixed ones counted)
    holiday: str | None = None
    cap: int | None = None
    fixed: int = 0  # 1:1s already booked on the day


class WeekGrid:
    """The week of one problem as integer minutes; answers every hard rule but the spacing."""

    def __init__(self, problem: WeekProblem) -> None:
        self.problem = problem
        self.rules = problem.rules
        self.zone = ZoneInfo(problem.timezone)
        self.anchor = datetime.combine(problem.week.monday, time(0), self.zone).astimezone(UTC)
        self.length = self.rules.meeting_minutes
        self.gap = self.rules.meeting_minutes + self.rules.buffer_minutes
        self.manager = [self.span(b) for b in problem.manager_busy]
        self.fixed = [self.span(m) for m in problem.fixed]
        self._labels: dict[int, tuple[str, str]] = {}

    def floor(self, when: datetime) -> int:
        return int((when - self.anchor).total_seconds() // 60)

    def ceil(self, when: datetime) -> int:
        return -int(-(when - self.anchor).total_seconds() // 60)

    def span(self, interval: Interval | Meeting) -> Span:
        """An interval as minutes, widened to whole minutes, clipped to the week's reach."""
        lo, hi = REACH
        start = min(max(self.floor(interval.start), lo), hi)
        return start, min(max(self.ceil(interval.end), start), hi)

    def at(self, minutes: int) -> datetime:
        """The instant ``minutes`` after the week's start, in the manager's zone."""
        return (self.anchor + timedelta(minutes=minutes)).astimezone(self.zone)

    def wall(self, day: date, minute_of_day: int) -> int:
        """A wall-clock time of ``day`` in the manager's zone, as minutes."""
        hours, minutes = divmod(minute_of_day, 60)
        return self.floor(datetime.combine(day, time(hours, minutes), self.zone))

    @cached_property
    def days(self) -> list[Day]:
        """The allowed days in week order (holidays included, with nothing open)."""
        return [self._day(weekday) for weekday in sorted(set(self.rules.days), key=WEEKDAYS.index)]

    def _day(self, weekday: str) -> Day:
        when = self.problem.week.day(weekday)
        holiday = self.problem.holidays.get(when)
        lo = self.wall(when, self.rules.window[0])
        hi = self.wall(when, self.rules.window[1])
        first = -(-lo // STEP) * STEP
        grid = [t for t in range(first, hi - self.length + 1, STEP) if self.at(t).date() == when]
        buffer = self.rules.buffer_minutes
        open_ = [
            t
            for t in grid
            if not hits(self.manager, t, t + self.gap)
            and not any(fs < t + self.gap and t < fe + buffer for fs, fe in self.fixed)
        ]
        cap = self.rules.max_per_day.get(weekday)
        booked = sum(1 for fs, _ in self.fixed if self.at(fs).date() == when)
        room = len(open_) if cap is None else max(0, cap - booked)
        if holiday is not None:
            open_, room = [], 0
        return Day(weekday, when, grid, open_, room, holiday, cap, booked)

    def in_rep_hours(self, rep: RepToPlan, start: int) -> bool:
        """Whether a 1:1 at ``start`` lies in a weekday's working hours of an away rep."""
        if not rep.timezone or rep.timezone == self.problem.timezone:
            return True
        zone = ZoneInfo(rep.timezone)
        begin = (self.anchor + timedelta(minutes=start)).astimezone(zone)
        end = (self.anchor + timedelta(minutes=start + self.length)).astimezone(zone)
        if begin.weekday() >= 5 or end.date() != begin.date():
            return False
        lo, hi = self.rules.rep_hours
        return lo <= begin.hour * 60 + begin.minute and end.hour * 60 + end.minute <= hi

    def fixed_this_week(self) -> dict[str, Span]:
        """Rep address (case-folded) -> their fixed 1:1 that starts in this week, if any."""
        next_monday = self.problem.week.monday + timedelta(days=7)
        end = self.floor(datetime.combine(next_monday, time(0), self.zone))
        found: dict[str, Span] = {}
        for meeting, (start, stop) in zip(self.problem.fixed, self.fixed, strict=True):
            if 0 <= start < end:
                found.setdefault(meeting.rep_email.casefold(), (start, stop))
        return found

    def is_slot(self, start: int, weekday: str, clock: str) -> bool:
        """Whether ``start`` is ``weekday`` at ``clock`` (HH:MM) on the manager's wall clock."""
        label = self._labels.get(start)
        if label is None:
            local = self.at(start)
            label = self._labels[start] = (WEEKDAYS[local.weekday()], f"{local:%H:%M}")
        return label == (weekday.upper(), clock)

    def rep_open(self, rep: RepToPlan, day: Day, busy: list[Span]) -> list[int]:
        """The starts of ``day`` open to the manager that ``rep`` (busy ``busy``) can take."""
        if not day.open:
            return []
        lo, hi = day.open[0], day.open[-1] + self.length
        today = [(s, e) for s, e in busy if s < hi and lo < e]
        return [
            t for t in day.open if not hits(today, t, t + self.length) and self.in_rep_hours(rep, t)
        ]
