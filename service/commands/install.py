"""`oneonone install`: create the folders and install the doc templates in Drive (idempotent)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from service.commands.config_arg import add_config_argument

HELP = "create the Drive folders and install the 1:1 doc templates (safe to re-run)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    add_config_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="print what it would do")


def run(args: argparse.Namespace) -> int:
    """Install; exit 1 when any part failed (2 for a bad configuration or template)."""
    from service.bootstrap import build_deps
    from service.commands.report import print_report
    from service.jobs.install.job import install
    from service.settings import load_config

    config = load_config(args.config)
    deps = build_deps(
        config, dry_run=args.dry_run, progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    report = install(deps, datetime.now(UTC))
    print_report(report)
    return 0 if report.ok else 1
