"""`oneonone run prepare|remind|collect`: run one job now, as the scheduler would."""

from __future__ import annotations

import argparse

from service.commands.config_arg import add_job_arguments, add_week_argument, job_context, week_of

HELP = "run a weekly job now (prepare, remind or collect)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("job", choices=["prepare", "remind", "collect"])
    add_week_argument(
        parser,
        "the week the cycle is at: prepare the coming week, remind and collect the week "
        "whose 1:1s come next",
    )
    add_job_arguments(parser, "print what it would do")


def run(args: argparse.Namespace) -> int:
    """Run the job and record it where /status reads (not a dry run); exit 1 when any team
    failed."""
    import sys

    from service.bootstrap import build_history
    from service.commands.report import print_report
    from service.jobs.registry import run_named

    week = week_of(args)  # refused before anything is read or written
    deps, now = job_context(args)
    report = run_named(args.job, deps, now, set(args.team) if args.team else None, week=week)
    print_report(report)
    history = build_history(deps.config)
    history.record(report)
    if history.write_problem:
        print(f"history: {history.write_problem}", file=sys.stderr)
    return 0 if report.ok else 1
