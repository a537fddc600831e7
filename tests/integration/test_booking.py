"""Booking on the emulator through the real Calendar client: the 4/4/2 week around real
free/busy, re-runs that duplicate nothing, a manager's hand edits respected, declines
reported, departed reps' 1:1s cancelled, other people's events never touched."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.bootstrap import build_deps
from service.domain.model import Person, Rep, Team, Tenure
from service.domain.week import Week
from service.google import tags
from service.google.calendar import event_interval, our_events
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import apply_bookings, plan_bookings, week_bounds
from service.settings import load_config
from tests.helpers import keep_first_team
from workspace_emulator.calendar.view import add_busy
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
WEEK = Week.parse("2027-03-01")  # an ordinary week (no US holiday, no DST change)
NOW = datetime(2027, 2, 25, 14, 0, tzinfo=UTC)  # the Thursday before, 09:00 New York
TENURES = [Tenure.VETERAN] * 2 + [Tenure.STANDARD] * 6 + [Tenure.NEW] * 2
_ids = itertools.count()


@pytest.fixture(scope="module")
def base_deps(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Deps:
    config_dir = tmp_path_factory.mktemp("config")
    shutil.copytree(ROOT / "config" / "example", config_dir, dirs_exist_ok=True)
    keep_first_team(config_dir)
    (config_dir / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {emulator.service_account_file}}}\n"
        f"endpoint: {emulator.base_url}\n"
    )
    return build_deps(load_config(config_dir))


def new_team(size: int = 10) -> Team:
    """A team of its own (fresh addresses), so tests do not see each other's calendars."""
    n = next(_ids)
    reps = tuple(
        Rep(f"Rep {i}", f"rep{i}.b{n}@example.com", ZONE, tenure=TENURES[i % len(TENURES)])
        for i in range(size)
    )
    manager = Person(f"Manager {n}", f"manager.b{n}@example.com", ZONE)
    return Team(id=f"book-{n}", name=f"Team {n}", manager=manager, reps=reps, timezone=ZONE)


def book(deps: Deps, team: Team, *, dry_run: bool = False) -> TeamReport:
    deps = replace(deps, teams=(team,), dry_run=dry_run)
    report = TeamReport(job="book", team=team.id, week=WEEK.label)
    apply_bookings(deps, team, plan_bookings(deps, team, WEEK, NOW), {}, report)
    return report


def events(deps: Deps, team: Team) -> list[dict[str, Any]]:
    start, end = week_bounds(WEEK, team.timezone)
    found = our_events(
        deps.gateway, team.manager.email, "primary", start, end,
        kind=tags.KIND_ONE_ON_ONE, team=team.id,
    )  # fmt: skip
    return [e for e in found if e.get("status") != "cancelled"]


def local(event: dict[str, Any]) -> datetime:
    return event_interval(event).start.astimezone(ZoneInfo(ZONE))


def rep_of(event: dict[str, Any]) -> str:
    return str(event["extendedProperties"]["private"][tags.REP])


def test_empty_calendars_give_four_four_two_veterans_wednesday(base_deps: Deps) -> None:
    team = new_team()
    report = book(base_deps, team)
    booked = events(base_deps, team)
    assert report.counts["one_on_ones_booked"] == 10 and len(booked) == 10
    days = Counter(f"{local(e):%a}" for e in booked)
    assert days == {"Mon": 4, "Tue": 4, "Wed": 2}
    by_rep = {rep_of(e): local(e) for e in booked}
    for rep in team.reps:
        when = by_rep[rep.email]
        assert 13 <= when.hour and (when + timedelta(minutes=45)).hour <= 17
        if rep.tenure is Tenure.VETERAN:
            assert f"{when:%a}" == "Wed"
        if rep.tenure is Tenure.NEW:
            assert f"{when:%a}" == "Mon"
    for event in booked:  # the rep is invited, the title says who meets whom
        assert [a["email"] for a in event["attendees"]] == [rep_of(event)]
        assert event["summary"].startswith("1:1 Rep ") and team.manager.name in event["summary"]
    spans = sorted((event_interval(e).start, event_interval(e).end) for e in booked)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(spans):
        assert s2 - e1 >= timedelta(minutes=15) or s2.date() != e1.date()


def test_rerun_books_nothing_new_and_the_rep_sees_one_copy(base_deps: Deps) -> None:
    team = new_team()
    book(base_deps, team)
    again = book(base_deps, team)
    assert again.counts.get("one_on_ones_booked", 0) == 0
    assert again.counts["one_on_ones_kept"] == 10
    assert len(events(base_deps, team)) == 10
    rep = team.reps[0].email  # private properties stay on the organizer's copy, as on Google
    start, end = week_bounds(WEEK, team.timezone)
    listing = (
        base_deps.gateway.client("calendar", rep)
        .events()
        .list(calendarId="primary", timeMin=start.isoformat(), timeMax=end.isoformat())
    )
    copies = base_deps.gateway.execute(listing, rep, "rep calendar")["items"]
    assert [e["summary"] for e in copies] == [f"1:1 Rep 0 / {team.manager.name}"]


def test_dry_run_writes_nothing(base_deps: Deps) -> None:
    team = new_team()
    report = book(base_deps, team, dry_run=True)
    assert len([a for a in report.actions if a.startswith("would book")]) == 10
    assert events(base_deps, team) == []


def test_booking_goes_around_busy_time(base_deps: Deps, emulator: Emulator) -> None:
    team = new_team(4)
    manager, rep = team.manager.email, team.reps[2].email
    add_busy(emulator.store, manager, "2027-03-01T13:00:00-05:00", "2027-03-01T15:00:00-05:00")
    add_busy(emulator.store, rep, "2027-03-01T00:00:00-05:00", "2027-03-03T00:00:00-05:00")
    book(base_deps, team)
    by_rep = {rep_of(e): event_interval(e) for e in events(base_deps, team)}
    busy = datetime(2027, 3, 1, 15, 0, tzinfo=ZoneInfo(ZONE))
    for span in by_rep.values():
        assert span.start >= busy or span.start.date() != busy.date()
    assert local_of(by_rep[rep].start).strftime("%a") == "Wed"  # out Mon-Tue


def local_of(when: datetime) -> datetime:
    return when.astimezone(ZoneInfo(ZONE))


def test_a_manager_move_is_kept_and_a_delete_is_not_rebooked(base_deps: Deps) -> None:
    team = new_team(4)
    book(base_deps, team)
    gw, manager = base_deps.gateway, team.manager.email
    calendar = gw.client("calendar", manager).events()
    first, second = sorted(events(base_deps, team), key=rep_of)[:2]
    moved_to = datetime(2027, 3, 2, 9, 0, tzinfo=ZoneInfo(ZONE))  # outside our window
    body = {
        "start": {"dateTime": moved_to.isoformat()},
        "end": {"dateTime": (moved_to + timedelta(minutes=30)).isoformat()},
    }
    gw.execute(calendar.patch(calendarId="primary", eventId=first["id"], body=body), manager, "")
    gw.execute(calendar.delete(calendarId="primary", eventId=second["id"]), manager, "")
    report = book(base_deps, team)
    after = {rep_of(e): e for e in events(base_deps, team)}
    assert event_interval(after[rep_of(first)]).start == moved_to
    assert rep_of(second) not in after
    assert any("deleted by the manager" in w for w in report.warnings)
    assert report.counts.get("one_on_ones_booked", 0) == 0


def test_decline_is_reported(base_deps: Deps) -> None:
    team = new_team(2)
    book(base_deps, team)
    rep = team.reps[0].email
    gw = base_deps.gateway
    (mine,) = [e for e in events(base_deps, team) if rep_of(e) == rep]
    body = {"attendees": [{"email": rep, "responseStatus": "declined"}]}
    calendar = gw.client("calendar", rep).events()
    gw.execute(calendar.patch(calendarId="primary", eventId=mine["id"], body=body), rep, "")
    report = book(base_deps, team)
    assert f"{rep}: declined the 1:1" in report.warnings


def test_a_rep_who_left_has_their_future_1on1_cancelled(base_deps: Deps) -> None:
    team = new_team(3)
    book(base_deps, team)
    leaver = team.reps[1]
    gone = replace(leaver, left_on=NOW.date())
    smaller = replace(team, reps=(team.reps[0], gone, team.reps[2]))
    report = book(base_deps, smaller)
    assert report.counts.get("one_on_ones_cancelled") == 1
    assert leaver.email not in {rep_of(e) for e in events(base_deps, team)}
    assert len(events(base_deps, team)) == 2


def test_other_events_are_never_touched(base_deps: Deps, emulator: Emulator) -> None:
    team = new_team(2)
    manager = team.manager.email
    theirs = add_busy(
        emulator.store, manager, "2027-03-03T09:00:00-05:00", "2027-03-03T10:00:00-05:00"
    )
    book(base_deps, team)
    book(base_deps, replace(team, reps=()))  # everyone left: ours go, theirs stays
    gw = base_deps.gateway
    calendar = gw.client("calendar", manager).events()
    kept = gw.execute(calendar.get(calendarId="primary", eventId=theirs["id"]), manager, "")
    assert kept["status"] == "confirmed"
    assert events(base_deps, team) == []


def test_book_command_prints_the_week_per_manager(
    base_deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    config = str(base_deps.config.directory)
    code = main(["book", "--week", WEEK.label, "--config", config, "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Morgan Manager (East AEs), week of 2027-03-01, times in America/New_York:" in out
    lines = [line for line in out.splitlines() if line.startswith("  Mon") or "  Tue" in line]
    due = base_deps.teams[0].reps_due(WEEK)  # Drew Diaz is biweekly, off that week
    assert (
        len([line for line in out.splitlines() if line.strip().endswith(" new")]) == len(due) == 9
    )
    assert lines and "13:00-13:45" in lines[0]
    assert "book (dry run: nothing written)" in out
