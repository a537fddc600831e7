"""The ``cloud_tasks`` executor's cron side: one Cloud Tasks task per team of a job run.

Each team's task runs that team's job through ``/tasks/<job>?team=ID&week=...`` (the week
fixed at enqueue time, so a retry the next day works on the same week). A team whose task
exists already (the cron request was repeated) is counted as such; one Cloud Tasks refused is
reported with its reason and does not stop the others.
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
    log.info(
        "%s: %d team task(s) enqueued, %d already enqueued, %d refused",
        job, len(out.enqueued), len(out.already_enqueued), len(out.errors),
    )  # fmt: skip
    return out
