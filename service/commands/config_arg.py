"""The ``--config DIR`` argument every Workspace command shares."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from service.commands.arg_types import moment_argument
from service.domain.week import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from service.domain.week import Week
    from service.jobs.base import Deps

DEFAULT = Path(os.environ.get("ONEONONE_CONFIG", "config/example"))


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--config`` (default ``$ONEONONE_CONFIG`` or ``config/example``)."""
    parser.add_argument(
        "--config", type=Path, default=DEFAULT, help=f"configuration directory (default {DEFAULT})"
    )


def add_job_arguments(parser: argparse.ArgumentParser, dry_run_help: str) -> None:
    """``--config``, ``--team`` (repeatable), ``--dry-run`` and ``--now``: what every command
    that runs a job against the Workspace takes."""
    add_config_argument(parser)
    parser.add_argument("--team", action="append", help="only this team id (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    parser.add_argument(
        "--now", type=moment_argument, help="pretend it is this time (ISO 8601, aware)"
    )


def add_week_argument(parser: argparse.ArgumentParser, default: str) -> None:
    """``--week YYYY-MM-DD``: the Monday of the 1:1 week (checked by ``week_of``)."""
    parser.add_argument(
        "--week", metavar="YYYY-MM-DD", help=f"the Monday of the 1:1 week (default: {default})"
    )


def week_of(args: argparse.Namespace) -> Week | None:
    """The ``--week`` given, or None; a date that is not a Monday is refused in one line
    (exit 2), never moved to its Monday."""
    from service.domain.week import Week
    from service.errors import InputError

    if args.week is None:
        return None
    try:
        week = Week.parse_monday(args.week)
    except ValueError as exc:
        raise InputError(f"--week: {exc}") from None
    if not FIRST_YEAR <= week.monday.year <= LAST_YEAR:  # the jobs' week arithmetic must fit
        raise InputError(f"--week: {args.week} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return week


def job_context(args: argparse.Namespace) -> tuple[Deps, datetime]:
    """The dependencies (from ``--config``, honouring ``--dry-run``, progress on stderr) and
    the moment to run at (``--now``, or now; a naive time is taken as UTC)."""
    from service.bootstrap import build_deps
    from service.settings import load_config

    config = load_config(args.config)
    now = args.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    deps = build_deps(
        config, dry_run=args.dry_run, progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    return deps, now
