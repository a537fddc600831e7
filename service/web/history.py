"""What the jobs did: the last runs per job and team, kept for /status.

Kept in memory and, when a file is configured, in a small JSON file so a restart (or another
process, like the scheduler) still shows the last week's runs. It holds counts and error
messages only, never doc contents.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from service.jobs.base import JobReport

KEEP = 20  # runs kept per job


class RunHistory:
    """Thread-safe record of recent job runs."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._runs: list[dict[str, Any]] = []
        if path is not None and path.is_file():
            try:
                self._runs = list(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, OSError):
                self._runs = []  # a damaged status file must not stop the service

    def record(self, report: JobReport) -> dict[str, Any]:
        """Add one finished run and persist."""
        entry = {
            "job": report.job,
            "started": report.started.isoformat(),
            "dry_run": report.dry_run,
            "seconds": round(report.seconds, 2),
            "api_calls": report.total_calls,
            "ok": report.ok,
            "teams": [
                {
                    "team": t.team,
                    "week": t.week,
                    "counts": t.counts,
                    "warnings": t.warnings,
                    "error": t.error,
                }
                for t in report.teams
            ],
        }
        with self._lock:
            self._runs.append(entry)
            same = [r for r in self._runs if r["job"] == report.job]
            if len(same) > KEEP:
                self._runs.remove(same[0])
            self._save()
        return entry

    def _save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._runs, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)

    def runs(self) -> list[dict[str, Any]]:
        """Every kept run, oldest first."""
        with self._lock:
            return list(self._runs)

    def last(self, job: str, team: str) -> dict[str, Any] | None:
        """The latest run of ``job`` that covered ``team``, flattened for display."""
        for run in reversed(self.runs()):
            if run["job"] != job:
                continue
            for entry in run["teams"]:
                if entry["team"] == team:
                    return {**entry, "started": run["started"], "api_calls": run["api_calls"]}
        return None
