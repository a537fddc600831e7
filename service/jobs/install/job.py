"""``oneonone install``: the Drive side of a deployment, made once and kept right.

What goes where, and who owns it (domain-wide delegation):

- the root folder ("1:1s", or ``drive.root_folder_id``, in ``drive.shared_drive_id`` when
  given) belongs to the admin user and holds what is the service's own, never a rep's doc;
- each team's folder and its reps' folders belong to the manager and live in the manager's My
  Drive (see ``service.jobs.install.folders``: a folder's owner can open everything inside it,
  so rep docs never sit under the admin's root);
- each team's doc templates are made by the service acting as the manager, in the team
  folder: with ``drive.file`` Google lets the service copy, as a manager, only files it
  created as that manager (``service.jobs.install.templates``);
- each tracker is made by the team's first ``collect``, in the team folder.

Idempotent: everything is found again by its appProperties; a second run creates nothing and
only fixes sharing that drifted. A customer's own template is checked first, before anything is
written, and refused with the headings it lacks.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.model import Team
from service.errors import ConfigError, NotFoundError, OneOnOneError
from service.google import tags
from service.google.drive import find_files
from service.jobs.base import Deps, JobReport, TeamReport, converging, run_job
from service.jobs.install.folders import (
    FOLDER,
    active_reps,
    close_departed_folders,
    ensure_team_folders,
)
from service.jobs.install.templates import check_customer_templates, ensure_templates
from service.logs import run_labelled

log = logging.getLogger(__name__)
ORG = "(org)"  # the TeamReport of what is shared by every team


def install(deps: Deps, now: datetime) -> JobReport:
    """Create or check the root folder, the templates and every team's folders."""
    with run_labelled("install"):
        return _install(deps, now)


def _install(deps: Deps, now: datetime) -> JobReport:
    started = time.monotonic()
    before = deps.gateway.counter.snapshot()
    report = JobReport(job="install", started=now, dry_run=deps.dry_run)
    admin = deps.config.admin_user
    org = TeamReport(job="install", team=ORG)
    report.teams.append(org)
    check_customer_templates(deps, admin)  # a ConfigError here: nothing written yet
    try:
        converging(lambda: ensure_root(deps, admin, org), "install: the root folder")
    except OneOnOneError as exc:
        org.error = str(exc)
    else:
        teams = run_job("install", install_team, deps, now)
        report.teams.extend(teams.teams)
    report.seconds = time.monotonic() - started
    after = deps.gateway.counter.snapshot()
    report.api_calls = {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}
    log.info("install: %d API calls", report.total_calls)
    return report


def install_team(deps: Deps, team: Team, now: datetime) -> TeamReport:
    """The team's folder, a folder per current rep, shared exactly, and the team's
    templates."""
    report = TeamReport(job="install", team=team.id)
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    folders = ensure_team_folders(deps, team, active_reps(team, today), report)
    folder_id = folders.team_folder["id"] if folders.team_folder else None
    ensure_templates(deps, team, folder_id, report)
    close_departed_folders(deps, team, today, report)
    return report


def ensure_root(deps: Deps, admin: str, report: TeamReport) -> str | None:
    """The root folder's id: the configured one (checked), or ours found by its tag, or a new
    one. None only in a dry run that would create it."""
    drive_config = deps.config.google.drive
    gw = deps.gateway
    drive = gw.client("drive", admin)
    if drive_config.root_folder_id:
        request = drive.files().get(
            fileId=drive_config.root_folder_id, fields="id,mimeType", supportsAllDrives=True
        )
        try:
            folder: dict[str, Any] = gw.execute(request, admin, "root folder")
        except NotFoundError:
            raise ConfigError(
                [
                    f"google.yaml: drive.root_folder_id: folder {drive_config.root_folder_id} "
                    f"not found, or not shared with {admin}"
                ]
            ) from None
        if folder.get("mimeType") != FOLDER:
            raise ConfigError(["google.yaml: drive.root_folder_id: is not a folder"])
        report.count("folders_kept")
        return drive_config.root_folder_id
    shared = drive_config.shared_drive_id
    found = [
        f
        for f in find_files(
            gw, admin, tags.drive_query(kind=tags.KIND_ROOT),
            fields="id,name,driveId,createdTime", what="root folder",
        )
        if f.get("driveId") == shared or (not shared and not f.get("driveId"))
    ]  # fmt: skip
    if found:
        found.sort(key=lambda f: (f.get("createdTime", ""), f["id"]))
        report.count("folders_kept")
        return str(found[0]["id"])
    if deps.dry_run:
        report.actions.append(f"would create the root folder '{drive_config.root_folder_name}'")
        return None
    body: dict[str, Any] = {
        "name": drive_config.root_folder_name,
        "mimeType": FOLDER,
        "appProperties": tags.tags(kind=tags.KIND_ROOT),
    }
    if shared:
        body["parents"] = [shared]
    created = gw.execute(
        drive.files().create(body=body, fields="id", supportsAllDrives=True), admin, "root folder"
    )
    report.count("folders_created")
    report.actions.append(f"created the root folder '{drive_config.root_folder_name}'")
    return str(created["id"])
