"""The service's per-app state: config, how to build job dependencies, history, locks."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.domain.week import Week
from service.errors import InputError
from service.google.cloud_tasks import TaskQueue
from service.jobs.base import Deps, JobReport
from service.jobs.registry import run_named
from service.run_history import RunHistory
from service.settings import Config
from service.settings.org import teams_of
from service.web.fan_out import Enqueued, enqueue_teams
from service.web.lifecycle import Lifecycle
from service.web.rollup_task import RollupOutcome, run_rollup

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Held in ``app.extensions["oneonone"]``; nothing is global."""

    config: Config
    deps: Callable[[bool], Deps]  # dry_run -> dependencies
    history: RunHistory
    clock: Callable[[], datetime] = _utc_now
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
    # The ``cloud_tasks`` executor's queue, built on first use (None: in process only).
    task_queue: Callable[[], TaskQueue] | None = None
    _locks: dict[tuple[str, str], threading.Lock] = field(default_factory=dict)
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)
    # Roll-ups are shared by every team of a director: two teams' collects finishing together
    # write them one after the other, so the last one written has read every fresh tracker.
    _rollups: threading.Lock = field(default_factory=threading.Lock)

    def lock(self, job: str, team: str) -> threading.Lock:
        """One lock per job and team: the same team's job never runs twice at once in this
        process, while other teams' runs of the same job go ahead."""
        with self._locks_guard:
            return self._locks.setdefault((job, team), threading.Lock())

    def run(
        self,
        job: str,
        *,
        team_ids: set[str] | None = None,
        dry_run: bool = False,
        week: Week | None = None,
        rollups: bool = True,
    ) -> JobReport | None:
        """Run a job now and record it; None when it is already running or the service is
        shutting down (``lifecycle`` counts the runs so a shutdown can wait for them).
        ``rollups`` false leaves a collect's roll-ups to their own task (cloud_tasks)."""
        with self.lifecycle.job() as admitted:
            if not admitted:
                log.warning("%s not started: the service is shutting down", job)
                return None
            return self._run(job, team_ids=team_ids, dry_run=dry_run, week=week, rollups=rollups)

    @property
    def fans_out(self) -> bool:
        """True when a job's teams run as Cloud Tasks tasks, not in this process."""
        return self.config.service.executor == "cloud_tasks" and self.task_queue is not None

    def enqueue(
        self, job: str, *, team_ids: set[str] | None = None, week: Week | None = None
    ) -> Enqueued | None:
        """Enqueue one Cloud Tasks task per selected team (all when None); None while the
        service is shutting down."""
        assert self.task_queue is not None, "enqueue needs the cloud_tasks executor"
        with self.lifecycle.job() as admitted:
            if not admitted:
                log.warning("%s not enqueued: the service is shutting down", job)
                return None
            teams = [t for t in teams_of(self.config) if not team_ids or t.id in team_ids]
            unknown = (team_ids or set()) - {t.id for t in teams}
            if unknown:
                raise InputError(f"unknown team(s): {', '.join(sorted(unknown))}")
            return enqueue_teams(self.task_queue(), job, teams, self.clock(), week)

    def rollup(self, key: str, week: Week) -> RollupOutcome | None:
        """Run the roll-up task of the director keyed ``key`` (cloud_tasks); None while the
        service is shutting down."""
        assert self.task_queue is not None, "roll-up tasks need the cloud_tasks executor"
        with self.lifecycle.job() as admitted:
            if not admitted:
                return None
            queue, deps = self.task_queue(), self.deps(False)
            return run_rollup(deps, queue, self.history, key, week, self._rollups, self.clock())

    def _run(
        self,
        job: str,
        *,
        team_ids: set[str] | None = None,
        dry_run: bool = False,
        week: Week | None = None,
        rollups: bool = True,
    ) -> JobReport | None:
        """Run a job now for the selected teams (all when None), on ``week`` or the week the
        cycle gives, and record it.

        A team whose run of ``job`` is already under way is left to that run and named in
        ``JobReport.already_running``; None when every selected team is. A dry run writes
        nothing, so it takes no lock (it never holds up a real run).
        """
        known = [team.id for team in self.config.org.teams]
        wanted = set(team_ids) if team_ids else set(known)
        unknown = wanted - set(known)
        if unknown:
            raise InputError(f"unknown team(s): {', '.join(sorted(unknown))}")
        with self._team_locks(job, sorted(wanted), take=not dry_run) as (free, busy):
            if busy:
                log.warning("%s already running for team(s) %s", job, ", ".join(busy))
            if not free:
                return None
            deps, now = self.deps(dry_run), self.clock()
            report = run_named(
                job, deps, now, set(free), rollup_lock=self._rollups, week=week, rollups=rollups
            )
            report.already_running = busy
            self.history.record(report)
            return report

    @contextmanager
    def _team_locks(
        self, job: str, teams: list[str], *, take: bool
    ) -> Iterator[tuple[list[str], list[str]]]:
        """(teams whose lock was taken, teams already running), released on exit."""
        if not take:
            yield teams, []
            return
        taken: list[threading.Lock] = []
        free: list[str] = []
        busy: list[str] = []
        for team in teams:
            lock = self.lock(job, team)
            if lock.acquire(blocking=False):
                taken.append(lock)
                free.append(team)
            else:
                busy.append(team)
        try:
            yield free, busy
        finally:
            for lock in taken:
                lock.release()
