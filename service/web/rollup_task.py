"""The cloud_tasks executor's roll-up task: a director's roll-up, once their teams are collected.

Team collect tasks leave the roll-ups out; the collect fan-out enqueues one roll-up task per
director instead (``TaskQueue.enqueue_rollup``). While any of the director's teams still has
its collect task in the queue (waiting, running or retried), the roll-up task answers 503 and
Cloud Tasks tries it again later; then it reads every tracker once and writes the roll-up once,
where writing it after each team would read the director's trackers once per team.
"""

from __future__ import annotations

import logging
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.domain.model import Person, Team
from service.domain.week import Week
from service.errors import InputError, OneOnOneError
from service.google.cloud_tasks import TaskQueue, director_key
from service.jobs.base import Deps, JobReport, TeamReport, calls_since
from service.jobs.collect.rollup import rollup_director
from service.logs import run_labelled
from service.run_history import RunHistory

log = logging.getLogger(__name__)


@dataclass
class RollupOutcome:
    """A roll-up task's answer: the run (None while waiting) and the teams waited for."""

    report: JobReport | None
    waiting_for: int = 0


def director_of(teams: tuple[Team, ...], key: str) -> tuple[Person, list[Team]]:
    """The director whose key is ``key`` and the teams their roll-up covers (those they
    direct and any they manage); an unknown key is an ``InputError``."""
    for team in teams:
        director = team.director
        if director is not None and director_key(director.email) == key:
            mine = [t for t in teams if director.email in _emails(t.director, t.manager)]
            return director, mine
    raise InputError("unknown roll-up key")


def _emails(*people: Person | None) -> set[str]:
    return {person.email for person in people if person is not None}


def run_rollup(
    deps: Deps,
    queue: TaskQueue,
    history: RunHistory,
    key: str,
    week: Week,
    lock: AbstractContextManager[Any],
    now: datetime,
) -> RollupOutcome:
    """Write the roll-up of the director keyed ``key`` for ``week`` if their teams' collect
    tasks are done; a team whose week was not prepared (its last collect of the week was
    skipped) gets no row, as in process."""
    director, teams = director_of(deps.teams, key)
    waiting = queue.pending("collect", week) & {t.id for t in teams}
    if waiting:
        log.info("roll-up of week %s waits for %d team(s)", week.label, len(waiting))
        return RollupOutcome(None, len(waiting))
    skipped = set()
    for team in teams:
        last = history.last("collect", team.id)
        if last and last.get("week") == week.label and last.get("skipped"):
            skipped.add(team.id)
    report = JobReport(job="collect", started=now, dry_run=False)
    before, started = deps.gateway.counter.snapshot(), time.monotonic()
    with run_labelled("collect"), lock:
        try:
            report.teams.append(rollup_director(deps, director, now, week, skipped=skipped))
        except OneOnOneError as exc:
            log.warning("roll-up failed for a director: %s", type(exc).__name__)
            report.teams.append(TeamReport(job="rollup", team=director.email, error=str(exc)))
    report.api_calls = calls_since(deps.gateway.counter, before)
    report.seconds = time.monotonic() - started
    history.record(report)
    return RollupOutcome(report)
