"""`oneonone check-config DIR`: validate a configuration and summarise it."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from service.errors import ConfigError

if TYPE_CHECKING:
    from service.settings import Config

HELP = "validate a configuration directory and print a summary"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    parser.add_argument("directory", type=Path, help="configuration directory (org.yaml, ...)")


def run(args: argparse.Namespace) -> int:
    """Print the summary, or raise ConfigError (exit 2) naming every problem."""
    from service.domain.cycle import next_run, week_to_prepare
    from service.settings import load_config
    from service.settings.org import teams_of

    config = load_config(args.directory)
    now = datetime.now(UTC)
    teams = teams_of(config)
    total = sum(len(team.reps) for team in teams)
    print(f"{config.directory}: OK - {config.org.company}, {len(teams)} team(s), {total} rep(s)")
    for team in teams:
        cadence = Counter(rep.cadence.value for rep in team.reps)
        tenure = Counter(rep.tenure.value for rep in team.reps)
        cycle = config.cycle_for(team.id)
        prepare_at = next_run(cycle.prepare.day, cycle.prepare.time, team.timezone, now)
        week = week_to_prepare(prepare_at, team.timezone)
        director = f", reports to {team.director.name}" if team.director else ""
        print(f"- {team.id} ({team.name}): manager {team.manager.name}{director}; {team.timezone}")
        print(f"  reps: {len(team.reps)}; cadence {_counts(cadence)}; tenure {_counts(tenure)}")
        print(
            f"  next cycle: prepare {prepare_at:%a %Y-%m-%d %H:%M %Z} for the week of "
            f"{week.label} ({len(team.reps_due(week))} 1:1s due)"
        )
    source = config.metrics.source
    print(f"metrics: {source.kind + ' ' + (source.path or source.range) if source else 'none'}")
    print(f"google: auth {config.google.auth.mode}, endpoint {config.google.endpoint or 'Google'}")
    for warning in [*config.warnings, *_credential_warnings(config)]:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _credential_warnings(config: Config) -> list[str]:
    """A key file that is not there yet is only a warning (it may be put in place at
    deployment); one that is there must be a key (else ``ConfigError``, exit 2)."""
    from service.google.credentials import FILE_MODES, load_credentials_file

    auth = config.google.auth
    name = auth.key_file if auth.mode == "service_account" else auth.authorized_user_file
    if auth.mode not in FILE_MODES or not name:
        return []
    path = config.resolve(name)
    field = FILE_MODES[auth.mode][0]
    shown = config.directory / "google.yaml"
    if not path.exists():
        return [f"{shown}: {field}: {path} does not exist (no Google call can be made yet)"]
    try:
        load_credentials_file(auth.mode, path)
    except ConfigError as exc:
        raise ConfigError([f"{config.directory}/{p}" for p in exc.problems]) from None
    return []


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{n} {name}" for name, n in sorted(counter.items()))
