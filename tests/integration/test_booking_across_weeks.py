"""Who is left out, across weeks (issue 12): three short weeks booked on the emulator. A rep
who was due but got no 1:1 one week is first in line the next, before tenure counts."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from service.bootstrap import build_deps
from service.domain.model import Person, Rep, Team, Tenure
from service.domain.week import Week
from service.google import tags
from service.google.calendar import our_events
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import apply_bookings, plan_bookings, week_bounds
from service.settings import load_config
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
TENURES = [Tenure.VETERAN] * 2 + [Tenure.STANDARD] * 6 + [Tenure.NEW] * 2
FIRST = Week.parse("2027-04-05")  # three April weeks: no US holiday, no clock change
# Each week loses a day: 8 places for 10 reps.
HOLIDAYS = [date(2027, 4, 5), date(2027, 4, 12), date(2027, 4, 20)]  # Mon, Mon, Tue


@pytest.fixture(scope="module")
def deps(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Deps:
    config_dir = tmp_path_factory.mktemp("config")
    shutil.copytree(ROOT / "config" / "example", config_dir, dirs_exist_ok=True)
    (config_dir / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {emulator.service_account_file}}}\n"
        f"endpoint: {emulator.base_url}\n"
    )
    config = load_config(config_dir)
    rules = config.schedule.rules.model_copy(update={"holidays": HOLIDAYS})
    config = replace(config, schedule=config.schedule.model_copy(update={"rules": rules}))
    return build_deps(config)


def team() -> Team:
    reps = tuple(
        Rep(f"Rep {i}", f"rep{i}.left@example.com", ZONE, tenure=tenure)
        for i, tenure in enumerate(TENURES)
    )
    manager = Person("Manager Left", "manager.left@example.com", ZONE)
    return Team(id="left-out", name="Left out", manager=manager, reps=reps, timezone=ZONE)


def book_week(deps: Deps, team: Team, week: Week) -> list[str]:
    """Book ``week`` as Thursday's prepare does; the reps left out, in team order."""
    deps = replace(deps, teams=(team,))
    now = datetime.combine(week.monday - timedelta(days=4), time(9), ZoneInfo(ZONE))
    report = TeamReport(job="book", team=team.id, week=week.label)
    plan = plan_bookings(deps, team, week, now.astimezone(UTC))
    apply_bookings(deps, team, plan, {}, report)
    start, end = week_bounds(week, ZONE)
    found = our_events(
        deps.gateway, team.manager.email, "primary", start, end,
        kind=tags.KIND_ONE_ON_ONE, team=team.id, week=week.label,
    )  # fmt: skip
    booked = {
        str(e["extendedProperties"]["private"][tags.REP])
        for e in found
        if e.get("status") != "cancelled"
    }
    assert len(booked) == 8  # every place used
    return [rep.email.split(".")[0] for rep in team.reps if rep.email not in booked]


def test_a_rep_left_out_is_first_in_line_the_next_week(deps: Deps) -> None:
    reps = team()
    # Week 1: the veterans wait (they can be given more space).
    assert book_week(deps, reps, FIRST) == ["rep0", "rep1"]
    # Week 2: they come first; two standard reps wait (new reps still come before them).
    assert book_week(deps, reps, FIRST.next()) == ["rep6", "rep7"]
    # Week 3: those two come first; the veterans wait again.
    assert book_week(deps, reps, FIRST.next().next()) == ["rep0", "rep1"]
    # Booking week 2 again changes nothing: the same reps are first in line.
    assert book_week(deps, reps, FIRST.next()) == ["rep6", "rep7"]
