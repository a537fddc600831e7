"""The monthly development session's pure parts: who is due, and the rules that place it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from service.domain.model import Cadence, Interval, Meeting, Tenure
from service.domain.week import Week
from service.jobs.booking.week_plan import development_rules, solve_week
from service.settings import load_config
from service.settings.models import DevelopmentConfig, RulesConfig
from service.settings.org import teams_of

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NY = ZoneInfo("America/New_York")
FIRST = Week(date(2026, 11, 2))  # the first Monday of November


def test_reps_due_only_in_the_first_week_and_only_while_in_the_team() -> None:
    team = teams_of(load_config(EXAMPLE))[0]
    assert len(team.reps_for_development(FIRST)) == len(team.reps)
    assert team.reps_for_development(FIRST.next()) == ()
    assert team.reps_for_development(Week(date(2026, 10, 26))) == ()  # October's last week
    left, later, biweekly, *rest = team.reps
    team = replace(
        team,
        reps=(
            replace(left, left_on=date(2026, 10, 30)),
            replace(later, start_date=date(2026, 11, 9)),
            replace(biweekly, cadence=Cadence.BIWEEKLY, start_date=date(2026, 10, 26)),
            *rest,
        ),
    )
    due = {rep.email for rep in team.reps_for_development(FIRST)}
    assert due == {biweekly.email, *(rep.email for rep in rest)}
    assert not team.reps[2].is_due(FIRST)  # no 1:1 this week, a session all the same


def test_development_rules_come_from_the_block_and_keep_the_team_calendar() -> None:
    team_rules = RulesConfig(holidays=[date(2026, 11, 5)], rep_working_hours=("08:00", "17:00"))
    block = DevelopmentConfig(
        enabled=True, minutes=60, days=["THU", "FRI"], window=("09:00", "12:00"), max_per_day=2
    )
    rules = development_rules(block, team_rules)
    assert rules.days == ["THU", "FRI"] and rules.window == ("09:00", "12:00")
    assert rules.meeting_minutes == 60 and rules.buffer_minutes == 15
    assert rules.max_per_day == {"THU": 2, "FRI": 2}
    assert rules.veteran_days == [] and rules.new_rep_days == []
    assert rules.holidays == [date(2026, 11, 5)] and rules.rep_working_hours == ("08:00", "17:00")
    assert development_rules(DevelopmentConfig(), team_rules).max_per_day == {}  # no cap


def test_sessions_are_planned_around_the_week_s_1on1s() -> None:
    config = load_config(EXAMPLE)
    team = teams_of(config)[0]
    block = DevelopmentConfig(enabled=True, days=["MON"], window=("13:00", "17:00"))
    one_on_one = Meeting(team.reps[0].email, _monday(14, 0), _monday(14, 45))
    held = Interval(one_on_one.start, one_on_one.end + timedelta(minutes=15))
    meetings, unscheduled = solve_week(
        development_rules(block, config.rules_for(team.id)),
        team,
        FIRST,
        manager_busy=[held],
        reps=list(team.reps[:4]),
        rep_busy={},
        fixed=[],
        unreadable=set(),
        country=None,
    )
    starts = sorted(f"{m.start.astimezone(NY):%H:%M}" for m in meetings)
    assert starts == ["13:00", "15:00", "16:00"]  # 14:00-15:00 is the 1:1 and its buffer
    # Three sessions fit the afternoon; as for 1:1s, a veteran waits first (the later listed).
    veterans = [rep.email for rep in team.reps[:4] if rep.tenure is Tenure.VETERAN]
    assert veterans and list(unscheduled) == veterans[-1:]


def _monday(hour: int, minute: int) -> datetime:
    return datetime.combine(FIRST.monday, time(hour, minute), NY)
