"""`oneonone plan-week --input PROBLEM.json`: the planner on its own (PRODUCT.md contract 2).

The input schema and its extensions are in ``plan_week_input``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "plan a week of 1:1s from a JSON problem and print the meetings and who is left out"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument(
        "--input", required=True, type=Path, metavar="PROBLEM.json", help="the week to plan"
    )


def run(args: argparse.Namespace) -> int:
    """Print contract 2's JSON; raise InputError (exit 2) when the problem is not valid."""
    from service.commands.plan_week_input import load_problem, solve

    problem = load_problem(args.input)
    print(json.dumps(solve(problem), indent=2))
    return 0
