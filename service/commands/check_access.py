"""`oneonone check-access`: one harmless read per person, API and scope, with the fix for each
refusal (run it before the first Thursday; it writes nothing)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from service.commands.config_arg import add_config_argument

if TYPE_CHECKING:
    from service.jobs.install.access_check import Check

HELP = "act as the admin, every manager, director and rep as the jobs would, and say what fails"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Check; exit 0 when everything is OK, 1 when anything needs fixing (2: bad config)."""
    from service.bootstrap import build_deps
    from service.jobs.install.access_check import check_access
    from service.settings import load_config

    config = load_config(args.config)
    deps = build_deps(config)
    checks = check_access(deps, datetime.now(UTC))
    print_checks(checks)
    return 0 if all(c.ok for c in checks) else 1


def print_checks(checks: Sequence[Check], out: TextIO | None = None) -> None:
    """A table per person: API, what was read, OK or the fix; then a one-line verdict."""
    out = out or sys.stdout
    people: dict[str, list[Check]] = {}
    for check in checks:
        people.setdefault(check.person, []).append(check)
    for person, rows in people.items():
        print(f"{person} ({rows[0].role})", file=out)
        width = max(len(r.what) for r in rows)
        for row in rows:
            verdict = "OK" if row.ok else f"FAIL: {row.fix}"
            print(f"  {row.api:<8} {row.what:<{width}}  {verdict}", file=out)
    failed = [c for c in checks if not c.ok]
    total = len(checks)
    if failed:
        print(
            f"{len(failed)} of {total} checks failed: fix them, then run check-access again",
            file=out,
        )
    else:
        print(f"all {total} checks OK", file=out)
