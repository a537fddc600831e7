"""A team's folders in Drive, and who can open them.

Ownership (domain-wide delegation): the manager owns the team folder ("1:1s - <team>", in
their My Drive) and one folder per rep inside it ("1:1s - <rep>"), so the docs copied there
are the manager's too. Privacy comes from the folders: the rep folder is shared with its rep
(writer), the team folder with nobody but the director when ``privacy.share_docs_with_director``
is on; Drive passes a folder's sharing down to what it holds, so each weekly doc is readable
by its rep, the manager (and that director) only, with no per-doc permission call. The
folders are *not* under the admin's root folder on purpose: a folder's owner and everyone it
is shared with can open everything inside it, and the root belongs to the admin.

One ``files.list`` finds every folder of a team (with its permissions); creations and sharing
fixes go in Drive batches.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from service.domain.model import Rep, Team
from service.errors import WorkspaceError
from service.google import tags
from service.google.drive import find_files
from service.jobs.base import Deps, TeamReport

log = logging.getLogger(__name__)
FOLDER: Final[str] = "application/vnd.google-apps.folder"
FOLDER_FIELDS: Final[str] = (
    "id,name,createdTime,webViewLink,appProperties,writersCanShare,"
    "permissions(id,type,role,emailAddress)"
)
ROLE_RANK: Final[dict[str, int]] = {"reader": 1, "commenter": 2, "writer": 3, "owner": 5}


@dataclass
class TeamFolders:
    """A team's folder and its reps' folders (Drive file resources)."""

    team_folder: dict[str, Any] | None = None
    rep_folders: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep e-mail -> file


def active_reps(team: Team, today: date) -> tuple[Rep, ...]:
    """The reps still in the team on ``today``."""
    return tuple(r for r in team.reps if r.left_on is None or r.left_on >= today)


def find_team_folders(deps: Deps, team: Team, report: TeamReport) -> TeamFolders:
    """The team's folders, found by their tags with one ``files.list`` as the manager."""
    query = tags.drive_query(team=team.id) + f" and mimeType = '{FOLDER}'"
    files = find_files(
        deps.gateway, team.manager.email, query, fields=FOLDER_FIELDS, what=f"folders of {team.id}"
    )
    return team_folders_of(files, report.warnings)


def team_folders_of(files: list[dict[str, Any]], warnings: list[str]) -> TeamFolders:
    """The team and rep folders among ``files`` (listed with ``FOLDER_FIELDS``; others are
    left out), the oldest of each kind."""
    files = sorted(files, key=lambda f: (f.get("createdTime", ""), f["id"]))  # the oldest wins
    found = TeamFolders()
    for file in files:
        props = file.get("appProperties", {})
        kind = props.get(tags.KIND)
        if kind == tags.KIND_TEAM_FOLDER:
            if found.team_folder is None:
                found.team_folder = file
            else:
                warnings.append(f"a second team folder {file['id']} is ignored")
        elif kind == tags.KIND_REP_FOLDER and props.get(tags.REP):
            found.rep_folders.setdefault(props[tags.REP], file)
    return found


def ensure_team_folders(
    deps: Deps, team: Team, reps: tuple[Rep, ...], report: TeamReport
) -> TeamFolders:
    """The team folder and a folder for each of ``reps``, created when missing, shared
    exactly (see the module docstring). In a dry run, what is missing is only reported."""
    folders = find_team_folders(deps, team, report)
    if folders.team_folder is None:
        if deps.dry_run:
            report.actions.append(f"would create the team folder '1:1s - {team.name}'")
            report.actions.extend(f"would create the folder of {r.email}" for r in reps)
            report.count("folders_created", 1 + len(reps))  # counted as the real run counts
            return folders
        folders.team_folder = _create_team_folder(deps, team)
        report.count("folders_created")
        report.actions.append(f"created the team folder '1:1s - {team.name}'")
    else:
        report.count("folders_kept")
    missing = [r for r in reps if r.email not in folders.rep_folders]
    report.count("folders_kept", len(reps) - len(missing))
    if missing and deps.dry_run:
        report.actions.extend(f"would create the folder of {r.email}" for r in missing)
        report.count("folders_created", len(missing))
    elif missing:
        folders.rep_folders |= _create_rep_folders(deps, team, folders.team_folder, missing, report)
    fix_folder_sharing(deps, team, folders, reps, report)
    return folders


def _create_team_folder(deps: Deps, team: Team) -> dict[str, Any]:
    body = {
        "name": f"1:1s - {team.name}",
        "mimeType": FOLDER,
        "appProperties": tags.tags(kind=tags.KIND_TEAM_FOLDER, team=team.id),
        "writersCanShare": False,
    }
    drive = deps.gateway.client("drive", team.manager.email)
    request = drive.files().create(body=body, fields=FOLDER_FIELDS, supportsAllDrives=True)
    created: dict[str, Any] = deps.gateway.execute(
        request, team.manager.email, f"team folder of {team.id}"
    )
    return created


def _create_rep_folders(
    deps: Deps, team: Team, parent: dict[str, Any], reps: list[Rep], report: TeamReport
) -> dict[str, dict[str, Any]]:
    """One Drive batch of folder creations, each tagged in the same call (a re-run after a
    crash finds them instead of making them twice)."""
    drive = deps.gateway.client("drive", team.manager.email)
    calls = []
    for rep in reps:
        body = {
            "name": f"1:1s - {rep.name}",
            "mimeType": FOLDER,
            "parents": [parent["id"]],
            "appProperties": tags.tags(kind=tags.KIND_REP_FOLDER, team=team.id, rep=rep.email),
            "writersCanShare": False,  # the rep cannot share the folder, and so every doc, on
        }
        calls.append(
            (
                rep.email,
                drive.files().create(body=body, fields=FOLDER_FIELDS, supportsAllDrives=True),
            )
        )
    results = deps.gateway.execute_batch("drive", team.manager.email, calls, "rep folder")
    created: dict[str, dict[str, Any]] = {}
    for rep in reps:
        result = results.get(rep.email)
        if isinstance(result, dict):
            created[rep.email] = result
            report.count("folders_created")
            report.actions.append(f"created the folder of {rep.email}")
        else:
            report.warnings.append(f"{rep.email}: folder not created: {result}")
    return created


def wanted_sharing(deps: Deps, team: Team, rep: Rep | None) -> dict[str, str]:
    """Who may open a folder of the team besides its owner: e-mail -> role."""
    wanted = {team.manager.email: "writer"}
    if team.director and deps.config.program.privacy.share_docs_with_director:
        wanted.setdefault(team.director.email, "reader")
    if rep is not None:
        wanted[rep.email] = "writer"
    return wanted


def fix_folder_sharing(
    deps: Deps, team: Team, folders: TeamFolders, reps: tuple[Rep, ...], report: TeamReport
) -> None:
    """Add what is missing and remove anyone else, on the team folder and the reps' folders
    (the permissions came with ``files.list``: no extra read). One Drive batch."""
    targets: list[tuple[dict[str, Any], dict[str, str], Rep | None]] = []
    if folders.team_folder is not None:
        targets.append((folders.team_folder, wanted_sharing(deps, team, None), None))
    for member in reps:
        folder = folders.rep_folders.get(member.email)
        if folder is not None:
            # The manager and the director reach it through the team folder already.
            targets.append((folder, {member.email: "writer"}, member))
    drive = deps.gateway.client("drive", team.manager.email)
    notify = deps.config.program.privacy.notify_on_share
    calls: list[tuple[str, Any]] = []
    described: dict[str, str] = {}
    for folder, wanted, rep in targets:
        tolerated = wanted_sharing(deps, team, rep)
        for key, call, text in _sharing_changes(drive, folder, wanted, tolerated, notify):
            calls.append((key, call))
            described[key] = text
    _apply(deps, team, calls, described, "shares_fixed", report)


def close_departed_folders(deps: Deps, team: Team, today: date, report: TeamReport) -> None:
    """A rep who has left (``left_on`` before ``today``) loses access to their folder, and so
    to every doc in it; the folder stays with the manager. One ``files.list`` and one batch,
    and only when the team has such a rep."""
    gone = {r.email for r in team.reps if r.left_on is not None and r.left_on < today}
    if not gone:
        return
    folders = find_team_folders(deps, team, report)
    drive = deps.gateway.client("drive", team.manager.email)
    keep = wanted_sharing(deps, team, None)  # the manager (and director) keep their access
    calls: list[tuple[str, Any]] = []
    described: dict[str, str] = {}
    for email in sorted(gone):
        folder = folders.rep_folders.get(email)
        if folder is None:
            continue
        for key, call, text in _sharing_changes(drive, folder, {}, keep, notify=False):
            calls.append((key, call))
            described[key] = f"{text} ({email} has left)"
    _apply(deps, team, calls, described, "access_removed", report)


def _apply(
    deps: Deps,
    team: Team,
    calls: list[tuple[str, Any]],
    described: dict[str, str],
    counter: str,
    report: TeamReport,
) -> None:
    """Run sharing changes in one Drive batch as the manager (or, in a dry run, say them)."""
    if not calls:
        return
    if deps.dry_run:
        report.actions.extend(f"would {described[key]}" for key, _ in calls)
        report.count(counter, len(calls))
        return
    results = deps.gateway.execute_batch("drive", team.manager.email, calls, "folder sharing")
    for key, _ in calls:
        result = results.get(key)
        if isinstance(result, WorkspaceError):
            report.warnings.append(f"could not {described[key]}: {result}")
        else:
            report.count(counter)
            report.actions.append(described[key])


def _sharing_changes(
    drive: Any,
    folder: dict[str, Any],
    wanted: dict[str, str],
    tolerated: dict[str, str],
    notify: bool,
) -> list[tuple[str, Any, str]]:
    """(batch key, request, description) for each permission to add, raise or remove."""
    changes: list[tuple[str, Any, str]] = []
    have: dict[str, dict[str, Any]] = {}
    name, folder_id = folder.get("name", folder["id"]), folder["id"]
    for perm in folder.get("permissions", []):
        email = str(perm.get("emailAddress", "")).lower()
        if perm.get("role") == "owner":
            have[email] = perm
            continue
        if perm.get("type") in ("user", "group") and email in tolerated:
            have[email] = perm
            continue
        changes.append(
            (
                f"del|{folder_id}|{perm['id']}",
                drive.permissions().delete(
                    fileId=folder_id, permissionId=perm["id"], supportsAllDrives=True
                ),
                f"remove {email or perm.get('type')} from '{name}'",
            )
        )
    if folder.get("writersCanShare") is True:  # made before writers were kept from sharing
        changes.append(
            (
                f"lock|{folder_id}",
                drive.files().update(
                    fileId=folder_id,
                    body={"writersCanShare": False},
                    supportsAllDrives=True,
                    fields="id",
                ),
                f"let only the owner share '{name}'",
            )
        )
    for email, role in wanted.items():
        current = have.get(email)
        if current is not None and ROLE_RANK.get(current.get("role", ""), 0) >= ROLE_RANK[role]:
            continue
        body = {"type": "user", "role": role, "emailAddress": email}
        changes.append(
            (
                f"add|{folder_id}|{email}",
                drive.permissions().create(
                    fileId=folder_id,
                    body=body,
                    sendNotificationEmail=notify,
                    supportsAllDrives=True,
                    fields="id",
                ),
                f"share '{name}' with {email} ({role})",
            )
        )
    return changes
