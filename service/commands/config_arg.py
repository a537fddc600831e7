"""The ``--config DIR`` argument every Workspace command shares."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

DEFAULT = Path(os.environ.get("ONEONONE_CONFIG", "config/example"))


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--config`` (default ``$ONEONONE_CONFIG`` or ``config/example``)."""
    parser.add_argument(
        "--config", type=Path, default=DEFAULT, help=f"configuration directory (default {DEFAULT})"
    )
