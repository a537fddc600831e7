"""Privacy drift (issue 13), as a rep would cause it through the real Drive API: a rep shares
their own 1:1 doc with another rep, with anyone who has the link, with the domain... and the
next ``collect`` (or ``prepare``) puts the sharing back, counts what it removed, and flags the
rep on the tracker; what privacy allows is left alone."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from service.bootstrap import build_deps
from service.domain.model import Person, Rep, Team
from service.domain.week import Week
from service.errors import NotFoundError, PermissionDeniedError
from service.google import tags
from service.google.drive import find_files
from service.jobs.base import Deps, TeamReport
from service.jobs.collect.job import collect_team
from service.jobs.install.folders import ensure_team_folders
from service.jobs.prepare.docs import prepare_docs
from service.settings import load_config
from tests.integration.collect_builders import make_doc
from tests.integration.docs_builders import person_view
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
WEEK = Week.of(date.today()).next().next()
NOW = datetime(*WEEK.previous().friday.timetuple()[:3], 21, 0, tzinfo=UTC)  # Fri 16:00 NY


def team_of(tag: str) -> Team:
    return Team(
        id=f"share-{tag}",
        name=f"Sharing {tag}",
        manager=Person("Morgan", f"morgan.{tag}@example.com", ZONE),
        reps=tuple(Rep(n.title(), f"{n}.{tag}@example.com", ZONE) for n in ("avery", "blake")),
        timezone=ZONE,
        director=Person("Dana", f"dana.{tag}@example.com", ZONE),
    )


def deps_for(emulator: Emulator, tmp_path: Path, team: Team, director_sees: bool = False) -> Deps:
    config_dir = tmp_path / "config"
    shutil.copytree(ROOT / "config" / "example", config_dir)
    (config_dir / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {emulator.service_account_file}}}\n"
        f"endpoint: {emulator.base_url}\n"
    )
    if director_sees:
        (config_dir / "program.yaml").write_text("privacy: {share_docs_with_director: true}\n")
    return replace(build_deps(load_config(config_dir)), teams=(team,))


def share(emulator: Emulator, who: str, file_id: str, body: dict[str, Any]) -> None:
    """``who`` shares a file in the Drive UI (full drive scope, not the service's app)."""
    eyes = person_view(emulator)
    drive = eyes.client("drive", who)
    request = drive.permissions().create(fileId=file_id, body=body, sendNotificationEmail=False)
    eyes.execute(request, who, "a person shares")


def people(deps: Deps, team: Team, file_id: str) -> set[tuple[str, str]]:
    drive = deps.gateway.client("drive", team.manager.email)
    listing = drive.permissions().list(fileId=file_id)
    perms = deps.gateway.execute(listing, team.manager.email, "sharing")["permissions"]
    return {(p["type"], p.get("emailAddress", p.get("domain", ""))) for p in perms}


def flags_on_tracker(deps: Deps, team: Team) -> dict[str, str]:
    gw, manager = deps.gateway, team.manager.email
    (tracker,) = find_files(gw, manager, tags.drive_query(kind=tags.KIND_TRACKER, team=team.id))
    request = (
        gw.client("sheets", manager)
        .spreadsheets()
        .values()
        .get(spreadsheetId=tracker["id"], range="'This Week'!A1:Z")
    )
    rows = gw.execute(request, manager, "tracker")["values"]
    email, flags = rows[0].index("Email"), rows[0].index("Flags")
    return {row[email]: (row[flags] if flags < len(row) else "") for row in rows[1:]}


# (id, who shares avery's doc and how: [(grantee template, type, role)], what collect removes)
# "{other}" is the other rep, "{manager}" the manager, "{director}" the director,
# "{self}" avery herself; an empty removal means nothing is removed.
ACTIONS: list[tuple[str, list[tuple[str, str, str]], str]] = [
    ("another rep as writer", [("{other}", "user", "writer")], "1 user"),
    ("another rep as reader", [("{other}", "user", "reader")], "1 user"),
    ("another rep as commenter", [("{other}", "user", "commenter")], "1 user"),
    ("anyone with the link", [("", "anyone", "reader")], "anyone with the link"),
    ("anyone may edit", [("", "anyone", "writer")], "anyone with the link"),
    ("the whole domain", [("example.com", "domain", "reader")], "the domain example.com"),
    ("a group", [("sales-all@example.com", "group", "reader")], "1 group"),
    ("an outsider", [("mallory@gmail.example", "user", "writer")], "1 user"),
    (
        "two reps and the link",
        [
            ("{other}", "user", "reader"),
            ("zed@example.com", "user", "writer"),
            ("", "anyone", "reader"),
        ],
        "anyone with the link, 2 users",
    ),
    ("the director, not allowed", [("{director}", "user", "reader")], "1 user"),
    ("the manager again", [("{manager}", "user", "writer")], ""),
    ("the manager in capitals", [("{MANAGER}", "user", "reader")], ""),
    ("herself", [("{self}", "user", "writer")], ""),
]


@pytest.mark.parametrize(
    ("case", "grants", "removed"),
    [(i, *case[1:]) for i, case in enumerate(ACTIONS)],
    ids=[case[0] for case in ACTIONS],
)
def test_collect_puts_back_a_doc_a_rep_shared(
    emulator: Emulator,
    tmp_path: Path,
    case: int,
    grants: list[tuple[str, str, str]],
    removed: str,
) -> None:
    team = team_of(f"c{case}")
    deps = deps_for(emulator, tmp_path, team)
    avery, blake = (rep.email for rep in team.reps)
    manager, director = team.manager.email, team.director.email  # type: ignore[union-attr]
    doc = make_doc(deps.gateway, team.id, manager, avery, WEEK)
    make_doc(deps.gateway, team.id, manager, blake, WEEK)
    names = {"{other}": blake, "{manager}": manager, "{MANAGER}": manager.upper(),
             "{director}": director, "{self}": avery}  # fmt: skip
    for grantee, kind, role in grants:
        body: dict[str, Any] = {"type": kind, "role": role}
        if kind in ("user", "group"):
            body["emailAddress"] = names.get(grantee, grantee)
        elif kind == "domain":
            body["domain"] = grantee
        share(emulator, avery, doc["id"], body)
    report = collect_team(deps, team, NOW)
    assert report.error is None, report.error
    left = people(deps, team, doc["id"])
    assert left <= {("user", manager), ("user", avery)}, left
    flags = flags_on_tracker(deps, team)
    if removed:
        assert report.counts["doc_shares_removed"] == len(grants)
        assert f"{avery}: their doc was shared beyond privacy; removed {removed}" in report.warnings
        assert f"sharing fixed: removed {removed}" in flags[avery]
        assert not any("@" in w.split(": ", 1)[1] for w in report.warnings if "shared" in w)
    else:
        assert "doc_shares_removed" not in report.counts
        assert "sharing" not in flags[avery]
    assert "sharing" not in flags[blake]
    again = collect_team(deps, team, NOW)  # converged: nothing more to remove, no extra call
    assert "doc_shares_removed" not in again.counts


def test_the_director_keeps_access_when_privacy_allows_it(
    emulator: Emulator, tmp_path: Path
) -> None:
    team = team_of("dir")
    deps = deps_for(emulator, tmp_path, team, director_sees=True)
    avery = team.reps[0].email
    doc = make_doc(deps.gateway, team.id, team.manager.email, avery, WEEK)
    director = team.director.email  # type: ignore[union-attr]
    share(emulator, avery, doc["id"], {"type": "user", "role": "reader", "emailAddress": director})
    report = collect_team(deps, team, NOW)
    assert "doc_shares_removed" not in report.counts
    assert ("user", director) in people(deps, team, doc["id"])


def test_a_dry_run_only_says_what_it_would_remove(emulator: Emulator, tmp_path: Path) -> None:
    team = team_of("dry")
    deps = deps_for(emulator, tmp_path, team)
    avery = team.reps[0].email
    doc = make_doc(deps.gateway, team.id, team.manager.email, avery, WEEK)
    share(emulator, avery, doc["id"], {"type": "anyone", "role": "reader"})
    report = collect_team(replace(deps, dry_run=True), team, NOW)
    assert f"would remove anyone with the link from the doc of {avery}" in report.actions
    assert ("anyone", "") in people(deps, team, doc["id"])


def test_prepare_puts_back_the_sharing_too(emulator: Emulator, tmp_path: Path) -> None:
    team = team_of("prep")
    deps = deps_for(emulator, tmp_path, team)
    avery, blake = (rep.email for rep in team.reps)
    doc = make_doc(deps.gateway, team.id, team.manager.email, avery, WEEK)
    make_doc(deps.gateway, team.id, team.manager.email, blake, WEEK)
    share(emulator, avery, doc["id"], {"type": "user", "role": "writer", "emailAddress": blake})
    report = TeamReport(job="prepare", team=team.id)
    prepare_docs(deps, team, WEEK, {}, NOW, report)
    assert report.counts.get("doc_shares_removed") == 1
    assert ("user", blake) not in people(deps, team, doc["id"])
    eyes = person_view(emulator)
    with pytest.raises(NotFoundError):  # blake cannot open avery's doc any more
        eyes.execute(eyes.client("docs", blake).documents().get(documentId=doc["id"]), blake, "x")


def test_a_rep_cannot_remove_the_manager_or_open_another_reps_doc(
    emulator: Emulator, tmp_path: Path
) -> None:
    team = team_of("own")
    deps = deps_for(emulator, tmp_path, team)
    avery, blake = (rep.email for rep in team.reps)
    gw, manager = deps.gateway, team.manager.email
    mine = make_doc(gw, team.id, manager, avery, WEEK)
    theirs = make_doc(gw, team.id, manager, blake, WEEK)
    owner = next(p for p in gw.execute(
        gw.client("drive", manager).permissions().list(fileId=mine["id"]), manager, "x"
    )["permissions"] if p["role"] == "owner")  # fmt: skip
    eyes = person_view(emulator)
    drive = eyes.client("drive", avery)
    with pytest.raises(PermissionDeniedError):
        eyes.execute(drive.permissions().delete(fileId=mine["id"], permissionId=owner["id"]),
                     avery, "x")  # fmt: skip
    with pytest.raises(NotFoundError):
        eyes.execute(drive.files().get(fileId=theirs["id"]), avery, "x")
    with pytest.raises(NotFoundError):
        share(emulator, avery, theirs["id"], {"type": "anyone", "role": "reader"})


def test_the_tracker_sharing_is_put_back_without_a_call_of_its_own(
    emulator: Emulator, tmp_path: Path
) -> None:
    team = team_of("trk")
    deps = deps_for(emulator, tmp_path, team)
    gw, manager, avery = deps.gateway, team.manager.email, team.reps[0].email
    make_doc(gw, team.id, manager, avery, WEEK)
    collect_team(deps, team, NOW)
    (tracker,) = find_files(gw, manager, tags.drive_query(kind=tags.KIND_TRACKER, team=team.id))
    share(emulator, manager, tracker["id"], {"type": "anyone", "role": "reader"})
    share(
        emulator, manager, tracker["id"], {"type": "user", "role": "reader", "emailAddress": avery}
    )
    before = dict(gw.counter.snapshot())
    report = collect_team(deps, team, NOW)
    assert report.counts["tracker_shares_removed"] == 2
    calls = {k: v - before.get(k, 0) for k, v in gw.counter.snapshot().items()}
    assert calls.get("drive.permissions.list", 0) == 0, calls
    assert people(deps, team, tracker["id"]) == {("user", manager), ("user", team.director.email)}  # type: ignore[union-attr]


def test_collect_puts_back_a_rep_folder_its_rep_shared(emulator: Emulator, tmp_path: Path) -> None:
    team = team_of("fold")
    deps = deps_for(emulator, tmp_path, team)
    avery, blake = (rep.email for rep in team.reps)
    folders = ensure_team_folders(deps, team, team.reps, TeamReport(job="prepare", team=team.id))
    make_doc(deps.gateway, team.id, team.manager.email, avery, WEEK)  # the week is prepared
    mine = folders.rep_folders[avery]["id"]
    to_blake = {"type": "user", "role": "reader", "emailAddress": blake}
    with pytest.raises(PermissionDeniedError):  # only the manager, its owner, shares it
        share(emulator, avery, mine, to_blake)
    # A folder made before writers were kept from sharing: the rep shares it on.
    eyes = person_view(emulator)
    manager = team.manager.email
    unlock = (
        eyes.client("drive", manager).files().update(fileId=mine, body={"writersCanShare": True})
    )
    eyes.execute(unlock, manager, "an older folder")
    share(emulator, avery, mine, {"type": "anyone", "role": "reader"})
    share(emulator, avery, mine, to_blake)
    report = collect_team(deps, team, NOW)
    assert report.counts["shares_fixed"] == 3  # two shares removed, the folder locked
    assert "let only the owner share '1:1s - Avery'" in report.actions
    assert people(deps, team, mine) == {("user", manager), ("user", avery)}
    assert "shares_fixed" not in collect_team(deps, team, NOW).counts
    with pytest.raises(PermissionDeniedError):
        share(emulator, avery, mine, to_blake)
