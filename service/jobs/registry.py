"""The named jobs, so that APScheduler, the task endpoint, the CLI and tests share one entry."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from service.domain.model import Team
from service.domain.week import Week
from service.errors import InputError
from service.jobs.base import Deps, JobReport, TeamJob, TeamReport, calls_since, run_job
from service.logs import run_labelled

# job name -> (module, function of (deps, team, now, week=None) -> TeamReport); without a
# week, each job works on the week its place in the cycle gives (see domain.cycle).
JOBS: dict[str, tuple[str, str]] = {
    "prepare": ("service.jobs.prepare.job", "prepare_team"),
    "remind": ("service.jobs.remind.job", "remind_team"),
    "collect": ("service.jobs.collect.job", "collect_team"),
}


def team_job(name: str) -> TeamJob:
    """The per-team function of a named job."""
    if name not in JOBS:
        raise InputError(f"unknown job {name!r}; choose one of {', '.join(JOBS)}")
    module_name, function = JOBS[name]
    job: TeamJob = getattr(importlib.import_module(module_name), function)
    return job


def run_named(
    name: str,
    deps: Deps,
    now: datetime,
    team_ids: set[str] | None = None,
    *,
    rollup_lock: AbstractContextManager[Any] | None = None,
    week: Week | None = None,
    rollups: bool = True,
) -> JobReport:
    """Run a named job for the selected teams (all when ``team_ids`` is None), on ``week``
    (the 1:1 week, a Monday) or the week the cycle gives; after ``collect``, the directors'
    roll-ups are written holding ``rollup_lock`` (when given), unless ``rollups`` is false
    (the cloud_tasks executor writes them in a task of their own). Every line it logs
    carries the job, a run id and (for one team) the team as labels."""
    lock = rollup_lock or nullcontext()
    with run_labelled(name, team_ids):
        return _run_named(name, deps, now, team_ids, lock if rollups else None, week)


def _run_named(
    name: str,
    deps: Deps,
    now: datetime,
    team_ids: set[str] | None,
    rollup_lock: AbstractContextManager[Any] | None,  # None: no roll-ups
    week: Week | None,
) -> JobReport:
    if team_ids:
        unknown = team_ids - {team.id for team in deps.teams}
        if unknown:
            raise InputError(f"unknown team(s): {', '.join(sorted(unknown))}")
    before = deps.gateway.counter.snapshot()
    started = time.monotonic()
    job = team_job(name) if week is None else _on_week(team_job(name), week)
    report = run_job(name, job, deps, now, team_ids)
    if name == "collect" and not deps.dry_run and rollup_lock is not None:
        with rollup_lock:
            _after_collect(deps, now, report, week)
        # The roll-ups' calls and time belong to the job too.
        report.api_calls = calls_since(deps.gateway.counter, before)
        report.seconds = time.monotonic() - started
    return report


def _on_week(job: Callable[..., TeamReport], week: Week) -> TeamJob:
    def on_week(deps: Deps, team: Team, now: datetime) -> TeamReport:
        return job(deps, team, now, week=week)

    return on_week


def _after_collect(deps: Deps, now: datetime, report: JobReport, week: Week | None) -> None:
    """Directors' roll-ups are written once every team's tracker is: those of the directors
    of the teams collected, without a team whose week was not prepared."""
    module = importlib.import_module(JOBS["collect"][0])
    rollups = getattr(module, "collect_rollups", None)
    collected = {t.team for t in report.teams if t.skipped is None}
    if rollups is not None and collected:
        skipped = {t.team for t in report.teams if t.skipped is not None}
        report.teams.extend(rollups(deps, now, week, collected=collected, skipped=skipped))
