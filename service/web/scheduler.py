"""APScheduler 3.x: the weekly cycle as cron triggers per team, in the team's time zone.

Only one scheduler may run per deployment. ``scheduler_init_app`` takes an exclusive file
lock (``service.scheduler_lock``); a second process (another gunicorn worker, a second
``oneonone serve``) finds the lock held and runs the web part only. Jobs are idempotent
anyway, so a rare double run converges to the same Workspace state.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path
from typing import IO

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from service.settings.org import teams_of
from service.web.app import runtime_of

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


def scheduled_jobs(app: Flask) -> list[tuple[str, str, CronTrigger]]:
    """(job id, job name, trigger) for every team's weekly cycle."""
    config = runtime_of(app).config
    out = []
    for team in teams_of(config):
        cycle = config.cycle_for(team.id)
        moments = [("prepare", cycle.prepare), ("remind", cycle.remind)]
        moments += [("collect", m) for m in cycle.collect]
        for index, (job, moment) in enumerate(moments):
            hour, minute = moment.time.split(":")
            trigger = CronTrigger(
                day_of_week=DAY_OF_WEEK[moment.day],
                hour=int(hour),
                minute=int(minute),
                timezone=team.timezone,
            )
            out.append((f"{team.id}:{job}:{index}", job, trigger))
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
    for job_id, job, trigger in scheduled_jobs(app):
        team = job_id.split(":", 1)[0]
        scheduler.add_job(
            runtime.run,
            trigger,
            id=job_id,
            name=job_id,
            args=[job],
            kwargs={"team_ids": {team}},
        )
    app.extensions["oneonone_scheduler"] = (scheduler, lock)
    if start:
        scheduler.start()
    return scheduler


def scheduler_shutdown(app: Flask) -> None:
    """Stop the scheduler (if this process runs it) and release the lock."""
    held = app.extensions.pop("oneonone_scheduler", None)
    if held is None:
        return
    scheduler, lock = held
    if scheduler.running:
        scheduler.shutdown(wait=False)
    lock.close()
