"""Printing job reports on the terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from service.jobs.base import JobReport


def print_report(report: JobReport, out: TextIO | None = None, *, actions: bool = True) -> None:
    """A short, readable summary of a job run: per team what it did, then the API calls."""
    out = out or sys.stdout  # looked up now: a default bound at import goes stale
    mode = " (dry run: nothing written)" if report.dry_run else ""
    print(f"{report.job}{mode}: {len(report.teams)} team(s) in {report.seconds:.1f}s", file=out)
    for team in report.teams:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(team.counts.items())) or "nothing to do"
        week = f" week of {team.week}" if team.week else ""
        did = f"FAILED: {team.error}" if team.error else (team.skipped or counts)
        print(f"- {team.team}{week}: {did}", file=out)
        for action in team.actions if actions else ():
            print(f"    {action}", file=out)
        for warning in team.warnings:
            print(f"    warning: {warning}", file=out)
    by_api = ", ".join(f"{k} {v}" for k, v in sorted(report.api_calls.items()))
    print(f"API calls: {report.total_calls}" + (f" ({by_api})" if by_api else ""), file=out)
