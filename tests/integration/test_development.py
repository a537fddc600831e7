"""The monthly development session on the emulator: booked in the month's first 1:1 week only
and only when enabled, on its days and window, around the 1:1s and busy time; re-runs
duplicate nothing; a manager's move or delete is respected; a departed rep's is cancelled."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.bootstrap import build_deps
from service.domain.model import Cadence, Interval, Person, Rep, Team, Tenure
from service.domain.week import Week
from service.google import tags
from service.google.calendar import event_interval, event_tag, our_events
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import apply_bookings, plan_bookings, week_bounds
from service.settings import load_config
from workspace_emulator.calendar.view import add_busy
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
FIRST = Week.parse("2027-03-01")  # the first 1:1 week of March
NOW = datetime(2027, 2, 25, 14, 0, tzinfo=UTC)  # the Thursday before, 09:00 New York
SECOND = Week.parse("2027-03-08")
TENURES = [Tenure.VETERAN] * 2 + [Tenure.STANDARD] * 6 + [Tenure.NEW] * 2
# Tuesday shares the day with the 1:1s (13:00-17:00): sessions must go around them.
DEVELOPMENT = (
    "development: {enabled: true, minutes: 45, days: [TUE, THU], "
    'window: ["09:00", "17:00"], buffer_minutes: 15}\n'
)
_ids = itertools.count()


def _deps(emulator: Emulator, directory: Path, development: str) -> Deps:
    shutil.copytree(ROOT / "config" / "example", directory, dirs_exist_ok=True)
    (directory / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {emulator.service_account_file}}}\n"
        f"endpoint: {emulator.base_url}\n"
    )
    schedule = directory / "schedule.yaml"
    schedule.write_text(schedule.read_text().split("development:")[0] + development)
    return build_deps(load_config(directory))


@pytest.fixture(scope="module")
def dev_deps(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Deps:
    return _deps(emulator, tmp_path_factory.mktemp("config"), DEVELOPMENT)


@pytest.fixture(scope="module")
def off_deps(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Deps:
    return _deps(emulator, tmp_path_factory.mktemp("config"), "development: {enabled: false}\n")


def new_team(size: int = 10) -> Team:
    """A team of its own (fresh addresses), so tests do not see each other's calendars."""
    n = next(_ids)
    reps = tuple(
        Rep(f"Rep {i}", f"rep{i}.d{n}@example.com", ZONE, tenure=TENURES[i % len(TENURES)])
        for i in range(size)
    )
    manager = Person(f"Manager {n}", f"manager.d{n}@example.com", ZONE)
    return Team(id=f"dev-{n}", name=f"Team {n}", manager=manager, reps=reps, timezone=ZONE)


def book(
    deps: Deps, team: Team, week: Week = FIRST, now: datetime = NOW, *, dry_run: bool = False
) -> TeamReport:
    deps = replace(deps, teams=(team,), dry_run=dry_run)
    report = TeamReport(job="book", team=team.id, week=week.label)
    apply_bookings(deps, team, plan_bookings(deps, team, week, now), {}, report)
    return report


def events(deps: Deps, team: Team, kind: str, week: Week = FIRST) -> list[dict[str, Any]]:
    start, end = week_bounds(week, team.timezone)
    found = our_events(
        deps.gateway, team.manager.email, "primary", start, end, kind=kind, team=team.id
    )
    return [e for e in found if e.get("status") != "cancelled"]


def sessions(deps: Deps, team: Team, week: Week = FIRST) -> dict[str, dict[str, Any]]:
    return {event_tag(e, tags.REP): e for e in events(deps, team, tags.KIND_DEVELOPMENT, week)}


def local(when: datetime) -> datetime:
    return when.astimezone(ZoneInfo(ZONE))


def test_first_week_books_one_session_per_rep_around_the_1on1s(dev_deps: Deps) -> None:
    team = new_team()
    report = book(dev_deps, team)
    assert report.counts["one_on_ones_booked"] == 10
    assert report.counts["development_booked"] == 10
    booked = sessions(dev_deps, team)
    assert set(booked) == {rep.email for rep in team.reps}
    one_on_ones = [event_interval(e) for e in events(dev_deps, team, tags.KIND_ONE_ON_ONE)]
    assert len(one_on_ones) == 10
    gap = timedelta(minutes=15)
    for rep_email, event in booked.items():
        span = event_interval(event)
        start, end = local(span.start), local(span.end)
        assert f"{start:%a}" in {"Tue", "Thu"} and start.hour >= 9
        assert end.hour * 60 + end.minute <= 17 * 60
        assert end - start == timedelta(minutes=45)
        for meeting in one_on_ones:  # 45 on, 15 off across both kinds
            assert not Interval(span.start, span.end + gap).overlaps(meeting)
            assert not Interval(meeting.start, meeting.end + gap).overlaps(span)
        assert [a["email"] for a in event["attendees"]] == [rep_email]
        rep = team.rep(rep_email)
        assert rep is not None
        assert event["summary"] == f"Development: {rep.name} / {team.manager.name}"
        assert "Career goals" in event["description"]
        assert "development plan" in event["description"]
    spans = sorted((event_interval(e) for e in booked.values()), key=lambda i: i.start)
    for first, second in itertools.pairwise(spans):
        assert second.start - first.end >= gap


def test_no_session_outside_the_first_week_or_when_disabled(dev_deps: Deps, off_deps: Deps) -> None:
    team = new_team(3)
    later = book(dev_deps, team, SECOND, NOW + timedelta(days=7))
    assert later.counts["one_on_ones_booked"] == 3 and "development_booked" not in later.counts
    assert sessions(dev_deps, team, SECOND) == {}
    other = new_team(3)
    off = book(off_deps, other)
    assert off.counts["one_on_ones_booked"] == 3 and "development_booked" not in off.counts
    assert sessions(off_deps, other) == {}


def test_sessions_go_around_busy_time_and_say_who_is_left_out(
    dev_deps: Deps, emulator: Emulator
) -> None:
    team = new_team(10)  # Tuesday afternoon holds four 1:1s
    manager, rep = team.manager.email, team.reps[0].email
    add_busy(emulator.store, manager, "2027-03-04T00:00:00-05:00", "2027-03-05T00:00:00-05:00")
    add_busy(emulator.store, rep, "2027-03-02T09:00:00-05:00", "2027-03-02T11:00:00-05:00")
    report = book(dev_deps, team)
    booked = sessions(dev_deps, team)
    assert report.counts["development_booked"] == 4 == len(booked)  # Tuesday morning only
    assert all(f"{local(event_interval(e).start):%a}" == "Tue" for e in booked.values())
    if rep in booked:
        assert local(event_interval(booked[rep]).start).hour >= 11
    left_out = [w for w in report.warnings if "development session not scheduled" in w]
    assert len(left_out) == 6
    assert all("development sessions" in w and "1:1s" not in w for w in left_out)


def test_rerun_books_nothing_new(dev_deps: Deps) -> None:
    team = new_team(4)
    book(dev_deps, team)
    before = {rep: e["id"] for rep, e in sessions(dev_deps, team).items()}
    again = book(dev_deps, team)
    assert again.counts.get("development_booked", 0) == 0
    assert again.counts["development_kept"] == 4 and again.counts["one_on_ones_kept"] == 4
    assert {rep: e["id"] for rep, e in sessions(dev_deps, team).items()} == before


def test_a_manager_move_is_kept_and_a_delete_is_not_rebooked(dev_deps: Deps) -> None:
    team = new_team(4)
    book(dev_deps, team)
    gw, manager = dev_deps.gateway, team.manager.email
    calendar = gw.client("calendar", manager).events()
    first, second = sorted(sessions(dev_deps, team).values(), key=lambda e: e["id"])[:2]
    moved_to = datetime(2027, 3, 5, 8, 0, tzinfo=ZoneInfo(ZONE))  # Friday, outside the window
    body = {
        "start": {"dateTime": moved_to.isoformat()},
        "end": {"dateTime": (moved_to + timedelta(minutes=60)).isoformat()},
    }
    gw.execute(calendar.patch(calendarId="primary", eventId=first["id"], body=body), manager, "")
    gw.execute(calendar.delete(calendarId="primary", eventId=second["id"]), manager, "")
    report = book(dev_deps, team)
    after = sessions(dev_deps, team)
    assert event_interval(after[event_tag(first, tags.REP)]).start == moved_to
    assert event_tag(second, tags.REP) not in after
    assert any("development session was deleted by the manager" in w for w in report.warnings)
    assert report.counts.get("development_booked", 0) == 0


def test_dry_run_writes_nothing(dev_deps: Deps) -> None:
    team = new_team(3)
    report = book(dev_deps, team, dry_run=True)
    planned = [a for a in report.actions if a.startswith("would book Development: ")]
    assert len(planned) == 3
    assert len([a for a in report.actions if a.startswith("would book 1:1 ")]) == 3
    assert sessions(dev_deps, team) == {}
    assert events(dev_deps, team, tags.KIND_ONE_ON_ONE) == []


def test_a_rep_who_left_has_their_session_cancelled(dev_deps: Deps) -> None:
    team = new_team(3)
    book(dev_deps, team)
    leaver = team.reps[1]
    gone = replace(leaver, left_on=NOW.date())
    report = book(dev_deps, replace(team, reps=(team.reps[0], gone, team.reps[2])))
    assert report.counts.get("development_cancelled") == 1
    assert set(sessions(dev_deps, team)) == {team.reps[0].email, team.reps[2].email}


def test_a_rep_off_their_1on1_week_still_gets_a_session_around_their_busy_time(
    dev_deps: Deps, emulator: Emulator
) -> None:
    team = new_team(2)
    # Biweekly from the week before: no 1:1 in the first week of March, but a session.
    off_week = replace(team.reps[1], cadence=Cadence.BIWEEKLY, start_date=date(2027, 2, 22))
    team = replace(team, reps=(team.reps[0], off_week))
    assert not off_week.is_due(FIRST)
    add_busy(
        emulator.store, off_week.email, "2027-03-02T00:00:00-05:00", "2027-03-03T00:00:00-05:00"
    )
    report = book(dev_deps, team)
    assert report.counts["one_on_ones_booked"] == 1
    booked = sessions(dev_deps, team)
    assert set(booked) == {rep.email for rep in team.reps}
    assert f"{local(event_interval(booked[off_week.email]).start):%a}" == "Thu"  # out Tuesday


def test_sessions_cost_only_their_inserts(dev_deps: Deps, off_deps: Deps) -> None:
    def calls(deps: Deps) -> dict[str, int]:
        before = deps.gateway.counter.snapshot()
        book(deps, new_team(5))
        after = deps.gateway.counter.snapshot()
        return {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}

    with_sessions, without = calls(dev_deps), calls(off_deps)
    inserts = [k for k in with_sessions if k.endswith("insert")]
    assert len(inserts) == 1
    assert with_sessions[inserts[0]] == without[inserts[0]] + 5
    assert {k: v for k, v in with_sessions.items() if k not in inserts} == {
        k: v for k, v in without.items() if k not in inserts
    }


def test_book_command_lists_the_sessions(
    dev_deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    config = str(dev_deps.config.directory)
    code = main(["book", "--week", FIRST.label, "--config", config, "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    sessions_listed = [line for line in out.splitlines() if line.endswith(" development new")]
    assert len(sessions_listed) == sum(len(team.reps) for team in dev_deps.teams)  # every rep
    assert all(" Tue " in s or " Thu " in s for s in sessions_listed)


def test_a_declined_session_is_reported(dev_deps: Deps) -> None:
    team = new_team(2)
    book(dev_deps, team)
    rep = team.reps[0].email
    session = sessions(dev_deps, team)[rep]
    gw = dev_deps.gateway
    body = {"attendees": [{"email": rep, "responseStatus": "declined"}]}
    calendar = gw.client("calendar", rep).events()
    gw.execute(calendar.patch(calendarId="primary", eventId=session["id"], body=body), rep, "")
    report = book(dev_deps, team)
    assert f"{rep}: declined the development session" in report.warnings
    assert f"{rep}: declined the 1:1" not in report.warnings
