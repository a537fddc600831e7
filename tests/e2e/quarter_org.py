"""The org of the quarter test and what the test expects of it, stated on its own terms.

``quarter_org.yaml`` is the roster at the start; ``write_config`` builds a configuration
directory from it (the example's other files, a metrics CSV for every rep) and, from the move
on, with Casey in Riley's team. Who is due when is worked out here from the roster and the
product's rules as a customer reads them (weekly; biweekly from the week the rep started;
monthly in the month's first week; not before the start date, not after ``left_on``), without
the service's code.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).with_name("quarter_org.yaml")


def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


FIRST = date(2027, 1, 11)  # 13 weeks to 2027-04-05: US clocks change 03-14, UK 03-28
WEEKS = tuple(FIRST + timedelta(days=7 * n) for n in range(13))
HOLIDAYS = {date(2027, 1, 18): "Martin Luther King Jr. Day", date(2027, 2, 15): "Presidents' Day"}
MOVER, MOVE_WEEK, MOVE_FROM, MOVE_TO = "casey.chen@example.com", date(2027, 2, 22), "east", "north"
LEAVER, NEW_HIRE = "finley.fox@example.com", "parker.park@example.com"
VACATION_TEAM, VACATION_WEEK = "north", date(2027, 3, 22)
SCHEDULER_WEEK = date(2027, 2, 8)  # its jobs fire through the real APScheduler
CANCELLED = ("east", date(2027, 2, 1), "blake.brooks@example.com")  # the manager deletes it


@dataclass(frozen=True)
class Member:
    """A rep as the test sees them."""

    name: str
    email: str
    team: str  # at the start of the quarter
    cadence: str
    start: date | None
    left: date | None

    def team_in(self, week: date) -> str:
        """The rep's team in the week of ``week``."""
        return MOVE_TO if self.email == MOVER and week >= MOVE_WEEK else self.team

    def due(self, week: date) -> bool:
        """Whether the rep has a doc and a 1:1 in the week of Monday ``week``."""
        if self.left is not None and self.left < week:
            return False
        if self.start is not None and self.start > week + timedelta(days=4):
            return False
        if self.cadence == "biweekly":
            return (week - monday(self.start or FIRST)).days // 7 % 2 == 0
        if self.cadence == "monthly":
            return week.day <= 7
        return True


@dataclass(frozen=True)
class TeamInfo:
    """A team as the test sees it."""

    id: str
    name: str
    manager: str
    manager_name: str
    timezone: str


def load_org() -> dict[str, Any]:
    """The starting roster (the YAML template)."""
    org: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text())
    return org


def members(org: dict[str, Any]) -> list[Member]:
    """Every rep of the starting roster."""
    return [
        Member(
            rep["name"],
            rep["email"],
            team["id"],
            rep.get("cadence", "weekly"),
            rep.get("start_date"),
            rep.get("left_on"),
        )
        for team in org["teams"]
        for rep in team["reps"]
    ]


def teams(org: dict[str, Any]) -> dict[str, TeamInfo]:
    """Every team by id."""
    return {
        team["id"]: TeamInfo(
            team["id"],
            team["name"],
            team["manager"]["email"],
            team["manager"]["name"],
            team.get("timezone", org["timezone"]),
        )
        for team in org["teams"]
    }


def due_reps(org: dict[str, Any], team: str, week: date) -> set[str]:
    """The reps of ``team`` due in the week of Monday ``week``."""
    return {m.email for m in members(org) if m.team_in(week) == team and m.due(week)}


def moved(org: dict[str, Any]) -> dict[str, Any]:
    """The roster after the move: the same rep, listed in the new manager's team."""
    out: dict[str, Any] = yaml.safe_load(yaml.safe_dump(org))
    by_id = {team["id"]: team for team in out["teams"]}
    rep = next(r for r in by_id[MOVE_FROM]["reps"] if r["email"] == MOVER)
    by_id[MOVE_FROM]["reps"].remove(rep)
    by_id[MOVE_TO]["reps"].append(rep)
    return out


def write_config(directory: Path, org: dict[str, Any]) -> Path:
    """A configuration directory: the example's files, ``org`` as org.yaml, and a metrics CSV
    with a row per rep and key metric."""
    if not directory.exists():
        shutil.copytree(ROOT / "config" / "example", directory)
    (directory / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    lines = ["rep_email,metric,goal,actual"]
    for n, member in enumerate(members(org)):
        lines += [
            f"{member.email},pipeline_created,120000,{40000 + 3000 * n}",
            f"{member.email},meetings_booked,24,{6 + n % 9}",
            f"{member.email},closed_won,60000,{20000 + 2500 * n}",
        ]
    (directory / "metrics.csv").write_text("\n".join(lines) + "\n")
    return directory
