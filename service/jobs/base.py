"""What every job shares: its dependencies, its report, and the per-team runner.

A job is a function ``job(deps, team, now) -> TeamReport`` for one team. ``run_job`` runs it
for every team concurrently (bounded by the rate limiter, not by one call at a time); one
team's failure is reported and does not stop the others. APScheduler, the Flask task
endpoint, the CLI and the tests all call ``run_job`` the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from service.domain.model import Team
from service.domain.team_groups import linked_groups
from service.domain.week import Week
from service.errors import OneOnOneError, WorkspaceError
from service.google.calls import CallCounter
from service.google.gateway import Gateway
from service.logs import add_labels, run_labelled
from service.settings import Config

log = logging.getLogger(__name__)


@dataclass
class Deps:
    """Everything a job needs, wired once by ``service.bootstrap``."""

    config: Config
    gateway: Gateway
    teams: tuple[Team, ...]
    dry_run: bool = False
    progress: Callable[[str], None] = lambda _message: None
    max_workers: int = 8


@dataclass
class TeamReport:
    """What a job did for one team: shown by the CLI, /status and the demo."""

    job: str
    team: str
    week: str = ""
    actions: list[str] = field(default_factory=list)  # "created doc for avery.adams@..."
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # created/updated/skipped...
    skipped: str | None = None  # why nothing was done at all (one line; not an error)

    def count(self, what: str, n: int = 1) -> None:
        """Add ``n`` to a named counter (docs_created, events_booked, ...)."""
        self.counts[what] = self.counts.get(what, 0) + n


@dataclass
class JobReport:
    """One run of a job over the org."""

    job: str
    started: datetime
    dry_run: bool
    teams: list[TeamReport] = field(default_factory=list)
    api_calls: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    already_running: list[str] = field(default_factory=list)  # teams left to a run under way

    @property
    def ok(self) -> bool:
        """No team failed."""
        return all(team.error is None for team in self.teams)

    @property
    def total_calls(self) -> int:
        """All Google API calls the run made."""
        return sum(self.api_calls.values())


TeamJob = Callable[[Deps, Team, datetime], TeamReport]
LOST_REPLY_RUNS = 3  # a step runs at most this often when writes' answers are lost
T = TypeVar("T")


def not_prepared(team: Team, week: Week, outcome: str) -> str:
    """The one line a job gives for a week ``prepare`` never made docs for."""
    return (
        f"the week of {week} was not prepared for team {team.id} (no 1:1 docs): {outcome}; "
        "run prepare for it, or pick a prepared week with --week"
    )


def run_job(
    name: str, job: TeamJob, deps: Deps, now: datetime, team_ids: set[str] | None = None
) -> JobReport:
    """Run ``job`` for every selected team; errors stay with their team."""
    with run_labelled(name, team_ids):
        return _run_teams(name, job, deps, now, team_ids)


def _run_teams(
    name: str, job: TeamJob, deps: Deps, now: datetime, team_ids: set[str] | None
) -> JobReport:
    teams = [t for t in deps.teams if team_ids is None or t.id in team_ids]
    report = JobReport(job=name, started=now, dry_run=deps.dry_run)
    before = deps.gateway.counter.snapshot()
    start = time.monotonic()

    def one(team: Team) -> TeamReport:
        add_labels(team=team.id)  # in this team's own copy of the caller's context
        deps.progress(f"{name}: team {team.id} ...")
        try:
            result = converging(lambda: job(deps, team, now), f"{name} for team {team.id}")
        except OneOnOneError as exc:
            log.warning("%s failed for team %s: %s", name, team.id, type(exc).__name__)
            result = TeamReport(job=name, team=team.id, error=str(exc))
        except Exception as exc:  # one team's bug must not stop the others
            log.exception("%s crashed for team %s", name, team.id)
            result = TeamReport(job=name, team=team.id, error=f"internal error: {exc!r}")
        deps.progress(f"{name}: team {team.id} {'failed' if result.error else 'done'}")
        return result

    def in_turn(group: list[Team]) -> list[tuple[str, TeamReport]]:
        # each team in its own copy of the context: labels added for one stay with it
        return [(team.id, copy_context().run(one, team)) for team in group]

    groups = linked_groups(teams)  # teams sharing a person run one after another
    workers = max(1, min(deps.max_workers, len(groups)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name) as pool:
        contexts = [copy_context() for _ in groups]  # pool threads do not inherit labels
        done = pool.map(lambda ctx, group: ctx.run(in_turn, group), contexts, groups)
        by_team = dict(pair for results in done for pair in results)
    report.teams = [by_team[team.id] for team in teams]
    report.seconds = time.monotonic() - start
    report.api_calls = calls_since(deps.gateway.counter, before)
    log.info("%s: %d team(s), %d API calls", name, len(teams), report.total_calls)
    return report


def converging(step: Callable[[], T], what: str) -> T:
    """``step()``; run again (at most twice more) when a write whose answer was lost may have
    been applied and could not simply be tried again: the steps are idempotent and start
    from what the Workspace holds, so the next run finishes what the last began."""
    for attempt in range(LOST_REPLY_RUNS):
        try:
            return step()
        except WorkspaceError as exc:
            if not exc.after_lost_reply or attempt == LOST_REPLY_RUNS - 1:
                raise
            log.info("%s: a write's answer was lost; running it again", what)
    raise AssertionError("unreachable")


def calls_since(counter: CallCounter, before: dict[str, int]) -> dict[str, int]:
    """The calls counted since the ``before`` snapshot, by ``api.method``."""
    after = counter.snapshot()
    return {k: v - before.get(k, 0) for k, v in after.items() if v - before.get(k, 0)}
