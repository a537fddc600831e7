"""What the jobs did, for /status: recorded in the shared run log, read back with a short cache.

Every process (the scheduler, each gunicorn worker, each App Engine instance, ``oneonone
run``) writes its runs to the same log, the admin's "1:1 service log" in Workspace, so every
/status shows the same history and a restart loses nothing. When the log cannot be written (a
Workspace outage, a revoked grant) the job has run all the same: its runs wait in a local
spill file (or, without a writable disk, in memory), /status says so, and the next run that
reaches the log writes them with its own, in the same single append. Dry runs write nothing,
not even here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC
from typing import Any

from service.jobs.base import JobReport
from service.run_log import Entry, RunLog, SpillFile, entry_key

log = logging.getLogger(__name__)
ROLLUPS = "(roll-ups)"  # the team of the entry summing a collect's director roll-ups
READ_EVERY = 30.0  # seconds a read of the shared log is reused by /status


def entries_of(report: JobReport) -> list[Entry]:
    """One entry per team of a run (the roll-ups summed in one, without directors' names):
    counts, week, calls and error messages; warnings only counted (they name people)."""
    run = f"{report.started.astimezone(UTC):%Y%m%dT%H%M%S}-{report.job}-{uuid.uuid4().hex[:8]}"
    common = {
        "run": run,
        "started": report.started.astimezone(UTC).isoformat(),
        "job": report.job,
        "seconds": round(report.seconds, 2),
        "api_calls": report.total_calls,
    }
    out: list[Entry] = []
    rollups: Entry | None = None
    for team in report.teams:
        if team.job == "rollup":
            if rollups is None:
                rollups = {**common, "team": ROLLUPS, "week": team.week, "counts": {},
                           "warnings": 0, "error": None, "skipped": None}  # fmt: skip
            for what, n in team.counts.items():
                rollups["counts"][what] = rollups["counts"].get(what, 0) + n
            rollups["warnings"] += len(team.warnings)
            if team.error:
                rollups["error"] = "; ".join(filter(None, [rollups["error"], team.error]))
            continue
        out.append(
            {**common, "team": team.team, "week": team.week, "counts": dict(team.counts),
             "warnings": len(team.warnings), "error": team.error, "skipped": team.skipped}
        )  # fmt: skip
    return out + ([rollups] if rollups else [])


class RunHistory:
    """The runs every process recorded, and this process's way to record its own."""

    def __init__(
        self,
        shared: RunLog,
        *,
        spill: SpillFile | None = None,
        where: str = "the Workspace service log",
        read_every: float = READ_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared = shared
        self.spill = spill
        self.where = where
        self.read_every = read_every
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._cache: list[Entry] = []
        self._read_at: float | None = None
        self._unsaved: list[Entry] = []  # runs neither the log nor the spill file took
        self.write_problem: str | None = None
        self.read_problem: str | None = None

    def record(self, report: JobReport) -> list[Entry]:
        """Write a finished run (with any runs still waiting) in one append. Never raises:
        recording must not turn a run that happened into a failure."""
        if report.dry_run:
            return []
        entries = entries_of(report)
        if not entries:
            return []
        waiting = self.waiting()
        try:
            self.shared.append([*waiting, *entries])
        except Exception as exc:  # an outage, a revoked grant, a bug: keep the run locally
            self._keep_locally(entries, exc)
            return entries
        self._forget_waiting(waiting)
        with self._lock:
            self.write_problem = None
            self._cache.extend([*waiting, *entries])
        return entries

    def _keep_locally(self, entries: list[Entry], exc: Exception) -> None:
        log.warning("run log not written (%s); keeping the run locally", type(exc).__name__)
        kept = "in memory (this process only)"
        try:
            if self.spill is None:
                raise OSError("no spill file")
            self.spill.append(entries)
            kept = f"in {self.spill.path} (this machine only)"
        except OSError:
            with self._lock:
                self._unsaved.extend(entries)
        with self._lock:
            self.write_problem = (
                f"Run history: {self.where} could not be written ({exc}); runs wait {kept} "
                "until it can be"
            )

    def waiting(self) -> list[Entry]:
        """Runs recorded here that the shared log does not hold yet."""
        spilled: list[Entry] = []
        if self.spill is not None:
            try:
                spilled = self.spill.read()
            except OSError:
                spilled = []
        with self._lock:
            return [*spilled, *self._unsaved]

    def _forget_waiting(self, written: Sequence[Entry]) -> None:
        keys = {entry_key(e) for e in written}
        with self._lock:
            self._unsaved = [e for e in self._unsaved if entry_key(e) not in keys]
        if self.spill is not None and written:
            # Failing here only means writing them twice later: reading drops duplicates.
            with contextlib.suppress(OSError):
                self.spill.remove(written)

    def runs(self) -> list[Entry]:
        """Every recorded run, oldest first: the shared log (read at most every
        ``read_every`` seconds) and what waits here, without duplicates."""
        now = self._monotonic()
        with self._lock:
            fresh = self._read_at is not None and now - self._read_at < self.read_every
        if not fresh:
            try:
                shared = self.shared.read()
            except Exception as exc:  # /status must answer in an outage too
                log.warning("run log not read (%s)", type(exc).__name__)
                with self._lock:
                    self.read_problem = f"Run history: {self.where} could not be read ({exc})"
                    self._read_at = now
            else:
                with self._lock:
                    self._cache, self._read_at, self.read_problem = shared, now, None
        with self._lock:
            cached = list(self._cache)
        seen: set[tuple[str, str]] = set()
        out = []
        for entry in [*cached, *self.waiting()]:
            if entry_key(entry) not in seen:
                seen.add(entry_key(entry))
                out.append(entry)
        return sorted(out, key=lambda e: str(e.get("started", "")))

    def last(self, job: str, team: str) -> Entry | None:
        """The latest run of ``job`` that covered ``team``."""
        mine = [e for e in self.runs() if e.get("job") == job and e.get("team") == team]
        return mine[-1] if mine else None

    def state(self) -> dict[str, Any]:
        """Where the history is kept and what is wrong with it, for /status."""
        waiting = len(self.waiting())
        with self._lock:
            problems = [p for p in (self.write_problem, self.read_problem) if p]
        if waiting and not self.write_problem:
            problems.append(f"Run history: {waiting} run(s) wait here for {self.where}")
        return {"kept_in": self.where, "problems": problems, "waiting": waiting}
