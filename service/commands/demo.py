"""`oneonone demo`: consecutive weekly cycles for the sample org on the embedded emulator."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from service.commands.arg_types import (
    date_argument,
    directory_argument,
    port_argument,
)

if TYPE_CHECKING:
    from service.demo.runner import DemoResult

HELP = (
    "run weekly cycles for a sample org (3 teams, a director) on the embedded Workspace "
    "emulator; again on the same --state, continue (more --weeks) or replay the last week"
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument(
        "--state", type=directory_argument, default=Path("state/demo"), help="data directory"
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument(
        "--weeks",
        type=int,
        help="how many consecutive weeks the run covers (default: 2, or what the state holds)",
    )
    parser.add_argument(
        "--port", type=port_argument, default=8765, help="emulator port (0 = any free)"
    )
    parser.add_argument(
        "--week",
        type=date_argument,
        help="the Monday of the run's first 1:1 week, on a new state (default: the coming week)",
    )
    parser.add_argument(
        "--serve", action="store_true", help="keep the emulator running afterwards to browse"
    )


def run(args: argparse.Namespace) -> int:
    """Run the demo and print a summary (or the JSON counts)."""
    from service.demo.runner import run_demo
    from service.domain.week import Week
    from service.errors import InputError

    if args.week is not None and args.week.weekday() != 0:
        raise InputError(f"--week {args.week.isoformat()} is not a Monday")
    quiet = args.json
    result = run_demo(
        args.state,
        date.today(),
        weeks=args.weeks,
        first_week=Week(args.week) if args.week else None,
        port=args.port,
        serve=args.serve and not args.json,
        progress=(lambda _m: None) if quiet else (lambda m: print(f"  {m}", file=sys.stderr)),
    )
    if args.json:
        print(json.dumps(result.counts.as_json(), indent=2, ensure_ascii=False))
    else:
        _summary(args, result)
    failed = [t for r in result.reports for t in r.teams if t.error]
    return 1 if failed else 0


def _summary(args: argparse.Namespace, result: DemoResult) -> None:
    counts = result.counts
    totals = counts.as_json()
    ran = ", ".join(w.label for w in result.ran)
    print(f"\n{totals['weeks']} week(s) for the sample org: {totals['teams']} teams, "
          f"{totals['reps']} reps (state in {args.state}; this run: {ran}).\n")  # fmt: skip
    print("week of      docs  1:1s  held  submitted  carried  history rows")
    for label, week in counts.weeks.items():
        print(
            f"{label}  {week['docs']:>4}  {week['events']:>4}  {week['held']:>4}  "
            f"{week['submissions']:>9}  {week['carried']:>7}  {week['history_rows']:>12}"
        )
    for warning in counts.warnings:
        print(f"  note: {warning}")
    errors = [f"{r.job} {t.team}: {t.error}" for r in result.reports for t in r.teams if t.error]
    for error in errors:
        print(f"  FAILED: {error}")
    print("\nWhere to look:")
    for name, url in result.urls.items():
        print(f"  {name}: {url}")
    if not args.serve:
        where = args.state / "workspace"
        print("The emulator stopped with the demo; to browse the result, run")
        print(f"  .venv/bin/oneonone emulator --state {where} --port {args.port or 8765}")
        print("(or re-run the demo with --serve). With it running, the demo's configuration")
        print(f"in {args.state / 'config'} works with --config for serve, book and run.")
