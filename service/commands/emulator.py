"""`oneonone emulator`: run the loopback Workspace emulator in the foreground."""

from __future__ import annotations

import argparse
from pathlib import Path

from service.commands.arg_types import directory_argument, port_argument

HELP = "run the embedded Google Workspace emulator (Drive, Docs, Sheets, Calendar, OAuth)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument(
        "--port", type=port_argument, default=8765, help="port on 127.0.0.1 (0 = any)"
    )
    parser.add_argument(
        "--state", type=directory_argument, default=Path("state/emulator"), help="data dir"
    )
    parser.add_argument("--domain", default="example.com", help="the emulated Workspace domain")


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from workspace_emulator.cli import main

    return int(main(port=args.port, state_dir=args.state, domain=args.domain))
