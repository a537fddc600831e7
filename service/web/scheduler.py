"""APScheduler 3.x: the weekly cycle as cron triggers in each team's time zone.

Teams sharing a moment share one entry; the runtime locks per job and team, so every team's
job runs and the same team's job never runs twice at once.

Only one scheduler may run per deployment. ``scheduler_init_app`` takes an exclusive file
lock (``service.scheduler_lock``); a second process (another gunicorn worker, a second
``oneonone serve``) finds the lock held and runs the web part only. Jobs are idempotent
anyway, so a rare double run converges to the same Workspace state.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path
from typing import IO, NamedTuple

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from service.settings.org import teams_of
from service.web.app import runtime_of
from service.web.runtime import Runtime

log = logging.getLogger(__name__)
DAY_OF_WEEK = {
    "MON": "mon",
    "TUE": "tue",
    "WED": "wed",
    "THU": "thu",
    "FRI": "fri",
    "SAT": "sat",
    "SUN": "sun",
}


def _take_lock(path: Path) -> IO[str] | None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


class ScheduledJob(NamedTuple):
    """One cron entry: a job for every team that shares its moment and time zone."""

    id: str
    job: str
    trigger: CronTrigger
    teams: frozenset[str]


def scheduled_jobs(app: Flask) -> list[ScheduledJob]:
    """The weekly cycle of every team as cron entries.

    Teams whose job falls at the same moment in the same time zone (the default cycle) share
    one entry: one run covers them all, in parallel, with one roll-up and one history write
    (the Sheets quota is per minute) instead of one per team.
    """
    config = runtime_of(app).config
    groups: dict[tuple[str, str, str, str], set[str]] = {}
    for team in teams_of(config):
        cycle = config.cycle_for(team.id)
        moments = [("prepare", cycle.prepare), ("remind", cycle.remind)]
        moments += [("collect", m) for m in cycle.collect]
        for job, moment in moments:
            groups.setdefault((job, moment.day, moment.time, team.timezone), set()).add(team.id)
    out = []
    for (job, day, clock, timezone), teams in groups.items():
        hour, minute = clock.split(":")
        trigger = CronTrigger(
            day_of_week=DAY_OF_WEEK[day], hour=int(hour), minute=int(minute), timezone=timezone
        )
        out.append(ScheduledJob(f"{job}:{day}-{clock}:{timezone}", job, trigger, frozenset(teams)))
    return out


def scheduler_init_app(app: Flask, *, start: bool = True) -> BackgroundScheduler | None:
    """Attach (and start) the scheduler unless another process holds the lock."""
    runtime = runtime_of(app)
    lock = _take_lock(runtime.config.resolve(runtime.config.service.scheduler_lock))
    if lock is None:
        log.info("scheduler lock held by another process; this one serves web only")
        return None
    scheduler = BackgroundScheduler(
        job_defaults={"coalesce": True, "misfire_grace_time": 3600, "max_instances": 1}
    )
    for entry in scheduled_jobs(app):
        scheduler.add_job(
            _run_scheduled,
            entry.trigger,
            id=entry.id,
            name=f"{entry.job} for {', '.join(sorted(entry.teams))}",
            args=[runtime, entry.job, set(entry.teams)],
        )
    app.extensions["oneonone_scheduler"] = (scheduler, lock)
    if start:
        scheduler.start()
    return scheduler


def _run_scheduled(runtime: Runtime, job: str, teams: set[str]) -> None:
    """A cron entry fired: run the job for its teams (those already running are logged), or
    with the cloud_tasks executor enqueue a task per team."""
    if runtime.fans_out:
        runtime.enqueue(job, team_ids=teams)
        return
    if runtime.run(job, team_ids=teams) is None:
        log.warning("%s skipped: already running for every team of the entry", job)


def scheduler_shutdown(app: Flask) -> None:
    """Stop the scheduler (if this process runs it) and release the lock."""
    held = app.extensions.pop("oneonone_scheduler", None)
    if held is None:
        return
    scheduler, lock = held
    if scheduler.running:
        scheduler.shutdown(wait=False)
    lock.close()
