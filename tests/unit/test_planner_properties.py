"""Planner properties on random problems: every hard rule, and optimality against brute force.

The referee (``planner_oracle``) is written from contract 2 alone with datetimes; the optimum
is found by trying every plan, so the problems are kept small. Reps carry every input that
changes the order: tenure, a previous slot, being first in line; some fixed 1:1s name a rep
of the problem (in another letter case), who must not be booked again.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.planner import team_problem
from service.domain.model import Interval, Meeting, Tenure
from service.domain.planner import RepToPlan, Rules, WeekProblem, plan_week
from service.domain.week import WEEKDAYS, Week
from tests.unit.planner_oracle import Referee

ZONES = (
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",  # +05:30
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "UTC",
)
WEEKS = (
    date(2026, 3, 2),  # US clocks go forward on its Sunday
    date(2026, 3, 9),
    date(2026, 3, 23),  # Europe goes forward on its Sunday
    date(2026, 10, 26),  # US goes back on its Sunday
    date(2026, 11, 2),
    date(2026, 9, 7),
)


@st.composite
def spans(draw: st.DrawFn, week: Week, zone: str, most: int) -> tuple[Interval, ...]:
    """Busy intervals on 5-minute steps, written in the zone or in UTC."""
    start = datetime.combine(week.monday, time(0), ZoneInfo(zone)).astimezone(UTC)
    out = []
    for _ in range(draw(st.integers(0, most))):
        offset = draw(st.integers(0, 7 * 288)) * 5
        length = draw(st.integers(1, 60)) * 5
        begin = start + timedelta(minutes=offset)
        shown = ZoneInfo(draw(st.sampled_from((zone, "UTC"))))
        out.append(
            Interval(begin.astimezone(shown), (begin + timedelta(minutes=length)).astimezone(shown))
        )
    return tuple(out)


def _quarters(window: tuple[int, int]) -> list[str]:
    first = -(-window[0] // 15) * 15
    return [f"{m // 60:02d}:{m % 60:02d}" for m in range(first, window[1], 15)] or ["13:00"]


@st.composite
def in_window(
    draw: st.DrawFn,
    week: Week,
    zone: str,
    days: tuple[str, ...],
    window: tuple[int, int],
    most: int,
) -> tuple[Interval, ...]:
    """Busy intervals inside the window of the allowed days, where they matter."""
    out = []
    for _ in range(draw(st.integers(0, most))):
        day = week.day(draw(st.sampled_from(days)))
        offset = draw(st.integers(window[0] // 5, window[1] // 5)) * 5
        begin = datetime.combine(day, time(0), ZoneInfo(zone)) + timedelta(minutes=offset)
        length = draw(st.integers(1, 18)) * 5
        out.append(Interval(begin, begin + timedelta(minutes=length)))
    return tuple(out)


@st.composite
def problems(
    draw: st.DrawFn, most_reps: int = 4, night: bool = False, crowded: bool = False
) -> WeekProblem:
    """A small random week; ``night`` puts the window across the DST changes (01:00-04:00);
    ``crowded`` puts several reps and every busy interval in a 13:00 window of 2-3 hours."""
    week = Week(draw(st.sampled_from(WEEKS)))
    zone = draw(st.sampled_from(ZONES))
    days = tuple(draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True)))
    meeting = draw(st.sampled_from((30, 45, 60)))
    buffer = draw(st.sampled_from((0, 15, 30)))
    if night:
        window = (60, 4 * 60)
    elif crowded:
        window = (13 * 60, 13 * 60 + draw(st.sampled_from((90, 120, 150))))
    else:
        begin = draw(st.integers(7 * 4, 18 * 4)) * 15 + draw(st.sampled_from((0, 0, 5, 10)))
        window = (begin, begin + meeting + draw(st.integers(0, 8)) * 15)
    caps = {d: draw(st.integers(0, 3)) for d in days if draw(st.booleans())}
    rules = Rules(
        days=days,
        window=window,
        meeting_minutes=meeting,
        buffer_minutes=buffer,
        max_per_day=caps,
        veteran_days=tuple(draw(st.lists(st.sampled_from(days), max_size=2, unique=True))),
        new_rep_days=tuple(draw(st.lists(st.sampled_from(days), max_size=2, unique=True))),
        rep_hours=(draw(st.sampled_from((0, 9 * 60))), draw(st.sampled_from((18 * 60, 23 * 60)))),
    )
    reps = []
    for i in range(draw(st.integers(most_reps // 2 if crowded else 0, most_reps))):
        previous = draw(
            st.one_of(
                st.none(),
                st.tuples(st.sampled_from(days), st.sampled_from(_quarters(window))),
            )
        )
        reps.append(
            RepToPlan(
                email=f"rep{i}@example.com",
                tenure=draw(st.sampled_from(Tenure)),
                busy=draw(
                    in_window(week, zone, days, window, 3) if crowded else spans(week, zone, 3)
                ),
                timezone=draw(st.sampled_from((None, zone, "Asia/Tokyo", "America/Chicago"))),
                previous=previous,
                first_in_line=draw(st.booleans()),
            )
        )
    # A fixed 1:1 is someone else's, or (in another letter case) one of the reps'.
    owners = [*(r.email.upper() for r in reps), *(r.email for r in reps)]
    fixed = tuple(
        Meeting(
            draw(st.sampled_from([f"fixed{i}@example.com", f"fixed{i}@example.com", *owners])),
            b.start,
            b.start + timedelta(minutes=meeting),
        )
        for i, b in enumerate(draw(spans(week, zone, 2)))
    )
    holidays = {
        week.day(d): "Founders' Day" for d in draw(st.lists(st.sampled_from(days), max_size=1))
    }
    return WeekProblem(
        week=week,
        timezone=zone,
        reps=tuple(reps),
        manager_busy=draw(
            in_window(week, zone, days, window, 2) if crowded else spans(week, zone, 4)
        ),
        fixed=fixed,
        rules=rules,
        holidays=holidays,
    )


FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems(most_reps=8))
def test_every_hard_rule_holds(problem: WeekProblem) -> None:
    plan = plan_week(problem)
    assert Referee(problem).violations(plan) == []


@FAST
@given(problems(most_reps=6, night=True))
def test_hard_rules_hold_across_clock_changes(problem: WeekProblem) -> None:
    plan = plan_week(problem)
    assert Referee(problem).violations(plan) == []


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(most_reps=4))
def test_optimal_against_brute_force(problem: WeekProblem) -> None:
    referee = Referee(problem)
    plan = plan_week(problem)
    assert referee.score(plan.meetings) == referee.best_score()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(most_reps=5, crowded=True))
def test_optimal_against_brute_force_when_reps_compete(problem: WeekProblem) -> None:
    referee = Referee(problem)
    assert referee.score(plan_week(problem).meetings) == referee.best_score()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(most_reps=3, night=True))
def test_optimal_across_clock_changes(problem: WeekProblem) -> None:
    referee = Referee(problem)
    assert referee.score(plan_week(problem).meetings) == referee.best_score()


@FAST
@given(problems(most_reps=6))
def test_a_rep_with_no_slot_is_told_what_is_in_the_way(problem: WeekProblem) -> None:
    referee = Referee(problem)
    plan = plan_week(problem)
    for rep in problem.reps:
        if referee.has_fixed(rep):
            assert plan.unscheduled[rep.email].startswith("already has a 1:1 this week")
            continue
        open_ = [t for t in referee.candidates(rep) if referee.cap_left(referee.local_day(t), [t])]
        if not open_:
            assert plan.unscheduled[rep.email].startswith("no common free")
        elif rep.email in plan.unscheduled:
            assert "other reps" in plan.unscheduled[rep.email]


@FAST
@given(problems(most_reps=6))
def test_same_problem_same_plan(problem: WeekProblem) -> None:
    assert plan_week(problem) == plan_week(problem)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(most_reps=4, crowded=True))
def test_the_two_referees_agree(problem: WeekProblem) -> None:
    referee = Referee(problem)
    assert referee.best_score_by_dp() == referee.best_score()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(most_reps=9, crowded=True))
def test_optimal_with_more_reps_against_dynamic_programming(problem: WeekProblem) -> None:
    referee = Referee(problem)
    assert referee.score(plan_week(problem).meetings) == referee.best_score_by_dp()


@pytest.mark.parametrize("seed", range(4))
def test_optimal_on_realistic_teams_against_dynamic_programming(seed: int) -> None:
    problem = team_problem(random.Random(seed), reps=10)
    referee = Referee(problem)
    plan = plan_week(problem)
    assert referee.violations(plan) == []
    assert referee.score(plan.meetings) == referee.best_score_by_dp()
