"""`python -m bench.planner`: time to plan 100 teams of 12 reps around realistic calendars.

Each team: a manager in New York with 1-3 meetings a day, twelve reps (two veterans, two new,
two in other US zones, some with a previous slot) each with 2-5 customer calls a day, default
rules (Mon-Wed 13:00-17:00, 45 on 15 off, at most 4 a day: exactly 12 places for 12 reps, so
the planner must prove who cannot fit). Nothing is asserted; this only prints.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from service.domain.model import Interval, Tenure
from service.domain.planner import RepToPlan, WeekProblem, plan_week
from service.domain.week import Week

WEEK = Week(date(2026, 3, 9))
ZONE = "America/New_York"
AWAY = ("America/Chicago", "America/Los_Angeles")


def _calls(rng: random.Random, zone: str, per_day: tuple[int, int]) -> tuple[Interval, ...]:
    """Calls on Mon-Fri between 08:00 and 18:00 local, on quarter or half hours."""
    tz = ZoneInfo(zone)
    out = []
    for offset in range(5):
        day = WEEK.monday + timedelta(days=offset)
        for _ in range(rng.randint(*per_day)):
            start = datetime.combine(day, datetime.min.time(), tz) + timedelta(
                minutes=rng.randrange(8 * 60, 17 * 60, rng.choice((15, 30)))
            )
            out.append(Interval(start, start + timedelta(minutes=rng.choice((30, 30, 45, 60)))))
    return tuple(out)


def team_problem(rng: random.Random, reps: int = 12) -> WeekProblem:
    """One team's week with realistic calendars."""
    people = []
    for i in range(reps):
        zone = AWAY[i % 2] if i in (4, 9) else ZONE
        tenure = Tenure.VETERAN if i < 2 else Tenure.NEW if i in (5, 6) else Tenure.STANDARD
        previous = (rng.choice(("MON", "TUE", "WED")), f"{rng.randint(13, 16)}:00")
        people.append(
            RepToPlan(
                email=f"rep{i}@example.com",
                tenure=tenure,
                busy=_calls(rng, zone, (2, 5)),
                timezone=zone,
                previous=previous if rng.random() < 0.5 else None,
            )
        )
    return WeekProblem(WEEK, ZONE, tuple(people), manager_busy=_calls(rng, ZONE, (1, 3)))


def main(teams: int = 100, seed: int = 6) -> None:
    """Plan ``teams`` teams of 12 and print the total and per-team times."""
    rng = random.Random(seed)
    problems = [team_problem(rng) for _ in range(teams)]
    start = time.perf_counter()
    times, planned, left = [], 0, 0
    for problem in problems:
        began = time.perf_counter()
        plan = plan_week(problem)
        times.append(time.perf_counter() - began)
        planned += len(plan.meetings)
        left += len(plan.unscheduled)
    total = time.perf_counter() - start
    times.sort()
    print(
        f"plan_week: {teams} teams x 12 reps in {total * 1000:.0f} ms "
        f"(median {times[len(times) // 2] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms per team; "
        f"{planned} 1:1s planned, {left} reps left out)"
    )


if __name__ == "__main__":
    main()
