"""The roll-up's Coaching tab: per quarter and team, the kudos, how often each coaching
category came up, and the reps' average rating of their 1:1s. Pure.

Read back from the trackers' Team Health and History tabs. Privacy: the rating average is shown
only when at least ``min_group_size`` different reps answered in the quarter, so a rep's rating
never reaches a director alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from service.domain.rollup import HIDDEN
from service.domain.tracker_layout import TOPICS, Cell, Column, Row, TabLayout
from service.domain.week import Week

COACHING = TabLayout(
    "Coaching",
    tuple(Column(h) for h in ("Quarter", "Team", "Manager", "Kudos", TOPICS,
                              "Avg rating of 1:1s (1-5)", "Reps who rated", "Note")),
    key=("Quarter", "Team"),
    sheet_id=205,
)  # fmt: skip
_TOPIC = re.compile(r"^(.*\S)\s+(\d+)$")


def quarter_of(day: date) -> str:
    """A quarter's label: "2026-Q4"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class TeamWeekCoaching:
    """One week of one team as its tracker's Team Health row holds it."""

    week: Week
    kudos: int
    topics: str  # "Quality 2 · Discovery 1"


@dataclass(frozen=True)
class Rating:
    """One rep's rating of a 1:1, from the tracker's History."""

    email: str
    week: Week
    value: int


@dataclass(frozen=True)
class TeamCoaching:
    """What the roll-up read from one team's tracker."""

    team: str
    manager: str
    weeks: tuple[TeamWeekCoaching, ...]
    ratings: tuple[Rating, ...]


def parse_topics(text: str) -> dict[str, int]:
    """ "Quality 2 · Discovery 1" back into counts (a cell a person edited may not parse)."""
    out: dict[str, int] = {}
    for part in str(text).split("·"):
        match = _TOPIC.match(part.strip())
        if match:
            out[match.group(1)] = out.get(match.group(1), 0) + int(match.group(2))
    return out


def coaching_rows(teams: Sequence[TeamCoaching], week: Week, *, min_group: int) -> list[Row]:
    """One row per team for the quarter ``week`` is in."""
    quarter = quarter_of(week.monday)
    rows: list[Row] = []
    for t in teams:
        weeks = [w for w in t.weeks if quarter_of(w.week.monday) == quarter]
        topics: dict[str, int] = {}
        for w in weeks:
            for name, count in parse_topics(w.topics).items():
                topics[name] = topics.get(name, 0) + count
        ordered = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))
        ratings = [r for r in t.ratings if quarter_of(r.week.monday) == quarter]
        raters = len({r.email for r in ratings})
        average: Cell = ""
        note = ""
        if raters >= min_group:
            average = round(sum(r.value for r in ratings) / len(ratings), 2)
        elif raters:
            average, note = HIDDEN, f"{HIDDEN} = hidden: fewer than {min_group} reps rated"
        rows.append(
            [quarter, t.team, t.manager, sum(w.kudos for w in weeks),
             " · ".join(f"{n} {c}" for n, c in ordered), average, raters, note]
        )  # fmt: skip
    return rows
