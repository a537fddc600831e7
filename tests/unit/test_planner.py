"""The week planner on hand-made weeks: seed 000's defaults, preferences, DST, zones, reasons."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.domain.model import Interval, Meeting, Tenure
from service.domain.planner import RepToPlan, Rules, WeekPlan, WeekProblem, plan_week
from service.domain.week import Week
from tests.unit.planner_oracle import Referee

NY = "America/New_York"
WEEK = Week(date(2026, 3, 9))


def at(day: date, clock: str, zone: str = NY) -> datetime:
    hours, minutes = clock.split(":")
    return datetime(day.year, day.month, day.day, int(hours), int(minutes), tzinfo=ZoneInfo(zone))


def busy(day: date, start: str, end: str, zone: str = NY) -> Interval:
    return Interval(at(day, start, zone), at(day, end, zone))


def team(count: int, veterans: tuple[int, ...] = (), new: tuple[int, ...] = ()) -> list[RepToPlan]:
    return [
        RepToPlan(
            f"rep{i}@example.com",
            Tenure.VETERAN if i in veterans else Tenure.NEW if i in new else Tenure.STANDARD,
        )
        for i in range(count)
    ]


def solve(reps: list[RepToPlan], week: Week = WEEK, **kwargs: object) -> WeekPlan:
    problem = WeekProblem(week, kwargs.pop("timezone", NY), tuple(reps), **kwargs)  # type: ignore[arg-type]
    plan = plan_week(problem)
    assert Referee(problem).violations(plan) == []
    return plan


def by_rep(plan: WeekPlan) -> dict[str, str]:
    """rep -> "MON 13:00" in the manager's zone."""
    return {
        m.rep_email: f"{m.start.astimezone(ZoneInfo(NY)):%a %H:%M}".upper() for m in plan.meetings
    }


def per_day(plan: WeekPlan) -> list[int]:
    days = [m.start.astimezone(ZoneInfo(NY)).weekday() for m in plan.meetings]
    return [days.count(d) for d in range(3)]


def test_seed_000_team_of_ten_is_4_4_2_with_veterans_on_wednesday() -> None:
    plan = solve(team(10, veterans=(3, 7), new=(5,)))
    assert per_day(plan) == [4, 4, 2]
    slots = by_rep(plan)
    assert slots["rep3@example.com"].startswith("WED") and slots["rep7@example.com"].startswith(
        "WED"
    )
    assert slots["rep5@example.com"].startswith("MON")
    assert sorted(s[4:] for s in slots.values() if s.startswith("MON")) == [
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    ]
    assert plan.unscheduled == {}
    first = plan.meetings[0]
    assert first.start.isoformat() == "2026-03-09T13:00:00-04:00"
    assert first.end - first.start == timedelta(minutes=45)


def test_meetings_come_in_time_order_and_earlier_reps_first() -> None:
    plan = solve(team(3))
    assert [m.rep_email for m in plan.meetings] == [f"rep{i}@example.com" for i in range(3)]
    assert [m.start.hour for m in plan.meetings] == [13, 14, 15]


def test_twelve_fill_every_place_and_thirteen_leave_one_out() -> None:
    assert per_day(solve(team(12, veterans=(0, 1)))) == [4, 4, 4]
    plan = solve(team(13, veterans=(0, 1)))
    assert len(plan.meetings) == 12
    # A veteran is left out first (the later one listed), not the last standard rep.
    assert plan.unscheduled == {
        "rep1@example.com": "all possible slots taken by other reps "
        "(1:1s booked: Mon 4/4, Tue 4/4, Wed 4/4)"
    }


def test_new_reps_on_monday_even_when_listed_last() -> None:
    plan = solve(team(9, new=(7, 8)))
    slots = by_rep(plan)
    assert slots["rep7@example.com"].startswith("MON")
    assert slots["rep8@example.com"].startswith("MON")


def test_more_veterans_than_wednesday_holds() -> None:
    plan = solve(team(6, veterans=(0, 1, 2, 3, 4, 5)))
    assert per_day(plan) == [2, 0, 4]


def test_veterans_outrank_new_reps_outrank_previous_slots() -> None:
    rules = Rules(days=("MON", "WED"), max_per_day={"MON": 1, "WED": 1}, new_rep_days=("WED",))
    reps = [
        RepToPlan("vet@example.com", Tenure.VETERAN),
        RepToPlan("new@example.com", Tenure.NEW, previous=("MON", "13:00")),
    ]
    assert by_rep(solve(reps, rules=rules)) == {
        "vet@example.com": "WED 13:00",
        "new@example.com": "MON 13:00",
    }
    reps = [
        RepToPlan("new@example.com", Tenure.NEW),
        RepToPlan("std@example.com", previous=("WED", "13:00")),
    ]
    assert by_rep(solve(reps, rules=rules))["new@example.com"] == "WED 13:00"


def test_previous_slot_is_kept() -> None:
    reps = team(4)
    reps[2] = RepToPlan("rep2@example.com", previous=("TUE", "15:00"))
    reps[3] = RepToPlan("rep3@example.com", previous=("MON", "13:00"))
    slots = by_rep(solve(reps))
    assert slots["rep2@example.com"] == "TUE 15:00"
    assert slots["rep3@example.com"] == "MON 13:00"
    assert slots["rep0@example.com"] == "MON 14:00"


def test_previous_slot_gives_way_to_the_count() -> None:
    # rep1 is only free Monday 13:00, which rep0 used last week: both still get a 1:1.
    reps = [
        RepToPlan("rep0@example.com", previous=("MON", "13:00")),
        RepToPlan(
            "rep1@example.com",
            busy=(busy(WEEK.day("MON"), "13:45", "23:00"), busy(WEEK.day("TUE"), "00:00", "23:59")),
        ),
    ]
    rules = Rules(days=("MON", "TUE"))
    reps[1] = RepToPlan(
        "rep1@example.com",
        busy=(busy(WEEK.day("MON"), "13:45", "23:00"), busy(WEEK.day("TUE"), "00:00", "23:59")),
    )
    assert by_rep(solve(reps, rules=rules)) == {
        "rep1@example.com": "MON 13:00",
        "rep0@example.com": "MON 14:00",
    }


def test_buffer_follows_a_meeting_and_not_precedes_it() -> None:
    monday = WEEK.day("MON")
    rules = Rules(days=("MON",))
    ends_at_one = solve(team(1), manager_busy=(busy(monday, "12:00", "13:00"),), rules=rules)
    assert by_rep(ends_at_one) == {"rep0@example.com": "MON 13:00"}
    starts_in_buffer = solve(team(1), manager_busy=(busy(monday, "13:50", "14:00"),), rules=rules)
    assert by_rep(starts_in_buffer) == {"rep0@example.com": "MON 14:00"}
    rep_busy_after = [RepToPlan("rep0@example.com", busy=(busy(monday, "13:45", "14:00"),))]
    assert by_rep(solve(rep_busy_after, rules=rules)) == {"rep0@example.com": "MON 13:00"}


def test_quarter_hour_starts_after_an_odd_busy_end() -> None:
    monday = WEEK.day("MON")
    plan = solve(
        team(1), manager_busy=(busy(monday, "12:00", "13:05"),), rules=Rules(days=("MON",))
    )
    assert by_rep(plan) == {"rep0@example.com": "MON 13:15"}


def test_day_caps() -> None:
    rules = Rules(max_per_day={"MON": 1, "TUE": 2, "WED": 0})
    plan = solve(team(5), rules=rules)
    assert per_day(plan) == [1, 2, 0]
    assert all(
        r == "all possible slots taken by other reps (1:1s booked: Mon 1/1, Tue 2/2, Wed 0/0)"
        for r in plan.unscheduled.values()
    )
    assert len(plan.unscheduled) == 2


def test_a_day_without_a_cap_holds_what_fits() -> None:
    plan = solve(team(6), rules=Rules(days=("MON",), max_per_day={}))
    assert per_day(plan) == [4, 0, 0]


def test_fixed_meetings_take_time_and_count_toward_the_cap() -> None:
    monday = WEEK.day("MON")
    moved = Meeting("moved@example.com", at(monday, "13:30"), at(monday, "14:15"))
    plan = solve(team(9), fixed=(moved,))
    slots = by_rep(plan)
    # Nothing fits before it; after its buffer only 14:30 and 15:30 do.
    assert sorted(s[4:] for s in slots.values() if s.startswith("MON")) == ["14:30", "15:30"]
    assert per_day(plan) == [2, 4, 3]
    assert "moved@example.com" not in slots


def test_fixed_meeting_keeps_its_buffer_before_the_next() -> None:
    monday = WEEK.day("MON")
    moved = Meeting("moved@example.com", at(monday, "13:00"), at(monday, "13:45"))
    plan = solve(team(1), fixed=(moved,), rules=Rules(days=("MON",)))
    assert by_rep(plan) == {"rep0@example.com": "MON 14:00"}


def test_configured_holiday_is_skipped() -> None:
    plan = solve(team(10), holidays={WEEK.day("MON"): "holiday"})
    assert per_day(plan) == [0, 4, 4]
    assert len(plan.unscheduled) == 2


def test_a_monday_holiday_leaves_veterans_out_not_new_reps() -> None:
    # Seed 000's team of 10 (veterans listed first, as in the org) on a week whose Monday is a
    # holiday: 8 places. The two new reps and the six standard reps meet; veterans can wait.
    reps = team(10, veterans=(0, 1), new=(8, 9))
    plan = solve(reps, holidays={WEEK.day("MON"): "Founders' Day"})
    assert per_day(plan) == [0, 4, 4]
    assert sorted(plan.unscheduled) == ["rep0@example.com", "rep1@example.com"]
    slots = by_rep(plan)
    assert "rep8@example.com" in slots and "rep9@example.com" in slots


def test_new_reps_busy_early_in_the_week_still_meet() -> None:
    # New reps free only on Wednesday (veteran day) take Wednesday from the veterans.
    tuesday = WEEK.day("TUE")
    rules = Rules(max_per_day={"MON": 4, "TUE": 4, "WED": 2})
    reps = team(10, veterans=(0, 1), new=(8, 9))
    for i in (8, 9):
        reps[i] = RepToPlan(reps[i].email, Tenure.NEW, busy=(busy(tuesday, "00:00", "23:59"),))
    plan = solve(reps, rules=rules, holidays={WEEK.day("MON"): "holiday"})
    slots = by_rep(plan)
    assert slots["rep8@example.com"].startswith("WED")
    assert slots["rep9@example.com"].startswith("WED")
    # Six places: the veterans and the last two standard reps wait.
    assert sorted(plan.unscheduled) == [f"rep{i}@example.com" for i in (0, 1, 6, 7)]


def test_standard_reps_before_veterans_before_placement() -> None:
    rules = Rules(days=("WED",), max_per_day={"WED": 1})
    reps = [RepToPlan("vet@example.com", Tenure.VETERAN), RepToPlan("std@example.com")]
    plan = solve(reps, rules=rules)
    assert by_rep(plan) == {"std@example.com": "WED 13:00"}
    assert list(plan.unscheduled) == ["vet@example.com"]


def test_first_in_line_comes_before_tenure() -> None:
    rules = Rules(days=("TUE",), max_per_day={"TUE": 2})
    reps = [
        RepToPlan("new@example.com", Tenure.NEW),
        RepToPlan("std@example.com"),
        RepToPlan("vet@example.com", Tenure.VETERAN, first_in_line=True),
    ]
    plan = solve(reps, rules=rules)
    assert sorted(by_rep(plan)) == ["new@example.com", "vet@example.com"]
    assert list(plan.unscheduled) == ["std@example.com"]


def test_a_rep_with_a_fixed_one_on_one_is_not_booked_again() -> None:
    monday = WEEK.day("MON")
    moved = Meeting("Rep0@Example.COM", at(monday, "15:00"), at(monday, "15:45"))
    plan = solve(team(3), fixed=(moved,))
    slots = by_rep(plan)
    assert "rep0@example.com" not in slots
    assert plan.unscheduled == {"rep0@example.com": "already has a 1:1 this week (Mon 15:00)"}
    assert sorted(slots.values()) == ["MON 13:00", "MON 14:00"]
    last_week = Meeting("rep0@example.com", at(monday, "15:00") - timedelta(days=7),
                        at(monday, "15:45") - timedelta(days=7))  # fmt: skip
    assert "rep0@example.com" in by_rep(solve(team(3), fixed=(last_week,)))


def test_us_dst_weeks_really_follow_the_clock_changes() -> None:
    zone = ZoneInfo(NY)
    # 2026-03-08 and 2026-11-01 are the Sundays the clocks change in New York.
    assert at(date(2026, 3, 7), "12:00").utcoffset() != at(date(2026, 3, 9), "12:00").utcoffset()
    assert at(date(2026, 10, 31), "12:00").utcoffset() != at(date(2026, 11, 2), "12:00").utcoffset()
    assert datetime(2026, 3, 8, 1, 59, tzinfo=zone).utcoffset() == timedelta(hours=-5)
    assert datetime(2026, 3, 8, 3, 0, tzinfo=zone).utcoffset() == timedelta(hours=-4)


@pytest.mark.parametrize(
    ("monday", "offset"),
    [
        (date(2026, 3, 2), "-05:00"),
        (date(2026, 3, 9), "-04:00"),
        (date(2026, 10, 26), "-04:00"),
        (date(2026, 11, 2), "-05:00"),
    ],
)
def test_afternoon_slots_keep_the_wall_clock_across_dst(monday: date, offset: str) -> None:
    plan = solve(team(10, veterans=(0, 1)), week=Week(monday))
    assert per_day(plan) == [4, 4, 2]
    assert {m.start.isoformat()[11:] for m in plan.meetings} == {
        f"{h}:00:00{offset}" for h in (13, 14, 15, 16)
    }


def test_a_window_across_spring_forward_holds_its_real_instants() -> None:
    rules = Rules(days=("SUN",), window=(60, 4 * 60), max_per_day={})
    plan = solve(team(3), week=Week(date(2026, 3, 2)), rules=rules)
    # 01:00-04:00 on 2026-03-08 is two real hours: 01:00 EST and 03:00 EDT.
    assert [m.start.isoformat() for m in plan.meetings] == [
        "2026-03-08T01:00:00-05:00",
        "2026-03-08T03:00:00-04:00",
    ]
    assert len(plan.unscheduled) == 1


def test_a_window_across_fall_back_holds_its_real_instants() -> None:
    rules = Rules(days=("SUN",), window=(0, 3 * 60), max_per_day={})
    plan = solve(team(5), week=Week(date(2026, 10, 26)), rules=rules)
    # 00:00-03:00 on 2026-11-01 is four real hours: 01:00 happens twice.
    assert [m.start.isoformat() for m in plan.meetings] == [
        "2026-11-01T00:00:00-04:00",
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:00:00-05:00",
        "2026-11-01T02:00:00-05:00",
    ]


def test_rep_in_another_zone_meets_in_their_working_hours() -> None:
    # Week of 2026-03-09: New York is on EDT, London still on GMT: 13:00 NY = 17:00 London.
    reps = [RepToPlan("london@example.com", timezone="Europe/London"), *team(3)]
    slots = by_rep(solve(reps))
    assert slots["london@example.com"] == "MON 13:00"
    assert slots["rep0@example.com"] == "MON 14:00"


def test_rep_too_far_away_is_told_why() -> None:
    plan = solve([RepToPlan("tokyo@example.com", timezone="Asia/Tokyo")])
    assert plan.unscheduled == {
        "tokyo@example.com": "no common free 45 minutes on Mon-Wed 13:00-17:00 "
        "(Mon-Wed: outside the rep's working hours (09:00-18:00 Asia/Tokyo))"
    }


def test_rep_in_the_managers_zone_is_not_held_to_working_hours() -> None:
    rules = Rules(days=("MON",), window=(7 * 60, 9 * 60))
    plan = solve([RepToPlan("early@example.com", timezone=NY)], rules=rules)
    assert by_rep(plan) == {"early@example.com": "MON 07:00"}


def test_reason_names_what_is_in_the_way_each_day() -> None:
    reps = [
        RepToPlan(
            "rep0@example.com",
            busy=(Interval(at(WEEK.day("MON"), "08:00"), at(WEEK.day("TUE"), "18:00")),),
        )
    ]
    plan = solve(reps, manager_busy=(busy(WEEK.day("WED"), "13:00", "17:00"),))
    assert plan.unscheduled == {
        "rep0@example.com": "no common free 45 minutes on Mon-Wed 13:00-17:00 "
        "(Mon-Tue: rep busy 13:00-17:00; Wed: manager busy 13:00-17:00)"
    }


def test_reason_for_gaps_too_short_and_holidays() -> None:
    tuesday = WEEK.day("TUE")
    reps = [RepToPlan("rep0@example.com", busy=(busy(tuesday, "13:30", "17:00"),))]
    plan = solve(
        reps,
        manager_busy=(busy(tuesday, "12:00", "13:00"), busy(tuesday, "13:30", "14:00")),
        rules=Rules(days=("MON", "TUE")),
        holidays={WEEK.day("MON"): "Founders' Day"},
    )
    assert plan.unscheduled == {
        "rep0@example.com": "no common free 45 minutes on Mon-Tue 13:00-17:00 "
        "(Mon: holiday (Founders' Day); Tue: manager busy 13:30-14:00, rep busy 13:30-17:00)"
    }


def test_reason_when_other_reps_took_the_only_times() -> None:
    monday = WEEK.day("MON")
    only_at_two = (busy(monday, "00:00", "14:00"), busy(monday, "14:45", "23:59"))
    reps = [
        RepToPlan("rep0@example.com", busy=only_at_two),
        RepToPlan("rep1@example.com", busy=(busy(monday, "00:00", "13:30"),)),
        RepToPlan("rep2@example.com", busy=(busy(monday, "00:00", "13:30"),)),
    ]
    plan = solve(reps, rules=Rules(days=("MON",), window=(13 * 60, 15 * 60 + 45)))
    assert len(plan.meetings) == 2
    (email,) = plan.unscheduled
    # rep0 could only meet at 14:00, which leaves room for one other: 13:30 and 14:30 win.
    assert email == "rep0@example.com"
    assert plan.unscheduled[email].startswith("the times this rep is free (Mon 14:00) clash")
    assert "15-minute buffers" in plan.unscheduled[email]
    assert plan.unscheduled[email].endswith("(1:1s booked: Mon 2/4)")


def test_no_allowed_day() -> None:
    plan = solve(team(1), rules=Rules(days=()))
    assert plan.unscheduled["rep0@example.com"].endswith("(no day is allowed for 1:1s)")


def test_nobody_to_plan() -> None:
    assert solve([]) == WeekPlan((), {})


def test_busy_times_in_any_offset() -> None:
    utc = ZoneInfo("UTC")
    monday = WEEK.day("MON")
    # 17:00-18:00 UTC is 13:00-14:00 EDT.
    manager = (
        Interval(datetime(2026, 3, 9, 17, tzinfo=utc), datetime(2026, 3, 9, 18, tzinfo=utc)),
    )
    plan = solve(team(1), manager_busy=manager, rules=Rules(days=("MON",)))
    assert by_rep(plan) == {"rep0@example.com": "MON 14:00"}
    assert plan.meetings[0].start == at(monday, "14:00")
