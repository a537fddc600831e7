"""The service's per-app state: config, how to build job dependencies, history, locks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from service.jobs.base import Deps, JobReport
from service.jobs.registry import run_named
from service.settings import Config
from service.web.history import RunHistory


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    """Held in ``app.extensions["oneonone"]``; nothing is global."""

    config: Config
    deps: Callable[[bool], Deps]  # dry_run -> dependencies
    history: RunHistory
    clock: Callable[[], datetime] = _utc_now
    _locks: dict[str, threading.Lock] = field(default_factory=dict)

    def lock(self, job: str) -> threading.Lock:
        """One lock per job so the same job never runs twice at once in this process."""
        return self._locks.setdefault(job, threading.Lock())

    def run(
        self, job: str, *, team_ids: set[str] | None = None, dry_run: bool = False
    ) -> JobReport | None:
        """Run a job now (None when it is already running) and record it."""
        lock = self.lock(job)
        if not lock.acquire(blocking=False):
            return None
        try:
            report = run_named(job, self.deps(dry_run), self.clock(), team_ids)
            self.history.record(report)
            return report
        finally:
            lock.release()
