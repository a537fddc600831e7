"""``oneonone check-access``: before the first Thursday, act as everyone the jobs act as and
make one harmless read per API and scope, so a missing delegation, a user without Calendar or
a deleted template shows up as a sentence with its fix, not as a failed prepare.

Reads only: token requests, ``files.list`` / ``files.get``, ``documents.get``,
``spreadsheets.get`` and ``freeBusy.query``. Nothing is created, changed or shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import Request

from service.domain.model import Team
from service.errors import WorkspaceError
from service.google import tags
from service.google.access_fixes import refresh_fix, workspace_fix
from service.google.drive import find_files
from service.google.managed_sheet import find_sheet
from service.jobs.base import Deps
from service.jobs.install.templates import find_templates, needed_templates


@dataclass(frozen=True)
class Check:
    """One person, one API, one read: OK, or what to do."""

    person: str
    role: str  # admin | manager | director | rep
    api: str  # token | drive | docs | sheets | calendar
    what: str
    ok: bool
    fix: str = ""


class _Checker:
    def __init__(self, deps: Deps, now: datetime) -> None:
        self.deps, self.gw, self.now = deps, deps.gateway, now
        self.results: list[Check] = []
        self.usable: set[str] = set()  # people a token could be had for

    def add(self, person: str, role: str, api: str, what: str, read: Callable[[], Any]) -> Any:
        """Run one read; record OK or the fix. Returns the answer (None on failure)."""
        try:
            answer = read()
        except WorkspaceError as exc:
            fix = workspace_fix(exc, api, person, what, self.gw.credentials.client_id)
            self.results.append(Check(person, role, api, what, False, fix))
            return None
        self.results.append(Check(person, role, api, what, True))
        return answer

    def scopes(self, admin: str) -> None:
        """Each scope on its own, as the admin: a grant missing in the Admin console is named."""
        source = self.gw.credentials
        if not source.delegates:
            return
        for scope in source.scopes:
            what = f"token for {scope.rsplit('/', 1)[-1]}"
            try:
                source.for_user_with(admin, (scope,)).refresh(Request())
            except (RefreshError, TransportError) as exc:
                fix = refresh_fix(exc, admin, (scope,), source.client_id)
                self.results.append(Check(admin, "admin", "token", what, False, fix))
            else:
                self.results.append(Check(admin, "admin", "token", what, True))

    def token(self, person: str, role: str) -> bool:
        """A token with every scope acting as ``person`` (once per person)."""
        if person in self.usable:
            return True
        source = self.gw.credentials
        try:
            source.for_user_with(person, source.scopes).refresh(Request())
        except (RefreshError, TransportError) as exc:
            fix = refresh_fix(exc, person, source.scopes, source.client_id)
            self.results.append(Check(person, role, "token", "token (all scopes)", False, fix))
            return False
        self.results.append(Check(person, role, "token", "token (all scopes)", True))
        self.usable.add(person)
        return True


def check_access(deps: Deps, now: datetime) -> list[Check]:
    """Every check, in the order people appear: admin, then per team manager, reps, director."""
    checker = _Checker(deps, now)
    admin = deps.config.admin_user
    checker.scopes(admin)
    if checker.token(admin, "admin"):
        _admin_reads(checker, admin)
    directors: dict[str, list[Team]] = {}
    for team in deps.teams:
        _team_reads(checker, team)
        if team.director:
            directors.setdefault(team.director.email, []).append(team)
    for director, teams in directors.items():
        _director_reads(checker, director, teams)
    return checker.results


def _admin_reads(checker: _Checker, admin: str) -> None:
    gw, config = checker.gw, checker.deps.config
    checker.add(
        admin, "admin", "drive", "Drive list of the root folder",
        lambda: find_files(gw, admin, tags.drive_query(kind=tags.KIND_ROOT), fields="id"),
    )  # fmt: skip
    for name in ("ae", "manager", "vp"):
        own = getattr(config.google.templates, f"{name}_doc_id", None)
        if own:
            checker.add(
                admin, "admin", "docs", f"Docs get of your {name} template {own}",
                partial(_read_template, checker, admin, own, True),
            )  # fmt: skip
    source = config.metrics.source
    sheet_id = getattr(source, "spreadsheet_id", None)
    if sheet_id:
        checker.add(
            admin, "admin", "sheets", f"Sheets get of the metrics sheet {sheet_id}",
            lambda: gw.execute(
                gw.client("sheets", admin).spreadsheets().get(
                    spreadsheetId=sheet_id, fields="spreadsheetId"
                ),
                admin, "metrics sheet",
            ),
        )  # fmt: skip


def _team_reads(checker: _Checker, team: Team) -> None:
    gw, manager, deps = checker.gw, team.manager.email, checker.deps
    if not checker.token(manager, "manager"):
        return
    query = tags.drive_query(team=team.id, kind=tags.KIND_TEAM_FOLDER)
    checker.add(
        manager, "manager", "drive", f"Drive list of the {team.id} team folder",
        lambda: find_files(gw, manager, query, fields="id"),
    )  # fmt: skip
    templates = checker.add(
        manager, "manager", "drive", f"Drive list of the {team.id} templates",
        lambda: find_templates(deps, team),
    )  # fmt: skip
    for name in needed_templates(deps, team) if templates is not None else ():
        if name not in templates:
            what = f"the {name} template of {team.id} (made by install or the first prepare)"
            checker.results.append(Check(manager, "manager", "drive", what, True))
    for template in (templates or {}).values():
        docs = template.template != "ae_sheet"
        checker.add(
            manager, "manager", "docs" if docs else "sheets",
            f"{'Docs' if docs else 'Sheets'} get of the {template.template} template",
            partial(_read_template, checker, manager, template.file_id, docs),
        )  # fmt: skip
        if template.customer:
            checker.add(
                manager, "manager", "drive", f"Drive get of your {template.template} template",
                partial(_drive_get, checker, manager, template.file_id),
            )  # fmt: skip
    _calendars(checker, team)
    tracker, _count = checker.add(
        manager, "manager", "drive", f"Drive list of the {team.id} tracker",
        lambda: find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team.id),
    ) or (None, 0)  # fmt: skip
    if tracker is not None:
        checker.add(
            manager, "manager", "sheets", f"Sheets get of the {team.id} tracker",
            lambda: _sheet_get(checker, manager, tracker["id"]),
        )  # fmt: skip


def _calendars(checker: _Checker, team: Team) -> None:
    """One freeBusy as the manager over the manager and every rep, as booking reads it."""
    gw, manager = checker.gw, team.manager.email
    start = checker.now
    emails = [manager, *(r.email for r in team.reps)]
    body = {
        "timeMin": start.isoformat(),
        "timeMax": (start + timedelta(days=7)).isoformat(),
        "items": [{"id": e} for e in emails],
    }
    answer = checker.add(
        manager, "manager", "calendar", f"Calendar freeBusy of team {team.id}",
        lambda: gw.execute(gw.client("calendar", manager).freebusy().query(body=body), manager,
                           "free/busy"),
    )  # fmt: skip
    if answer is None:
        return
    for email in emails:
        errors = answer.get("calendars", {}).get(email, {}).get("errors")
        role = "manager" if email == manager else "rep"
        what = f"free/busy of {email} read as {manager}"
        if not errors:
            checker.results.append(Check(email, role, "calendar", what, True))
            continue
        reason = str(errors[0].get("reason", ""))
        fix = (
            f"Google cannot read the calendar of {email} ({reason}): check that the user "
            "exists, has Google Calendar in their Workspace licence, and shares free/busy "
            "inside the domain (Admin console > Apps > Google Workspace > Calendar > Sharing)"
        )
        checker.results.append(Check(email, role, "calendar", what, False, fix))


def _director_reads(checker: _Checker, director: str, teams: list[Team]) -> None:
    gw = checker.gw
    if not checker.token(director, "director"):
        return
    found = checker.add(
        director, "director", "drive", "Drive list of the roll-up",
        lambda: find_sheet(gw, director, kind=tags.KIND_ROLLUP, director=director),
    )  # fmt: skip
    if found and found[0] is not None:
        rollup = found[0]
        checker.add(
            director, "director", "sheets", "Sheets get of the roll-up",
            lambda: _sheet_get(checker, director, rollup["id"]),
        )  # fmt: skip
    for team in teams:
        try:
            tracker, _ = find_sheet(gw, team.manager.email, kind=tags.KIND_TRACKER, team=team.id)
        except WorkspaceError:
            continue  # reported on the manager's rows
        if tracker is not None:
            checker.add(
                director, "director", "sheets", f"Sheets get of the {team.id} tracker",
                partial(_sheet_get, checker, director, tracker["id"]),
            )  # fmt: skip


def _read_template(checker: _Checker, user: str, file_id: str, docs: bool) -> Any:
    if not docs:
        return _sheet_get(checker, user, file_id)
    gw = checker.gw
    return gw.execute(gw.client("docs", user).documents().get(documentId=file_id), user, "template")


def _drive_get(checker: _Checker, user: str, file_id: str) -> Any:
    gw = checker.gw
    request = gw.client("drive", user).files().get(fileId=file_id, fields="id")
    return gw.execute(request, user, f"file {file_id}")


def _sheet_get(checker: _Checker, user: str, sheet_id: str) -> Any:
    gw = checker.gw
    request = (
        gw.client("sheets", user).spreadsheets().get(spreadsheetId=sheet_id, fields="spreadsheetId")
    )
    return gw.execute(request, user, f"spreadsheet {sheet_id}")
