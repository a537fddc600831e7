"""`oneonone demo`: a whole weekly cycle for the sample team on the embedded emulator."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from service.commands.arg_types import date_argument, directory_argument, port_argument

HELP = "run one whole weekly cycle for a sample team of 10 on the embedded Workspace emulator"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument(
        "--state", type=directory_argument, default=Path("state/demo"), help="data directory"
    )
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    parser.add_argument(
        "--port", type=port_argument, default=8765, help="emulator port (0 = any free)"
    )
    parser.add_argument(
        "--week",
        type=date_argument,
        help="the Monday of the 1:1 week to simulate on a new state (default: the coming week)",
    )
    parser.add_argument(
        "--serve", action="store_true", help="keep the emulator running afterwards to browse"
    )


def run(args: argparse.Namespace) -> int:
    """Run the demo and print a summary (or the JSON counts)."""
    from service.commands.report import print_report
    from service.demo.runner import run_demo

    quiet = args.json
    result = run_demo(
        args.state,
        args.week - timedelta(days=7) if args.week else date.today(),
        port=args.port,
        serve=args.serve and not args.json,
        progress=(lambda _m: None) if quiet else (lambda m: print(f"  {m}", file=sys.stderr)),
    )
    counts = result.counts
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        print(f"\nThe week of {result.week.label} for the sample team (state in {args.state}):\n")
        for report in result.reports:
            print_report(report, actions=False)
        print(
            f"In the Workspace now: {counts['reps']} reps, {counts['docs']} docs, "
            f"{counts['events']} 1:1s booked, {counts['submissions']} submissions, "
            f"{counts['tracker_rows']} tracker rows."
        )
        print("\nWhere to look:")
        for name, url in result.urls.items():
            print(f"  {name}: {url}")
        if not args.serve:
            print("The emulator stopped with the demo; to browse the result, run")
            where = args.state / "workspace"
            print(f"  .venv/bin/oneonone emulator --state {where} --port {args.port}")
            print("(or re-run the demo with --serve).")
    failed = [t for r in result.reports for t in r.teams if t.error]
    return 1 if failed else 0
