"""Test helpers for ``install`` and the docs half of ``prepare`` on the emulator: a config
directory for a team of 10 with addresses of its own (the emulator is shared by the session),
and the Deps built from it exactly as the CLI builds them."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from service.bootstrap import build_deps
from service.domain.model import Meeting
from service.domain.week import Week
from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.scopes import SCOPES
from service.jobs.base import Deps, TeamReport
from service.jobs.prepare.docs import prepare_docs
from service.settings import load_config
from workspace_emulator.core.server import Emulator

WEEK = Week(date(2026, 10, 19))
NOW = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # Thu 09:00 in New York, before WEEK
ROOT = Path(__file__).resolve().parents[2]
NAMES = (
    "avery", "blake", "casey", "drew", "emery", "finley", "gray", "harper", "indy", "jordan",
)  # fmt: skip


def rep_email(name: str, tag: str) -> str:
    """A rep's address in a test's own namespace."""
    return f"{name}.{tag}@example.com"


def write_config(
    emulator: Emulator,
    directory: Path,
    tag: str,
    *,
    program: dict[str, Any] | None = None,
    google: dict[str, Any] | None = None,
    schedule: dict[str, Any] | None = None,
    metrics_rows: int = 9,
) -> Path:
    """A config directory for team ``t-<tag>`` (10 reps; the last has no metrics row)."""
    shutil.copytree(ROOT / "config" / "example", directory, dirs_exist_ok=True)
    reps = [
        {
            "name": f"{name.title()} Rep",
            "email": rep_email(name, tag),
            "tenure": "veteran" if i < 2 else ("new" if i >= 8 else "standard"),
            "start_date": "2020-01-06",
        }
        for i, name in enumerate(NAMES)
    ]
    org = {
        "company": "Test Co",
        "domain": "example.com",
        "timezone": "America/New_York",
        "directors": [{"name": "Dana Director", "email": f"dana.{tag}@example.com"}],
        "teams": [
            {
                "id": f"t-{tag}",
                "name": f"Team {tag}",
                "manager": {"name": "Morgan Manager", "email": f"morgan.{tag}@example.com"},
                "reports_to": f"dana.{tag}@example.com",
                "reps": reps,
            }
        ],
    }
    (directory / "org.yaml").write_text(yaml.safe_dump(org))
    lines = ["rep_email,metric,goal,actual"]
    for name in NAMES[:metrics_rows]:
        lines += [
            f"{rep_email(name, tag)},pipeline_created,120000,60000",
            f"{rep_email(name, tag)},meetings_booked,24,9",
            f"{rep_email(name, tag)},closed_won,60000,41434",
        ]
    (directory / "metrics.csv").write_text("\n".join(lines) + "\n")
    settings: dict[str, Any] = {
        "auth": {"mode": "service_account", "key_file": str(emulator.service_account_file)},
        "endpoint": emulator.base_url,
        "drive": {"root_folder_name": f"1:1s {tag}"},
        "admin_user": f"admin.{tag}@example.com",
    }
    settings |= google or {}
    (directory / "google.yaml").write_text(yaml.safe_dump(settings))
    for name, changes in (("program", program), ("schedule", schedule)):
        if changes is not None:
            base = yaml.safe_load((directory / f"{name}.yaml").read_text()) or {}
            (directory / f"{name}.yaml").write_text(yaml.safe_dump(base | changes))
    return directory


def make_deps(emulator: Emulator, directory: Path, tag: str, **kwargs: Any) -> Deps:
    """Deps for a fresh test config (see ``write_config``)."""
    dry_run = kwargs.pop("dry_run", False)
    return build_deps(
        load_config(write_config(emulator, directory, tag, **kwargs)), dry_run=dry_run
    )


def meetings(deps: Deps, week: Week, skip: int = 1) -> dict[str, Meeting]:
    """A 1:1 for every rep but the last ``skip`` (unscheduled)."""
    out = {}
    reps = deps.teams[0].reps
    for i, rep in enumerate(reps[: len(reps) - skip]):
        start = datetime(*week.monday.timetuple()[:3], 17, tzinfo=UTC) + timedelta(
            days=i // 4, hours=i % 4
        )
        out[rep.email] = Meeting(rep.email, start, start + timedelta(minutes=45))
    return out


def prepare(
    deps: Deps, week: Week = WEEK, now: datetime = NOW
) -> tuple[TeamReport, dict[str, Any], int]:
    """Run the docs half for the team; (report, links, API calls)."""
    report = TeamReport(job="prepare", team=deps.teams[0].id)
    before = deps.gateway.counter.total
    links = prepare_docs(deps, deps.teams[0], week, meetings(deps, week), now, report)
    return report, links, deps.gateway.counter.total - before


def person_view(emulator: Emulator) -> Gateway:
    """What a person sees in the Drive UI: a gateway whose Drive calls use the full ``drive``
    scope, so ``drive.file``'s per-app, per-user rule does not hide what they can open. Use it
    to check sharing (who can open what), never to do the service's work."""
    scopes = (*SCOPES, "https://www.googleapis.com/auth/drive")
    source = CredentialSource("service_account", emulator.service_account_file, scopes)
    return Gateway(source, endpoint=emulator.base_url)


def trash_ledger(deps: Deps) -> None:
    """As if the run had died before saving the team's read ledger (what it records of the
    docs it finished is lost: the next run reads them to find out)."""
    from service.google import tags
    from service.google.drive import find_files

    gw, team = deps.gateway, deps.teams[0]
    query = tags.drive_query(kind=tags.KIND_READ_LEDGER, team=team.id)
    drive = gw.client("drive", team.manager.email)
    for file in find_files(gw, team.manager.email, query, fields="id"):
        request = drive.files().update(fileId=file["id"], body={"trashed": True}, fields="id")
        gw.execute(request, team.manager.email, "read ledger")
