"""The director's roll-up: teams side by side against target and each other, outlier reps high
and low, A/B/C tiers by pace, and the running list of the managers' open initiatives. Pure.

Privacy: no doc text and no individual energy appear here, and any average over fewer than
``min_group_size`` people is hidden ("—", with a note).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from service.domain.tracker_layout import Cell, Column, Row, TabLayout
from service.domain.tracker_upsert import upsert
from service.domain.week import Week

HIDDEN = "—"


@dataclass(frozen=True)
class Figure:
    """A team figure and how many people it averages over (hidden when too few)."""

    value: float | None
    people: int


@dataclass(frozen=True)
class RepPace:
    """A rep's pace to goal (1.0 = on pace), for outliers and tiers."""

    team_id: str
    name: str
    email: str
    pace: float | None


@dataclass(frozen=True)
class TeamSummary:
    """One team as the roll-up sees it (read back from its tracker)."""

    team_id: str
    team: str
    manager: str
    reps: int
    submission_rate: Figure
    on_time_rate: Figure
    completion_rate: Figure
    coverage: Figure
    commitments_kept: Figure
    coaching: Figure
    energy: Figure
    paces: tuple[RepPace, ...] = ()

    @property
    def pace(self) -> Figure:
        """The team's mean pace over reps with one."""
        known = [p.pace for p in self.paces if p.pace is not None]
        return Figure(statistics.fmean(known) if known else None, len(known))


@dataclass(frozen=True)
class Initiative:
    """One open initiative a manager wrote in their 1:1 doc with the director."""

    manager: str
    email: str
    text: str
    week: Week


TEAMS = TabLayout(
    "Teams",
    tuple(Column(h, percent=h.endswith(("rate", "Coverage", "kept", "Coaching")))
          for h in ("Week", "Team", "Manager", "Reps", "Submission rate", "On-time rate",
                    "Completion rate", "Completion vs goal", "Coverage", "Coverage vs goal",
                    "Commitments kept", "Coaching", "Avg energy", "Avg pace", "Pace rank",
                    "Note")),
    key=("Team",),
    sheet_id=201,
)  # fmt: skip
OUTLIERS = TabLayout(
    "Outliers",
    tuple(Column(h) for h in ("Week", "Direction", "Rep", "Team", "Pace", "Team avg pace")),
    key=("Rep",),
    sheet_id=202,
)
TIERS = TabLayout(
    "Tiers",
    tuple(Column(h) for h in ("Week", "Tier", "Rep", "Team", "Pace")),
    key=("Rep",),
    sheet_id=203,
)
INITIATIVES = TabLayout(
    "Initiatives",
    (*(Column(h) for h in ("Manager", "Email", "Initiative", "First seen", "Last seen",
                           "Status")), Column("Director notes", "manager")),
    key=("Email", "Initiative"),
    sheet_id=204,
)  # fmt: skip
ROLLUP_TABS = (TEAMS, OUTLIERS, TIERS, INITIATIVES)


def shown(figure: Figure, min_group: int, digits: int = 4) -> Cell:
    """The figure, "—" when it averages over fewer than ``min_group`` people, "" when none."""
    if figure.people < min_group:
        return HIDDEN if figure.people else ""
    return "" if figure.value is None else round(figure.value, digits)


def _vs(figure: Figure, goal: float, min_group: int) -> Cell:
    cell = shown(figure, min_group)
    return round(float(cell) - goal, 4) if isinstance(cell, float | int) else cell


def team_rows(
    teams: Sequence[TeamSummary],
    week: Week,
    *,
    min_group: int,
    completion_goal: float,
    coverage_goal: float,
) -> list[Row]:
    """One row per team, side by side, with gaps to goal and a rank by average pace."""
    ranked = sorted(
        (t for t in teams if t.pace.value is not None and t.pace.people >= min_group),
        key=lambda t: -(t.pace.value or 0.0),
    )
    rank = {t.team_id: i for i, t in enumerate(ranked, start=1)}
    rows: list[Row] = []
    for t in teams:
        figures = (t.submission_rate, t.on_time_rate, t.completion_rate, t.coverage, t.energy)
        hidden = any(0 < f.people < min_group for f in (*figures, t.pace))
        rows.append(
            [week.label, t.team, t.manager, t.reps,
             shown(t.submission_rate, min_group), shown(t.on_time_rate, min_group),
             shown(t.completion_rate, min_group),
             _vs(t.completion_rate, completion_goal, min_group),
             shown(t.coverage, min_group), _vs(t.coverage, coverage_goal, min_group),
             shown(t.commitments_kept, min_group), shown(t.coaching, min_group),
             shown(t.energy, min_group, 2), shown(t.pace, min_group, 2),
             rank.get(t.team_id, ""),
             f"{HIDDEN} = hidden: fewer than {min_group} people" if hidden else ""]
        )  # fmt: skip
    return rows


def tier_of(pace: float | None, a: float, b: float) -> str:
    """A at or above ``a``, B at or above ``b``, else C; "—" without a pace."""
    if pace is None:
        return HIDDEN
    return "A" if pace >= a else "B" if pace >= b else "C"


def tier_rows(teams: Sequence[TeamSummary], week: Week, *, a: float, b: float) -> list[Row]:
    """Every rep with their tier, A first, then by pace."""
    reps = [(p, t.team) for t in teams for p in t.paces]
    order = {"A": 0, "B": 1, "C": 2, HIDDEN: 3}
    reps.sort(key=lambda x: (order[tier_of(x[0].pace, a, b)], -(x[0].pace or 0.0), x[0].name))
    return [
        [
            week.label,
            tier_of(p.pace, a, b),
            p.name,
            team,
            "" if p.pace is None else round(p.pace, 2),
        ]
        for p, team in reps
    ]


def outlier_rows(
    teams: Sequence[TeamSummary], week: Week, *, min_group: int, spread: float = 1.0
) -> list[Row]:
    """Reps whose pace is ``spread`` standard deviations above or below the director's whole
    group; none when the group is smaller than ``min_group``."""
    paces = [(p, t) for t in teams for p in t.paces if p.pace is not None]
    if len(paces) < min_group:
        return []
    values = [p.pace for p, _t in paces if p.pace is not None]
    mean, sd = statistics.fmean(values), statistics.pstdev(values)
    if sd == 0:
        return []
    rows: list[Row] = []
    for p, t in sorted(paces, key=lambda x: -(x[0].pace or 0.0)):
        pace = p.pace or 0.0
        if abs(pace - mean) < spread * sd:
            continue
        direction = "high" if pace > mean else "low"
        rows.append([week.label, direction, p.name, t.team, round(pace, 2),
                     shown(t.pace, min_group, 2)])  # fmt: skip
    return rows


def initiative_rows(previous: Sequence[Sequence[Cell]], found: Sequence[Initiative]) -> list[Row]:
    """The running list: every initiative ever seen, first/last seen, open while it is still in
    the manager's latest doc; the director's notes column is kept."""
    latest = {i.email: max(j.week for j in found if j.email == i.email) for i in found}
    new: list[Row] = [
        [i.manager, i.email, i.text, i.week.label, i.week.label, "open", ""]
        for i in found
        if i.week == latest[i.email]
    ]

    def merge(old: Row, row: Row) -> Row:
        merged = list(row)
        merged[3] = min(str(old[3]) or str(row[3]), str(row[3]))
        return merged

    table = upsert(INITIATIVES, previous, new, merge=merge)
    for row in table[1:]:
        email, last = str(row[1]), str(row[4])
        if email in latest and last < latest[email].label:
            row[5] = "not in latest doc"
    return table
