"""What a manager reads in Team Health, in a real browser, against a count made without the
service's code: the 1:1s on the manager's calendar (the real Calendar client acting as the
manager) and the docs in their Drive. The demo's first week has ended, so its 1:1 figures are
filled in; the second week's 1:1s come after its last collect, so they stay blank."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.browser.conftest import ROOT, Browser
from tests.browser.test_pages import Demo, rows_of, texts
from tests.e2e.workspace_reader import WorkspaceReader

# The sample org's managers (config/example/org.yaml), spelled out rather than read by the
# service's loader.
TEAMS = {
    "East AEs": ("morgan.manager@example.com", "America/New_York"),
    "Central AEs": ("quinn.quade@example.com", "America/Chicago"),
    "EMEA AEs": ("rowan.reid@example.com", "Europe/London"),
}


def team_health(browser: Browser, url: str) -> dict[str, dict[str, str]]:
    """Team Health as drawn: week -> header -> the text a person reads."""
    dom = browser.dom(url)
    rows = rows_of(dom, ">Team Health</h3>")
    header = texts(rows[0])
    return {texts(r)[0]: dict(zip(header, texts(r), strict=True)) for r in rows[1:]}


def team_reps(team: str) -> dict[str, str]:
    """The team's reps (address -> name) from the sample org file, read as plain YAML."""
    org = yaml.safe_load((ROOT / "config" / "example" / "org.yaml").read_text())
    reps = next(t["reps"] for t in org["teams"] if t["name"] == team)
    return {r["email"]: r["name"] for r in reps}


def rep_1on1s(
    reader: WorkspaceReader, team: str, manager: str, zone: str, monday: date
) -> list[dict[str, Any]]:
    """The 1:1s with the team's reps on the manager's calendar that week (their own 1:1 with
    their director is not one of the team's)."""
    lo = datetime.combine(monday, time(0), ZoneInfo(zone))
    reps = team_reps(team)
    return [
        event
        for event in reader.events(manager, lo, lo + timedelta(days=7))
        if event.get("summary", "").startswith("1:1 ")
        and "dateTime" in event["start"]
        and any(a["email"] in reps for a in event.get("attendees", []))
    ]


def calendar_count(
    reader: WorkspaceReader, team: str, manager: str, zone: str, monday: date
) -> list[bool]:
    """Whether each 1:1 with a rep that week was held (not cancelled, declined by neither
    side), as the Calendar shows it."""
    held: list[bool] = []
    for event in rep_1on1s(reader, team, manager, zone, monday):
        declined = any(a.get("responseStatus") == "declined" for a in event.get("attendees", []))
        held.append(event.get("status") != "cancelled" and not declined)
    return held


def held_reps(
    reader: WorkspaceReader, team: str, manager: str, zone: str, monday: date
) -> set[str]:
    """The reps whose 1:1 that week was held."""
    out: set[str] = set()
    for event in rep_1on1s(reader, team, manager, zone, monday):
        attendees: list[dict[str, Any]] = event.get("attendees", [])
        if event.get("status") != "cancelled" and not any(
            a.get("responseStatus") == "declined" for a in attendees
        ):
            out |= {a["email"] for a in attendees if a["email"] != manager}
    return out


def due_reps(reader: WorkspaceReader, team: str, manager: str, week: str) -> set[str]:
    """The team's reps who had a doc for ``week`` (every due rep gets one), found in Drive by
    the doc's title; names and addresses from the sample org file, read as plain YAML."""
    org = yaml.safe_load((ROOT / "config" / "example" / "org.yaml").read_text())
    reps = next(t["reps"] for t in org["teams"] if t["name"] == team)
    titles = {f["name"] for f in reader.files(manager, f"name contains 'week of {week}'")}
    return {
        r["email"] for r in reps if f"1:1 Self-Management - {r['name']} - week of {week}" in titles
    }


@pytest.mark.parametrize("team", sorted(TEAMS))
def test_team_health_shows_the_1on1s_on_the_managers_calendar(
    browser: Browser, demo: Demo, team: str
) -> None:
    emulator, _counts = demo
    index = browser.dom(emulator.base_url + "/")
    link = re.search(rf'href="(/view/file/[^"]+)">1:1 Tracker - {team}<', index)
    assert link, f"the front page lists the tracker of {team}"
    shown = team_health(browser, emulator.base_url + link.group(1))
    first, second = sorted(shown)[:2]
    manager, zone = TEAMS[team]
    reader = WorkspaceReader(emulator.base_url, str(emulator.service_account_file))
    monday = date.fromisoformat(first)
    meetings = calendar_count(reader, team, manager, zone, monday)
    assert meetings, "the first week has 1:1s"
    row = shown[first]
    assert row["1:1s due"] == str(len(meetings)) and row["1:1s held"] == str(sum(meetings))
    assert row["Completion rate"] == f"{sum(meetings) / len(meetings):.0%}"
    # Coverage: of the reps due in the month so far (the demo's first week is December's
    # first), the share with a 1:1 held.
    due = due_reps(reader, team, manager, first)
    covered = held_reps(reader, team, manager, zone, monday)
    assert row["Coverage (month)"] == f"{len(due & covered) / len(due):.0%}", (due, covered)
    # The second week's 1:1s come after its last collect: blank, not 0.
    assert shown[second]["1:1s due"] == shown[second]["1:1s held"] == ""
