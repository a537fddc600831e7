"""Why a rep got no 1:1, in words a manager can act on (pure).

Two cases: the rep and the manager share no free slot at all (each day says what is in the
way), or the rep had slots but every plan with more reps used them (the days' bookings say
how full the week is).
"""

from __future__ import annotations

from collections.abc import Sequence

from service.domain.intervals import merge
from service.domain.model import Interval
from service.domain.plan_problem import Day, RepToPlan, Span, WeekGrid, hits
from service.domain.week import WEEKDAYS

MAX_TIMES = 4


def unscheduled_reasons(
    grid: WeekGrid, reps: Sequence[RepToPlan], booked: Sequence[int]
) -> dict[str, str]:
    """Rep email -> why they have no 1:1, for every rep in ``reps``."""
    out = {}
    for rep in reps:
        busy = [grid.span(b) for b in rep.busy]
        free = [(day, grid.rep_open(rep, day, busy)) for day in grid.days if day.room > 0]
        free = [(day, starts) for day, starts in free if starts]
        if free:
            out[rep.email] = _taken(grid, free, booked)
        else:
            out[rep.email] = _no_common_time(grid, rep, busy)
    return out


def already_booked(grid: WeekGrid, fixed: Span) -> str:
    """Why a rep with a fixed 1:1 this week gets no other."""
    local = grid.at(fixed[0])
    return f"already has a 1:1 this week ({_label(WEEKDAYS[local.weekday()])} {local:%H:%M})"


def _holiday(name: str) -> str:
    return "holiday" if name.lower() == "holiday" else f"holiday ({name})"


def _hhmm(grid: WeekGrid, minutes: int) -> str:
    return f"{grid.at(minutes):%H:%M}"


def _label(weekday: str) -> str:
    return weekday.title()


def _clock(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def _days_label(weekdays: Sequence[str]) -> str:
    """``Mon-Wed`` for a run of consecutive days, else ``Mon, Wed``."""
    if not weekdays:
        return "no day"
    index = [WEEKDAYS.index(w) for w in weekdays]
    if len(index) > 1 and index == list(range(index[0], index[0] + len(index))):
        return f"{_label(weekdays[0])}-{_label(weekdays[-1])}"
    return ", ".join(_label(w) for w in weekdays)


def _booked(grid: WeekGrid, booked: Sequence[int]) -> str:
    parts = []
    for day, count in zip(grid.days, booked, strict=True):
        if day.holiday is not None:
            parts.append(f"{_label(day.weekday)} {_holiday(day.holiday)}")
            continue
        total = count + day.fixed
        parts.append(
            f"{_label(day.weekday)} {total}" + (f"/{day.cap}" if day.cap is not None else "")
        )
    return ", ".join(parts)


def _taken(grid: WeekGrid, free: list[tuple[Day, list[int]]], booked: Sequence[int]) -> str:
    index = {id(day): i for i, day in enumerate(grid.days)}
    full = all(booked[index[id(day)]] >= day.room for day, _ in free)
    summary = _booked(grid, booked)
    if full:
        return f"all possible slots taken by other reps (1:1s booked: {summary})"
    times = [f"{_label(day.weekday)} {_hhmm(grid, t)}" for day, starts in free for t in starts]
    shown = ", ".join(times[:MAX_TIMES]) + (", ..." if len(times) > MAX_TIMES else "")
    return (
        f"the times this rep is free ({shown}) clash with other reps' 1:1s or their "
        f"{grid.rules.buffer_minutes}-minute buffers; no plan fits everyone "
        f"(1:1s booked: {summary})"
    )


def _spans_text(grid: WeekGrid, spans: list[Span], lo: int, hi: int) -> str:
    clipped = [
        Interval(grid.at(max(s, lo)), grid.at(min(e, hi))) for s, e in spans if s < hi and lo < e
    ]
    return ", ".join(f"{i.start:%H:%M}-{i.end:%H:%M}" for i in merge(clipped))


def _day_text(grid: WeekGrid, rep: RepToPlan, day: Day, busy: list[Span]) -> str:
    """What leaves no common slot on ``day``."""
    if day.holiday is not None:
        return _holiday(day.holiday)
    if day.room <= 0 and not day.fixed:
        return f"no 1:1s allowed (day cap {day.cap})"
    if day.room <= 0:
        return f"already {day.fixed} 1:1s booked (day cap {day.cap})"
    if not day.grid:
        return "no quarter-hour start fits in the window"
    lo, hi = day.grid[0], day.grid[-1] + grid.length
    length, gap, buffer = grid.length, grid.gap, grid.rules.buffer_minutes
    parts = []
    if any(hits(grid.manager, t, t + gap) for t in day.grid):
        parts.append("manager busy " + _spans_text(grid, grid.manager, lo, hi + buffer))
    others = [
        fs for fs, fe in grid.fixed if any(fs < t + gap and t < fe + buffer for t in day.grid)
    ]
    if others:
        parts.append("other 1:1s at " + ", ".join(_hhmm(grid, fs) for fs in sorted(others)))
    if any(hits(busy, t, t + length) for t in day.grid):
        parts.append("rep busy " + _spans_text(grid, busy, lo, hi))
    if not all(grid.in_rep_hours(rep, t) for t in day.grid):
        start, end = grid.rules.rep_hours
        parts.append(
            f"outside the rep's working hours ({_clock(start)}-{_clock(end)} {rep.timezone})"
        )
    return ", ".join(parts) or f"no free {length} minutes"


def _no_common_time(grid: WeekGrid, rep: RepToPlan, busy: list[Span]) -> str:
    rules = grid.rules
    head = (
        f"no common free {rules.meeting_minutes} minutes on "
        f"{_days_label([d.weekday for d in grid.days])} "
        f"{_clock(rules.window[0])}-{_clock(rules.window[1])}"
    )
    if not grid.days:
        return head + " (no day is allowed for 1:1s)"
    groups: list[tuple[list[str], str]] = []
    for day in grid.days:
        text = _day_text(grid, rep, day, busy)
        if groups and groups[-1][1] == text:
            groups[-1][0].append(day.weekday)
        else:
            groups.append(([day.weekday], text))
    details = "; ".join(f"{_days_label(days)}: {text}" for days, text in groups)
    return f"{head} ({details})"
