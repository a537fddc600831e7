"""The `oneonone` command line: one sub-command per module in ``service.commands``.

Each command module defines ``HELP``, ``configure(parser)`` and ``run(args) -> int`` and keeps
its heavy imports inside ``run`` so that ``oneonone --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from service.errors import OneOnOneError

COMMANDS = {
    "check-config": "service.commands.check_config",
    "parse-doc": "service.commands.parse_doc",
    "plan-week": "service.commands.plan_week",
    "emulator": "service.commands.emulator",
    "check-access": "service.commands.check_access",
    "install": "service.commands.install",
    "book": "service.commands.book",
    "run": "service.commands.run_job",
    "serve": "service.commands.serve",
    "demo": "service.commands.demo",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command that is installed."""
    parser = argparse.ArgumentParser(
        prog="oneonone", description="The weekly 1:1 system for sales teams on Google Workspace."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    subs = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        sub = subs.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    try:
        code: int = args._run(args)
    except OneOnOneError as exc:
        print(f"oneonone {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
