"""`oneonone run prepare|remind|collect`: run one job now, as the scheduler would."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from service.commands.config_arg import add_config_argument

HELP = "run a weekly job now (prepare, remind or collect)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("job", choices=["prepare", "remind", "collect"])
    add_config_argument(parser)
    parser.add_argument("--team", action="append", help="only this team id (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="print what it would do")
    parser.add_argument(
        "--now", type=datetime.fromisoformat, help="pretend it is this time (ISO 8601, aware)"
    )


def run(args: argparse.Namespace) -> int:
    """Run the job; exit 1 when any team failed."""
    from service.bootstrap import build_deps
    from service.commands.report import print_report
    from service.jobs.registry import run_named
    from service.settings import load_config

    config = load_config(args.config)
    now = args.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    deps = build_deps(
        config, dry_run=args.dry_run, progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    report = run_named(args.job, deps, now, set(args.team) if args.team else None)
    print_report(report)
    return 0 if report.ok else 1
