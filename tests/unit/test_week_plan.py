"""solve_week: the planner as booking calls it, on the example team's configuration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from service.domain.model import Interval, Meeting, Team
from service.domain.week import Week
from service.jobs.booking.week_plan import holidays_of, solve_week
from service.settings import load_config
from service.settings.models import RulesConfig
from service.settings.org import teams_of

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NY = ZoneInfo("America/New_York")


def example() -> tuple[RulesConfig, Team, str | None]:
    config = load_config(EXAMPLE)
    team = teams_of(config)[0]  # East AEs: New York, 10 reps
    return config.rules_for(team.id), team, config.org.country


def plan(
    week: Week, team: Team | None = None, **kwargs: object
) -> tuple[dict[str, datetime], dict[str, str]]:
    rules, example_team, country = example()
    team = team or example_team
    args: dict[str, object] = {
        "manager_busy": [],
        "reps": list(team.reps),
        "rep_busy": {},
        "fixed": [],
        "unreadable": set(),
        "country": country,
    }
    args.update(kwargs)
    meetings, unscheduled = solve_week(rules, team, week, **args)  # type: ignore[arg-type]
    return {m.rep_email: m.start.astimezone(NY) for m in meetings}, unscheduled


def test_example_team_is_4_4_2_veterans_wednesday_new_reps_monday() -> None:
    starts, unscheduled = plan(Week(date(2026, 11, 2)))
    assert unscheduled == {}
    days = [s.strftime("%a") for s in starts.values()]
    assert [days.count(d) for d in ("Mon", "Tue", "Wed")] == [4, 4, 2]
    assert starts["avery.adams@example.com"].strftime("%a") == "Wed"
    assert starts["blake.brooks@example.com"].strftime("%a") == "Wed"
    assert starts["indy.ito@example.com"].strftime("%a") == "Mon"
    # Jordan works from Chicago: 13:00-17:00 in New York is 12:00-16:00 there, inside hours.
    assert starts["jordan.james@example.com"].strftime("%a") == "Mon"
    assert {s.utcoffset() for s in starts.values()} == {NY.utcoffset(datetime(2026, 11, 2, 13))}


def test_labor_day_from_the_org_country() -> None:
    starts, unscheduled = plan(Week(date(2026, 9, 7)))
    assert "Mon" not in {s.strftime("%a") for s in starts.values()}
    assert len(starts) == 8 and len(unscheduled) == 2


def test_team_country_overrides_the_org_country() -> None:
    _, team, _ = example()
    starts, _ = plan(Week(date(2026, 9, 7)), replace(team, country="GB"))
    assert "Mon" in {s.strftime("%a") for s in starts.values()}


def test_holidays_of_a_week_across_new_year() -> None:
    found = holidays_of(Week(date(2026, 12, 28)), [date(2026, 12, 29), date(2027, 3, 1)], "US")
    assert found == {
        date(2026, 12, 29): "holiday",
        date(2027, 1, 1): "New Year's Day",
    }
    assert holidays_of(Week(date(2026, 12, 28)), [], None) == {}


def test_unreadable_calendar_is_planned_as_free() -> None:
    _, team, _ = example()
    rep = team.reps[2].email
    all_week = [Interval(datetime(2026, 11, 2, tzinfo=NY), datetime(2026, 11, 7, tzinfo=NY))]
    starts, unscheduled = plan(Week(date(2026, 11, 2)), rep_busy={rep: all_week})
    assert rep in unscheduled and unscheduled[rep].startswith("no common free 45 minutes")
    starts, unscheduled = plan(Week(date(2026, 11, 2)), rep_busy={rep: all_week}, unreadable={rep})
    assert rep in starts and unscheduled == {}


def test_previous_slots_and_fixed_meetings() -> None:
    _, team, _ = example()
    kept = team.reps[0]  # a veteran whose 1:1 the manager moved to Tuesday by hand
    moved = Meeting(
        kept.email, datetime(2026, 11, 3, 13, tzinfo=NY), datetime(2026, 11, 3, 13, 45, tzinfo=NY)
    )
    starts, unscheduled = plan(
        Week(date(2026, 11, 2)),
        reps=list(team.reps[1:]),
        fixed=[moved],
        previous={team.reps[5].email: ("TUE", "16:00")},
    )
    assert kept.email not in starts and unscheduled == {}
    assert starts[team.reps[5].email] == datetime(2026, 11, 3, 16, tzinfo=NY)
    tuesday = sorted(s for s in starts.values() if s.strftime("%a") == "Tue")
    assert len(tuesday) == 3 and tuesday[0].hour == 14  # the moved 1:1 keeps 13:00 and its buffer


def test_no_1on1_before_a_rep_starts_or_after_they_leave() -> None:
    """A new rep who starts on Wednesday is not booked on their usual Monday; a rep whose last
    day is Monday is booked that day or not at all."""
    _rules, team, _country = example()
    week = Week(date(2026, 11, 2))
    indy, avery = team.rep("indy.ito@example.com"), team.rep("avery.adams@example.com")
    assert indy is not None and avery is not None
    starts_wednesday = replace(indy, start_date=date(2026, 11, 4))
    leaves_monday = replace(avery, left_on=date(2026, 11, 2))
    starts, unscheduled = plan(week, reps=[starts_wednesday, leaves_monday])
    assert unscheduled == {}
    assert starts[indy.email].date() == date(2026, 11, 4)
    assert starts[avery.email].date() == date(2026, 11, 2)  # not on veterans' Wednesday
