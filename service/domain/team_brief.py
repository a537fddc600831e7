"""What a leader's 1:1 doc shows of the teams under them (the manager doc of seed 001: team
metrics, outliers high and low, A/B/C tiers), built from the same team summaries and the same
functions as the director's roll-up, so the doc and the roll-up can never disagree. Pure.

A manager's doc shows the team they lead; a director's doc (the VP doc) the teams reporting to
them, side by side. Averages over fewer than ``min_group_size`` people stay hidden ("—"), as in
the roll-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.domain.rollup import (
    HIDDEN,
    TEAMS,
    TeamSummary,
    outlier_rows,
    team_rows,
    tier_rows,
)
from service.domain.tracker_layout import AVG_ENERGY, Cell
from service.domain.week import Week

# (row label, TEAMS column, goal key, kind): the figures a leader reviews first.
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    ("Reps due", "Reps", "", "count"),
    ("Submission rate", "Submission rate", "", "percent"),
    ("On-time rate", "On-time rate", "", "percent"),
    ("1:1 completion (week before)", "Completion rate", "completion", "percent"),
    ("Manager coverage (month)", "Coverage", "coverage", "percent"),
    ("Commitments kept", "Commitments kept", "", "percent"),
    ("Coaching utilization", "Coaching", "", "percent"),
    ("Avg energy (1-5)", AVG_ENERGY, "", "number"),
    ("Avg % of goal", "Avg % of goal", "", "percent"),
)
TIER_LABELS: dict[str, str] = {
    "A": "A: keep investing",
    "B": "B: to the next level",
    "C": "C: up or out",
    HIDDEN: "Not judged yet (too early, or no pace)",
}
TIERS_HEADER: tuple[str, ...] = ("Tier", "Reps", "Specific actions this month")
NO_FIGURES = "No figures yet: the team's tracker is written by the first collect"


@dataclass(frozen=True)
class Goals:
    """The roll-up's settings the brief needs (program.yaml: privacy, tiers, kpi_targets)."""

    min_group: int = 3
    completion: float = 0.9
    coverage: float = 1.0
    tier_a: float = 1.0
    tier_b: float = 0.8


@dataclass(frozen=True)
class TeamBrief:
    """The figures table, the outlier lines and the tier rows of one leader's doc."""

    header: tuple[str, ...]
    figures: tuple[tuple[str, ...], ...]
    outliers: tuple[str, ...]
    tiers: tuple[tuple[str, ...], ...]


def _shown(cell: Cell, kind: str) -> str:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return str(cell)
    if kind == "percent":
        return f"{cell:.0%}"
    return f"{cell:.1f}" if kind == "number" else str(int(cell))


def team_brief(summaries: Sequence[TeamSummary], week: Week | None, goals: Goals) -> TeamBrief:
    """The brief for the teams of ``summaries`` as collected for ``week`` (None: nothing
    collected yet)."""
    if week is None or not summaries:
        return TeamBrief(("Figure", "Value"), ((NO_FIGURES, ""),), (), _tier_table([], False))
    rows = team_rows(
        summaries, week, min_group=goals.min_group,
        completion_goal=goals.completion, coverage_goal=goals.coverage,
    )  # fmt: skip
    goal_of = {"completion": goals.completion, "coverage": goals.coverage}
    figures = []
    for label, column, goal, kind in FIGURES:
        at = TEAMS.index(column)
        target = f"{goal_of[goal]:.0%}" if goal else ""
        figures.append((label, *(_shown(row[at], kind) for row in rows), target))
    notes = {str(row[TEAMS.index("Note")]) for row in rows} - {""}
    figures.extend((note, *("" for _ in rows), "") for note in sorted(notes))
    header = (f"Week of {week.label}", *(s.team for s in summaries), "Goal")
    many = len(summaries) > 1
    outliers = tuple(
        f"{str(r[1]).title()}: {r[2]}{f' ({r[3]})' if many else ''}, {r[4]}; "
        f"team median {_shown(r[5], 'percent')} of goal"
        for r in outlier_rows(summaries, week, min_group=goals.min_group)
    )
    tiers = tier_rows(summaries, week, a=goals.tier_a, b=goals.tier_b)
    return TeamBrief(header, tuple(figures), outliers, _tier_table(tiers, many))


def _tier_table(tiers: Sequence[Sequence[Cell]], many: bool) -> tuple[tuple[str, ...], ...]:
    """One row per tier (A, B, C, and the reps not judged when there are any)."""
    names: dict[str, list[str]] = {tier: [] for tier in TIER_LABELS}
    for _week, tier, name, team, _pace in tiers:
        names[str(tier)].append(f"{name} ({team})" if many else str(name))
    return tuple(
        (label, ", ".join(names[tier]), "")
        for tier, label in TIER_LABELS.items()
        if tier != HIDDEN or names[tier]
    )
