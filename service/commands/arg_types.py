"""Argument types for the command line that refuse hostile values in one argparse line.

A date near the ends of the calendar (``--week 9999-12-27``, ``--now 0001-01-01``) made the
jobs' week arithmetic overflow into "internal error: OverflowError" or a traceback; a port
out of range or a ``--state`` that is a file did the same in the emulator. Each is refused
here, before anything runs, with argparse's usual one-line error and exit 2.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from service.domain.week import FIRST_YEAR, LAST_YEAR


def _in_range(day: date, text: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")


def date_argument(text: str) -> date:
    """A YYYY-MM-DD date within the supported years."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None
    _in_range(day, text)
    return day


def moment_argument(text: str) -> datetime:
    """An ISO 8601 moment (a naive one is taken as UTC later), within the supported years."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time as ISO 8601 (2026-03-05T09:00:00-05:00)"
        ) from None
    _in_range(moment.date(), text)
    return moment


def port_argument(text: str) -> int:
    """A TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port (0-65535)")
    return port


def directory_argument(text: str) -> Path:
    """A directory to keep data in: it may not exist yet, but may not be a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a directory")
    return path
