"""What the quarter tests share: the org as the test sees it, and reading a team's tracker
as its manager (``quarter_counts`` does the counting)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e import quarter_org as q
from tests.e2e.quarter_run import Quarter

ORG = q.load_org()
TEAMS = q.teams(ORG)
MEMBERS = {m.email: m for m in q.members(ORG)}
NAMES = {m.name: m.email for m in MEMBERS.values()}
TABS = ["This Week", "History", "Team Health"]
ENDED = q.WEEKS[:-1]  # the last week's 1:1s happen after the quarter's last run
UNPREPARED = "2027-01-04"  # the week a hand-run collect on Tuesday 01-05 would target


def tracker(quarter: Quarter, team: q.TeamInfo) -> dict[str, list[dict[str, Any]]]:
    found = quarter.reader.files(
        team.manager, f"name = '1:1 Tracker - {team.name}' and trashed = false"
    )
    assert len(found) == 1, found
    return quarter.reader.sheet_tabs(team.manager, found[0]["id"], TABS)


def local(day: date, clock: str, timezone: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(timezone))
