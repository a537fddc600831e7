"""Thirteen weeks of the org on the emulator, step by step in simulated time: the runner and
its steps (the timeline that orders them is ``quarter_timeline``).

Each step happens at its moment, sorted on one timeline: the jobs as the service runs them
(``run_named`` with ``now``, the teams of one cron entry together; or the real APScheduler),
the reps answering their invitations through the Calendar API and filling in their docs
through the Docs API, the managers deleting a 1:1 or going on vacation, a configuration
change, and jobs run by hand. Before each step the emulator's clock is set to its moment, and
Google's per-minute quotas are counted on that clock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

from service.bootstrap import build_deps, build_gateway
from service.demo.personas import answers_for
from service.demo.rep_edits import carried_over, fill_requests
from service.demo.runner import demo_config
from service.google.ratelimit import RateLimiter
from service.jobs.base import Deps, JobReport
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import load_config
from service.web.app import create_app
from service.web.scheduler import scheduled_jobs, scheduler_init_app, scheduler_shutdown
from tests.e2e import quarter_org as q
from tests.e2e.workspace_reader import WorkspaceReader

NEW_YORK = "America/New_York"


@dataclass
class Written:
    """What a simulated rep did in their doc."""

    at: datetime
    kept: frozenset[str]  # carried-over lines they struck through
    carried: frozenset[str]  # every carried-over line the doc showed


@dataclass
class Quarter:
    """The run and what the simulated people did, for the checks."""

    org: dict[str, Any]
    reader: WorkspaceReader
    deps: Deps
    reports: list[tuple[str, JobReport]] = field(default_factory=list)
    written: dict[tuple[str, date], Written] = field(default_factory=dict)
    declined: set[tuple[str, date]] = field(default_factory=set)
    hand_runs: list[tuple[datetime, JobReport]] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    # (moment, job, teams its cron entries fired for, teams /status shows as run then, errors)
    scheduled: list[tuple[datetime, str, set[str], set[str], list[str]]] = field(
        default_factory=list
    )


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    label: str = field(compare=False)
    action: Callable[[datetime], None] = field(compare=False)


def at_local(day: date, clock: str, timezone: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), ZoneInfo(timezone))


class QuarterRunner:
    """Builds the timeline of the quarter and runs it."""

    def __init__(self, emulator: Any, root: Path) -> None:
        self.emulator = emulator
        self.config_dir = root / "config"
        self.root = root
        org = q.load_org()
        q.write_config(self.config_dir, org)
        self.reader = WorkspaceReader(emulator.base_url, str(emulator.service_account_file))
        # Google's per-minute quotas, counted on the simulated clock: the real service makes
        # these calls days apart, not within the few minutes the test takes.
        self.limiter = RateLimiter(clock=lambda: emulator.store.now().timestamp())
        self.quarter = Quarter(org, self.reader, self._deps())
        self.steps: list[Step] = []

    def _deps(self) -> Deps:
        config = demo_config(
            load_config(self.config_dir),
            self.emulator.base_url,
            self.emulator.service_account_file,
            self.root,
        )
        return build_deps(config, gateway=build_gateway(config, limiter=self.limiter))

    def add(self, at: datetime, label: str, action: Callable[[datetime], None]) -> None:
        self.steps.append(Step(at, len(self.steps), label, action))

    def run(self) -> Quarter:
        for step in sorted(self.steps):
            self.emulator.store.set_now(step.at)
            step.action(step.at)
        return self.quarter

    # --- the service's jobs -----------------------------------------------------------------

    def job(self, name: str, teams: set[str], label: str) -> Callable[[datetime], None]:
        def action(now: datetime) -> None:
            report = run_named(name, self.quarter.deps, now, teams)
            self.quarter.reports.append((label, report))

        return action

    def hand_run(self, name: str) -> Callable[[datetime], None]:
        def action(now: datetime) -> None:
            self.quarter.hand_runs.append((now, run_named(name, self.quarter.deps, now)))

        return action

    def install(self, now: datetime) -> None:
        self.quarter.reports.append(("install", install(self.quarter.deps, now)))

    def move(self, now: datetime) -> None:
        """The customer edits org.yaml (the rep moves) and the service restarts."""
        q.write_config(self.config_dir, q.moved(self.quarter.org))
        self.quarter.deps = self._deps()

    def scheduler(self, now: datetime) -> None:
        """The real APScheduler of ``oneonone serve`` at ``now``: its own cron triggers say
        which entries fire (teams sharing a moment share one); they run at once, with time
        passed in, and /status tells which teams ran."""
        deps = self.quarter.deps
        app = create_app(
            deps.config, deps=lambda dry_run: replace(deps, dry_run=dry_run), clock=lambda: now
        )
        scheduler = scheduler_init_app(app, start=False)
        assert scheduler is not None, "the scheduler lock is free"
        due = [
            job
            for job in scheduler.get_jobs()
            if job.trigger.get_next_fire_time(None, now - timedelta(minutes=1)) == now
        ]
        finished = threading.Semaphore(0)
        scheduler.add_listener(
            lambda _event: finished.release(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
        )
        for job in scheduler.get_jobs():
            if job in due:
                job.modify(next_run_time=datetime.now(UTC))  # its moment has come
            else:
                job.pause()
        scheduler.start()
        try:
            for _ in due:
                assert finished.acquire(timeout=300), "a scheduled job did not finish"
        finally:
            scheduler_shutdown(app)
        status = app.test_client().get("/status?format=json").get_json()
        entries = {entry.id: entry for entry in scheduled_jobs(app)}
        for job_name in sorted({entries[job.id].job for job in due}):
            fired: set[str] = set()
            for job in due:
                if entries[job.id].job == job_name:
                    fired |= entries[job.id].teams
            ran, errors = set(), []
            for team in status["teams"]:
                last = team["jobs"][job_name]["last"] or {}
                started = last.get("started")
                if started and datetime.fromisoformat(started) == now:
                    ran.add(team["team"])
                    if last.get("error"):
                        errors.append(f"{team['team']}: {last['error']}")
            self.quarter.scheduled.append((now, job_name, fired, ran, errors))

    # --- the people -------------------------------------------------------------------------

    def vacation(self, now: datetime) -> None:
        """The manager puts an all-day out-of-office event on their calendar, Monday to Friday."""
        team = q.teams(self.quarter.org)[q.VACATION_TEAM]
        first = q.VACATION_WEEK
        body = {
            "summary": "Vacation",
            "eventType": "outOfOffice",
            "start": {"date": first.isoformat(), "timeZone": team.timezone},
            "end": {"date": (first + timedelta(days=5)).isoformat(), "timeZone": team.timezone},
            "outOfOfficeProperties": {"autoDeclineMode": "declineOnlyNewConflictingInvitations"},
        }
        self.reader.client("calendar", team.manager).events().insert(
            calendarId="primary", body=body
        ).execute()

    def one_on_ones(self, team: str, week: date) -> dict[str, dict[str, Any]]:
        """The week's 1:1 events on the manager's calendar, by rep (what a person sees)."""
        info = q.teams(self.quarter.org)[team]
        start = at_local(week, "00:00", info.timezone)
        events = self.reader.events(info.manager, start, start + timedelta(days=7))
        out = {}
        for event in events:
            if event.get("status") == "cancelled" or not event.get("summary", "").startswith(
                "1:1 "
            ):
                continue
            for attendee in event.get("attendees", []):
                if attendee["email"] != info.manager:
                    out[attendee["email"]] = event
        return out

    def answer(self, team: str, week: date, declines: set[str]) -> Callable[[datetime], None]:
        def action(now: datetime) -> None:
            for rep, event in self.one_on_ones(team, week).items():
                status = "declined" if rep in declines else "accepted"
                body = {"attendees": [{"email": rep, "responseStatus": status}]}
                self.reader.client("calendar", rep).events().patch(
                    calendarId="primary", eventId=event["id"], body=body
                ).execute()
                if status == "declined":
                    self.quarter.declined.add((rep, week))

        return action

    def cancel(self, team: str, week: date, rep: str) -> Callable[[datetime], None]:
        def action(now: datetime) -> None:
            event = self.one_on_ones(team, week)[rep]
            manager = q.teams(self.quarter.org)[team].manager
            self.reader.client("calendar", manager).events().delete(
                calendarId="primary", eventId=event["id"], sendUpdates="all"
            ).execute()

        return action

    def write(
        self, rep: q.Member, week: date, index: int, keeps: bool
    ) -> Callable[[datetime], None]:
        """The rep opens their doc for ``week`` and fills it in."""

        def action(now: datetime) -> None:
            title = f"1:1 Self-Management - {rep.name} - week of {week.isoformat()}"
            found = self.reader.files(rep.email, f"name = '{title}' and trashed = false")
            assert len(found) == 1, (rep.email, week, found)
            docs = self.reader.client("docs", rep.email).documents()
            doc = docs.get(documentId=found[0]["id"]).execute()
            answers = answers_for(index, rep.name.split()[0])
            carried = carried_over(doc)
            kept = carried if keeps else frozenset()
            requests = fill_requests(doc, answers, kept)
            assert requests, (rep.email, week)
            docs.batchUpdate(documentId=doc["documentId"], body={"requests": requests}).execute()
            self.quarter.written[(rep.email, week)] = Written(now, kept, carried)

        return action
