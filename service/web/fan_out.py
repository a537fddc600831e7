"""The ``cloud_tasks`` executor's cron side: one Cloud Tasks task per team of a job run.

Each team's task runs that team's job through ``/tasks/<job>?team=ID&week=...`` (the week
fixed at enqueue time, so a retry the next day works on the same week). A team whose task
exists already (the cron request was repeated) is counted as such; one Cloud Tasks refused is
reported with its reason and does not stop the others. After a collect, each director gets a
roll-up task of their own (``rollup_task``), written once their teams are done.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from service.domain.cycle import week_for
from service.domain.model import Team
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google.cloud_tasks import TaskQueue

log = logging.getLogger(__name__)


@dataclass
class Enqueued:
    """What a fan-out did: teams enqueued, teams whose task already existed, refusals."""

    job: str
    enqueued: list[str] = field(default_factory=list)
    already_enqueued: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    rollups: int = 0  # directors' roll-up tasks enqueued (after a collect)
    api_calls: int = 0

    @property
    def ok(self) -> bool:
        """True when every team has its task."""
        return not self.errors


def enqueue_teams(
    queue: TaskQueue, job: str, teams: Iterable[Team], now: datetime, week: Week | None = None
) -> Enqueued:
    """Enqueue ``job`` for each team on ``week`` or the week the cycle gives at ``now`` in
    the team's time zone."""
    out = Enqueued(job)
    teams = list(teams)
    for team in teams:
        team_week = week or week_for(job, now, team.timezone)
        day = now.astimezone(ZoneInfo(team.timezone)).date()
        out.api_calls += 1  # one tasks.create each
        try:
            created = queue.enqueue(job, team.id, team_week, day)
        except WorkspaceError as exc:
            log.warning("%s for team %s not enqueued: %s", job, team.id, exc)
            out.errors[team.id] = str(exc)
            continue
        (out.enqueued if created else out.already_enqueued).append(team.id)
    if job == "collect":
        _enqueue_rollups(queue, [t for t in teams if t.id not in out.errors], now, week, out)
    log.info(
        "%s: %d team task(s) enqueued, %d already enqueued, %d refused, %d roll-up task(s)",
        job, len(out.enqueued), len(out.already_enqueued), len(out.errors), out.rollups,
    )  # fmt: skip
    return out


def _enqueue_rollups(
    queue: TaskQueue, teams: list[Team], now: datetime, week: Week | None, out: Enqueued
) -> None:
    """One roll-up task per director of ``teams``, on the director's week and local day."""
    directors = {t.director.email: t.director for t in teams if t.director is not None}
    for director in directors.values():
        director_week = week or week_for("collect", now, director.timezone)
        day = now.astimezone(ZoneInfo(director.timezone)).date()
        out.api_calls += 1
        try:
            out.rollups += queue.enqueue_rollup(director.email, director_week, day)
        except WorkspaceError as exc:
            log.warning("a roll-up task was not enqueued: %s", exc)
            out.errors["roll-up"] = str(exc)
