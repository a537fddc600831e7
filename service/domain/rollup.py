"""The director's roll-up: teams side by side against target and each other, each team's
outlier reps high and low, A/B/C tiers by pace (attainment over the period's expected share),
and the running list of the managers' open initiatives. Pure.

Privacy: no doc text and no individual energy appear here, and any average over fewer than
``min_group_size`` people is hidden ("—", with a note).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from service.domain.leader_notes import split_initiative
from service.domain.pacing import TOLERANCE, Pace, PaceStatus
from service.domain.tracker_layout import AVG_ENERGY, PACE, Cell, Column, Row, TabLayout
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
    """A rep's pace to goal as the tracker shows it, for outliers and tiers."""

    team_id: str
    name: str
    email: str
    pace: Pace | None


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
    def attainment(self) -> Figure:
        """The team's mean attainment of goal over reps with a pace."""
        known = [p.pace.attainment for p in self.paces if p.pace is not None]
        return Figure(statistics.fmean(known) if known else None, len(known))


@dataclass(frozen=True)
class Initiative:
    """One open initiative a manager wrote in their 1:1 doc with the director."""

    manager: str
    email: str
    text: str
    week: Week


# What a director may misread in the Teams tab: the 1:1 figures are the week before's.
TEAM_NOTES = {
    "Reps": "Reps due a doc this week.",
    "Completion rate": "Of the 1:1s of the week before (this week's come after the run), the "
    "share held: not cancelled, nobody declined.",
    "Completion vs goal": "Completion rate minus the goal, in points.",
    "Coverage": "Reps with at least one 1:1 held in the month, up to the week before.",
    "Coverage vs goal": "Coverage minus the goal, in points.",
}
TEAMS = TabLayout(
    "Teams",
    tuple(Column(h, percent=h.endswith(("rate", "Coverage", "kept", "Coaching", "% of goal",
                                        "vs goal")),
                 signed=h.endswith("vs goal"), width=300 if h == "Note" else 100,
                 pattern="0.0" if h == AVG_ENERGY else "", note=TEAM_NOTES.get(h, ""))
          for h in ("Week", "Team", "Manager", "Reps", "Submission rate", "On-time rate",
                    "Completion rate", "Completion vs goal", "Coverage", "Coverage vs goal",
                    "Commitments kept", "Coaching", AVG_ENERGY, "Avg % of goal", "Pace rank",
                    "Note")),
    key=("Team",),
    sheet_id=201,
)  # fmt: skip
OUTLIERS = TabLayout(
    "Outliers",
    (
        *(
            Column(h, width=PACE if h == "Pace" else 100)
            for h in ("Week", "Direction", "Rep", "Team", "Pace")
        ),
        Column("Team median % of goal", percent=True),  # the middle rep, as outliers are judged
    ),
    key=("Rep",),
    sheet_id=202,
)
TIERS = TabLayout(
    "Tiers",
    tuple(
        Column(h, width=PACE if h == "Pace" else 100)
        for h in ("Week", "Tier", "Rep", "Team", "Pace")
    ),
    key=("Rep",),
    sheet_id=203,
)
INITIATIVES = TabLayout(
    "Initiatives",
    (*(Column(h) for h in ("Manager", "Email", "Initiative", "Next step", "First seen",
                           "Last seen", "Status")), Column("Director notes", "manager")),
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
    """One row per team, side by side, with gaps to goal and a rank by average attainment."""
    ranked = sorted(
        (t for t in teams if t.attainment.value is not None and t.attainment.people >= min_group),
        key=lambda t: -(t.attainment.value or 0.0),
    )
    rank = {t.team_id: i for i, t in enumerate(ranked, start=1)}
    rows: list[Row] = []
    for t in teams:
        figures = (t.submission_rate, t.on_time_rate, t.completion_rate, t.coverage, t.energy)
        hidden = any(0 < f.people < min_group for f in (*figures, t.attainment))
        rows.append(
            [week.label, t.team, t.manager, t.reps,
             shown(t.submission_rate, min_group), shown(t.on_time_rate, min_group),
             shown(t.completion_rate, min_group),
             _vs(t.completion_rate, completion_goal, min_group),
             shown(t.coverage, min_group), _vs(t.coverage, coverage_goal, min_group),
             shown(t.commitments_kept, min_group), shown(t.coaching, min_group),
             shown(t.energy, min_group, 2), shown(t.attainment, min_group, 2),
             rank.get(t.team_id, ""),
             f"{HIDDEN} = hidden: fewer than {min_group} people" if hidden else ""]
        )  # fmt: skip
    return rows


def tier_of(pace: Pace | None, a: float, b: float) -> str:
    """A when attainment is at least ``a`` times the period's expected share, B at least ``b``
    times, else C; "—" without a pace or too early in the period to judge one."""
    ratio = pace.ratio if pace is not None else None
    if pace is None or ratio is None or pace.status in (PaceStatus.EARLY, PaceStatus.UNKNOWN):
        return HIDDEN
    return "A" if ratio >= a else "B" if ratio >= b else "C"


def _lead(pace: Pace | None) -> float:
    """Points of goal ahead of the share gone (for ordering)."""
    return pace.attainment - pace.gone if pace is not None else float("-inf")


def tier_rows(teams: Sequence[TeamSummary], week: Week, *, a: float, b: float) -> list[Row]:
    """Every rep with their tier, A first, then by pace."""
    reps = [(p, t.team) for t in teams for p in t.paces]
    order = {"A": 0, "B": 1, "C": 2, HIDDEN: 3}
    reps.sort(key=lambda x: (order[tier_of(x[0].pace, a, b)], -_lead(x[0].pace), x[0].name))
    return [
        [week.label, tier_of(p.pace, a, b), p.name, team, p.pace.text() if p.pace else ""]
        for p, team in reps
    ]


def outlier_rows(teams: Sequence[TeamSummary], week: Week, *, min_group: int) -> list[Row]:
    """Per team (of at least ``min_group`` reps with a pace), the rep furthest ahead and the
    one furthest behind, each named when their attainment is more than the pace tolerance
    (10 %) above or below the team's median (the rest of the team, unmoved by the outlier)."""
    rows: list[Row] = []
    for t in teams:
        known = sorted(
            ((p, p.pace) for p in t.paces if p.pace is not None), key=lambda x: x[0].name
        )
        if len(known) < min_group:
            continue
        middle = statistics.median(pace.attainment for _p, pace in known)
        high = max(_lead(pace) for _p, pace in known)
        low = min(_lead(pace) for _p, pace in known)
        for p, pace in known:
            if _lead(pace) == high and pace.attainment - middle > TOLERANCE * middle:
                direction = "high"
            elif _lead(pace) == low and middle - pace.attainment > TOLERANCE * middle:
                direction = "low"
            else:
                continue
            rows.append([week.label, direction, p.name, t.team, pace.text(), round(middle, 4)])
    rows.sort(key=lambda r: (str(r[3]), str(r[1]) != "high"))
    return rows


def initiative_rows(previous: Sequence[Sequence[Cell]], found: Sequence[Initiative]) -> list[Row]:
    """The running list: every initiative ever seen (by its name: "SDR pilot - next: hire two
    SDRs" is the initiative "SDR pilot" with its latest next step), first/last seen, open while
    it is still in the manager's latest doc; the director's notes column is kept."""
    first, last, status = (INITIATIVES.index(h) for h in ("First seen", "Last seen", "Status"))
    latest = {i.email: max(j.week for j in found if j.email == i.email) for i in found}
    new: list[Row] = [
        [i.manager, i.email, *split_initiative(i.text), i.week.label, i.week.label, "open", ""]
        for i in found
        if i.week == latest[i.email]
    ]

    def merge(old: Row, row: Row) -> Row:
        merged = list(row)
        merged[first] = min(str(old[first]) or str(row[first]), str(row[first]))
        return merged

    table = upsert(INITIATIVES, previous, new, merge=merge)
    for row in table[1:]:
        email = str(row[INITIATIVES.index("Email")])
        if email in latest and str(row[last]) < latest[email].label:
            row[status] = "not in latest doc"
    return table
