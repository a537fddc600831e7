"""The adapter between the jobs and the planner: configuration and calendars in, a plan out.

Public holidays come from the ``holidays`` package (the team's country, else the org's),
added to the dates configured in the rules.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as public_holidays

from service.domain.model import Interval, Meeting, Rep, Team
from service.domain.planner import RepToPlan, Rules, WeekProblem, plan_week
from service.domain.week import Week
from service.settings.models import DevelopmentConfig, RulesConfig, minutes_of

log = logging.getLogger(__name__)
CONFIGURED_HOLIDAY = "holiday"


def planner_rules(rules: RulesConfig) -> Rules:
    """The configured rules in the planner's terms."""
    return Rules(
        days=tuple(rules.days),
        window=(minutes_of(rules.window[0]), minutes_of(rules.window[1])),
        meeting_minutes=rules.meeting_minutes,
        buffer_minutes=rules.buffer_minutes,
        max_per_day=dict(rules.max_per_day),
        veteran_days=tuple(rules.veteran_days),
        new_rep_days=tuple(rules.new_rep_days),
        rep_hours=(minutes_of(rules.rep_working_hours[0]), minutes_of(rules.rep_working_hours[1])),
    )


def development_rules(development: DevelopmentConfig, rules: RulesConfig) -> RulesConfig:
    """The rules that place development sessions: the development block's days, window,
    length, buffer and cap; the team's holidays and reps' working hours; no tenure days."""
    cap = development.max_per_day
    return RulesConfig(
        days=development.days,
        window=development.window,
        meeting_minutes=development.minutes,
        buffer_minutes=development.buffer_minutes,
        max_per_day=dict.fromkeys(development.days, cap) if cap is not None else {},
        veteran_days=[],
        new_rep_days=[],
        holidays=rules.holidays,
        rep_working_hours=rules.rep_working_hours,
    )


@lru_cache(maxsize=64)
def _country_holidays(country: str, year: int) -> dict[date, str]:
    try:
        found = public_holidays.country_holidays(country, years=year)
    except NotImplementedError:
        log.warning("no public holidays known for country %r; using configured dates only", country)
        return {}
    return {day: str(name) for day, name in found.items()}


def holidays_of(week: Week, configured: Iterable[date], country: str | None) -> dict[date, str]:
    """The holidays falling in ``week``: configured dates and the country's public holidays."""
    days = {week.monday + timedelta(days=i) for i in range(7)}
    found: dict[date, str] = {}
    if country:
        for year in sorted({d.year for d in days}):
            found.update(
                (day, name) for day, name in _country_holidays(country, year).items() if day in days
            )
    for day in configured:
        if day in days:
            found.setdefault(day, CONFIGURED_HOLIDAY)
    return found


def _outside_the_team(rep: Rep, week: Week) -> tuple[Interval, ...]:
    """The days of ``week`` before the rep's start date and after their last day (``left_on``),
    in the rep's zone: a rep who starts on Wednesday has no 1:1 on Monday."""

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), ZoneInfo(rep.timezone))

    first, end = week.monday, week.monday + timedelta(days=7)
    out = []
    if rep.start_date is not None and rep.start_date > first:
        out.append(Interval(midnight(first), midnight(min(rep.start_date, end))))
    if rep.left_on is not None and rep.left_on + timedelta(days=1) < end:
        out.append(Interval(midnight(max(rep.left_on + timedelta(days=1), first)), midnight(end)))
    return tuple(out)


def solve_week(
    rules: RulesConfig,
    team: Team,
    week: Week,
    *,
    manager_busy: list[Interval],
    reps: list[Rep],
    rep_busy: dict[str, list[Interval]],
    fixed: list[Meeting],
    unreadable: set[str],
    country: str | None,
    previous: dict[str, tuple[str, str]] | None = None,
    first_in_line: set[str] | None = None,
) -> tuple[list[Meeting], dict[str, str]]:
    """Plan ``reps`` around the calendars; return the 1:1s to book and rep -> why not booked.

    ``fixed`` are 1:1s already on the calendar (kept where they are; they take time and count
    toward the day caps). A rep whose calendar could not be read (``unreadable``) is planned
    as if free: a 1:1 they can decline beats none, and the invite tells them. ``previous``
    maps a rep to the (weekday, "HH:MM") of their last 1:1, which the planner prefers to keep.
    Reps in ``first_in_line`` (left out last week) are planned before tenure counts.
    The team's own country, when it has one, overrides ``country`` for public holidays.
    """
    previous = previous or {}
    first = {email.casefold() for email in first_in_line or ()}
    problem = WeekProblem(
        week=week,
        timezone=team.timezone,
        reps=tuple(
            RepToPlan(
                email=rep.email,
                tenure=rep.tenure,
                busy=_outside_the_team(rep, week)
                + (() if rep.email in unreadable else tuple(rep_busy.get(rep.email, []))),
                timezone=rep.timezone,
                previous=previous.get(rep.email),
                first_in_line=rep.email.casefold() in first,
            )
            for rep in reps
        ),
        manager_busy=tuple(manager_busy),
        fixed=tuple(fixed),
        rules=planner_rules(rules),
        holidays=holidays_of(week, rules.holidays, team.country or country),
    )
    plan = plan_week(problem)
    return list(plan.meetings), plan.unscheduled


def holidays_in_year(year: int, configured: Iterable[date], country: str | None) -> set[date]:
    """Every holiday of ``year``: the configured dates and the country's public holidays (the
    days a pace to goal does not count as working days)."""
    found = {day for day in configured if day.year == year}
    if country:
        found.update(_country_holidays(country, year))
    return found
