"""The leaders' docs in ``prepare``: a manager's doc for their 1:1 with the director shows the
figures of the team they lead (a director's VP doc, of the teams reporting to them), read from
those teams' trackers, the record ``collect`` writes, and summed up by the roll-up's own
functions (``service.domain.team_brief``); and it carries over last week's initiatives.

Which week: the latest one the trackers hold before the week being prepared (prepare runs on
Thursday, before Friday's collect of that week).

Calls, per leader and week, only when their doc is prefilled (a re-run reads nothing): one
Drive ``files.list`` per team they lead (acting as its manager: with ``drive.file`` only the
user who made the tracker sees it) and one Sheets ``values.batchGet`` per team.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from service.domain.leader_notes import initiative_items
from service.domain.model import Rep, Role, Submission, Team
from service.domain.rollup import TeamSummary
from service.domain.team_brief import TIERS_HEADER, Goals, team_brief
from service.domain.tracker_layout import TEAM_HEALTH
from service.domain.tracker_upsert import read_rows
from service.domain.week import Week
from service.errors import WorkspaceError
from service.jobs.base import Deps, TeamReport
from service.jobs.collect.rollup import find_trackers, read_tracker, team_summary
from service.templates import Prefill

log = logging.getLogger(__name__)
NO_OUTLIERS = "None this week: nobody is more than 10% off the team's median"


def led_teams(deps: Deps, leader: Rep) -> list[Team]:
    """The teams whose figures a leader's doc shows: the team a manager leads, the teams
    reporting to a director; none for an AE."""
    if leader.role is Role.MANAGER:
        return [t for t in deps.teams if t.manager.email == leader.email]
    if leader.role is Role.DIRECTOR:
        return [t for t in deps.teams if t.director and t.director.email == leader.email]
    return []


def goals_of(deps: Deps) -> Goals:
    """The roll-up's thresholds, from program.yaml."""
    program = deps.config.program
    return Goals(
        min_group=program.privacy.min_group_size,
        completion=program.kpi_targets.completion_rate,
        coverage=program.kpi_targets.manager_coverage,
        tier_a=program.tiers.a,
        tier_b=program.tiers.b,
    )


def leader_prefills(
    deps: Deps,
    week: Week,
    reps: list[Rep],
    prefills: dict[str, Prefill],
    last: dict[str, tuple[Submission, str]],
    report: TeamReport,
) -> dict[str, Prefill]:
    """The prefill of each leader among ``reps``: their rep prefill with the team figures in
    place of the metrics table, the outliers, the tiers and last week's initiatives."""
    out: dict[str, Prefill] = {}
    for rep in reps:
        teams = led_teams(deps, rep)
        if not teams or rep.email not in prefills:
            continue
        try:
            summaries, when = _summaries(deps, teams, week)
        except WorkspaceError as exc:
            report.warnings.append(f"{rep.email}: team figures not read ({exc})")
            summaries, when = [], None
        brief = team_brief(summaries, when, goals_of(deps))
        previous = last.get(rep.email)
        initiatives = initiative_items(previous[0].sections) if previous else ()
        out[rep.email] = replace(
            prefills[rep.email],
            metrics=brief.figures,
            metrics_header=brief.header,
            lines={
                "team_outliers": brief.outliers or ((NO_OUTLIERS,) if when else ()),
                "running_initiatives": initiatives,
            },
            tables={"team_tiers": (TIERS_HEADER, *brief.tiers)},
        )
        report.count("leader_briefs")
    return out


def _summaries(deps: Deps, teams: list[Team], week: Week) -> tuple[list[TeamSummary], Week | None]:
    """Each team's summary for the latest week its tracker holds before ``week``."""
    gw = deps.gateway
    trackers = find_trackers(gw, teams)
    read: list[tuple[Team, Any, Any, Any]] = []
    weeks: set[Week] = set()
    for team in teams:
        file = trackers.get(team.id)
        if file is None:
            continue
        this_week, health, _history = read_tracker(gw, team.manager.email, file["id"])
        read.append((team, this_week, health, _history))
        for row in read_rows(TEAM_HEALTH, health):
            try:
                label = Week.parse(str(row[TEAM_HEALTH.index("Week")]))
            except ValueError:
                continue
            if label < week:
                weeks.add(label)
    if not weeks:
        return [], None
    when = max(weeks)
    return [
        team_summary(team, when, this_week, health) for team, this_week, health, _ in read
    ], when
