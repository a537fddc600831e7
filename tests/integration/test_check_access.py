"""``check-access`` on the emulator: all OK on a healthy install, and each way delegation
fails in real deployments named with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.commands.check_access import print_checks
from service.jobs.install.access_check import Check, check_access
from service.jobs.install.job import install
from service.jobs.install.templates import find_templates
from service.jobs.registry import run_named
from tests.integration.docs_builders import NOW, make_deps, write_config
from workspace_emulator.core.server import Emulator


def failures(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]


def test_a_healthy_install_is_all_ok_and_writes_nothing(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "acc1")
    assert install(deps, NOW).ok
    assert run_named("prepare", deps, NOW).ok  # collect writes only for a prepared week
    assert run_named("collect", deps, NOW).ok  # a tracker and the roll-up to read back
    before = deps.gateway.counter.snapshot()
    checks = check_access(deps, NOW)
    assert failures(checks) == []
    team = deps.teams[0]
    people = {c.person for c in checks}
    assert {deps.config.admin_user, team.manager.email, *(r.email for r in team.reps)} <= people
    assert team.director is not None and team.director.email in people
    apis = {c.api for c in checks}
    assert apis == {"token", "drive", "docs", "sheets", "calendar"}
    after = deps.gateway.counter.snapshot()
    calls = {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}
    assert all(k.endswith((".list", ".get", ".query")) for k in calls), calls


def test_a_deleted_template_is_named_with_its_fix(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "acc2")
    assert install(deps, NOW).ok
    team = deps.teams[0]
    manager, gw = team.manager.email, deps.gateway
    template = find_templates(deps, team)["ae"]
    gw.execute(gw.client("drive", manager).files().delete(fileId=template.file_id), manager, "rm")
    checks = check_access(deps, NOW)
    assert failures(checks) == []  # install (or prepare) makes it again: said, not failed
    assert any("ae template" in c.what and "made by install" in c.what for c in checks)


def test_a_customer_template_not_shared_with_a_manager_fails_with_the_fix(
    emulator: Emulator, tmp_path: Path
) -> None:
    tag = "acc3"
    admin = f"admin.{tag}@example.com"
    probe = make_deps(emulator, tmp_path / "probe", tag).gateway
    own = probe.execute(
        probe.client("docs", admin).documents().create(body={"title": "Ours"}), admin, "create"
    )
    google = {"templates": {"ae_doc_id": own["documentId"]}}
    deps = make_deps(emulator, tmp_path / "config", tag, google=google)
    checks = check_access(deps, NOW)
    manager = deps.teams[0].manager.email
    (failed,) = [c for c in failures(checks) if c.person == manager and c.api == "docs"]
    assert "not found as " + manager in failed.fix and f"share it with {manager}" in failed.fix


def test_the_command_prints_a_table_per_person_and_exits_by_the_verdict(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    directory = write_config(emulator, tmp_path, "acc4")
    assert main(["install", "--config", str(directory)]) == 0
    capsys.readouterr()
    assert main(["check-access", "--config", str(directory)]) == 0
    out = capsys.readouterr().out
    assert "morgan.acc4@example.com (manager)" in out
    assert out.rstrip().endswith("checks OK")


def test_print_checks_shows_the_fix() -> None:
    import io

    out = io.StringIO()
    print_checks(
        [
            Check("a@example.com", "admin", "token", "token for drive.file", False, "add X"),
            Check("a@example.com", "admin", "drive", "Drive list of the root folder", True),
        ],
        out,
    )
    text = out.getvalue()
    assert "FAIL: add X" in text and "1 of 2 checks failed" in text


def test_a_scope_missing_from_the_delegation_names_the_scope_and_client_id(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "acc5")
    assert install(deps, NOW).ok
    freebusy = "https://www.googleapis.com/auth/calendar.freebusy"
    emulator.admin_console.refuse_scope(freebusy, deps.config.admin_user)
    checks = check_access(deps, NOW)
    (failed, *_others) = failures(checks)
    client_id = emulator.authority.client_id
    assert failed.what == "token for calendar.freebusy"
    assert failed.fix == (
        f"add {freebusy} for client id {client_id} in Admin console > Security > API controls "
        "> Domain-wide delegation"
    )


def test_a_suspended_manager_and_a_rep_without_calendar_are_named(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "acc6")
    assert install(deps, NOW).ok
    team = deps.teams[0]
    rep = team.reps[4].email
    emulator.admin_console.remove_calendar(rep)
    (rep_row,) = failures(check_access(deps, NOW))
    assert rep_row.person == rep and rep_row.role == "rep" and rep_row.api == "calendar"
    assert "has Google Calendar in their Workspace licence" in rep_row.fix
    emulator.admin_console.suspend(team.manager.email)
    (manager_row,) = failures(check_access(deps, NOW))
    assert manager_row.person == team.manager.email and manager_row.api == "token"
    assert "invalid_grant" in manager_row.fix and "Directory > Users" in manager_row.fix


def test_each_google_refusal_maps_to_its_fix() -> None:
    from service.errors import NotFoundError, PermissionDeniedError, WorkspaceError
    from service.google.access_fixes import workspace_fix

    def fix(exc: WorkspaceError, api: str = "calendar") -> str:
        return workspace_fix(exc, api, "m@example.com", "Calendar freeBusy", "42")

    scope = fix(PermissionDeniedError("x", status=403, reason="insufficientPermissions"))
    assert scope.startswith("add https://www.googleapis.com/auth/calendar.events for client id 42")
    disabled = fix(PermissionDeniedError("x", status=403, reason="accessNotConfigured"), "docs")
    assert (
        disabled == "enable the Google Docs API in the Google Cloud project of the service account"
    )
    missing = fix(NotFoundError("x", status=404, reason="notFound"), "drive")
    assert "not found as m@example.com" in missing and "oneonone install" in missing
    denied = fix(PermissionDeniedError("x", reason="access_denied"))
    assert "access_denied" in denied and "suspended" in denied
