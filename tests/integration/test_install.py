"""``install`` on the emulator through the real Google clients: folders and templates made
once, found again (a second run creates nothing), shared exactly, a customer's template
checked for its headings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from service.domain.doc_parser import parse_document
from service.errors import ConfigError, NotFoundError
from service.google import tags
from service.google.drive import find_files, read_doc
from service.google.scopes import DRIVE_READONLY
from service.jobs.install.job import ORG, install
from service.jobs.install.templates import find_templates
from service.jobs.registry import run_named
from tests.integration.docs_builders import (
    NOW,
    make_deps,
    person_view,
    prepare,
    rep_email,
    write_config,
)
from workspace_emulator.core.server import Emulator


def created(report: object) -> int:
    teams = getattr(report, "teams", [])
    return sum(v for t in teams for k, v in t.counts.items() if "created" in k or "installed" in k)


def test_install_twice_creates_nothing_the_second_time(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "inst1")
    first = install(deps, NOW)
    assert first.ok, [t.error for t in first.teams]
    team = next(t for t in first.teams if t.team != ORG)
    assert team.counts["folders_created"] == 11  # the team folder and ten rep folders
    assert team.counts["templates_installed"] == 1  # ten AEs: the AE template only

    second = install(deps, NOW)
    assert second.ok
    assert created(second) == 0
    assert not any(t.actions for t in second.teams)
    writes = {k: v for k, v in second.api_calls.items() if not k.endswith((".list", ".get"))}
    assert writes == {}
    assert second.total_calls <= 3  # root, the team's folders and templates: one list each


def test_folders_are_the_managers_and_each_rep_sees_only_their_own(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "inst2")
    assert install(deps, NOW).ok
    gw, team = deps.gateway, deps.teams[0]
    query = tags.drive_query(kind=tags.KIND_REP_FOLDER, team=team.id)
    folders = find_files(gw, team.manager.email, query, fields="id,appProperties,owners")
    assert len(folders) == 10
    assert {f["owners"][0]["emailAddress"] for f in folders} == {team.manager.email}
    avery, blake = rep_email("avery", "inst2"), rep_email("blake", "inst2")
    eyes = person_view(emulator)  # what each person can open in Drive
    mine = find_files(eyes, avery, query, fields="id,appProperties")
    assert [f["appProperties"][tags.REP] for f in mine] == [avery]
    blakes = next(f for f in folders if f["appProperties"][tags.REP] == blake)
    with pytest.raises(NotFoundError):
        eyes.execute(eyes.client("drive", avery).files().get(fileId=blakes["id"]), avery, "folder")
    # The director (privacy.share_docs_with_director is off) and the admin see no rep folder.
    assert find_files(eyes, team.director.email, query) == []  # type: ignore[union-attr]
    assert find_files(eyes, deps.config.admin_user, query) == []


def test_each_team_has_its_own_template_made_as_its_manager_and_it_parses_empty(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "inst3")
    assert install(deps, NOW).ok
    manager = deps.teams[0].manager.email
    templates = find_templates(deps, deps.teams[0])
    assert set(templates) == {"ae"}
    (file,) = find_files(
        deps.gateway, manager, tags.drive_query(kind=tags.KIND_TEMPLATE), fields="id,owners"
    )
    assert file["owners"][0]["emailAddress"] == manager  # copyable under drive.file
    docs = deps.gateway.client("docs", manager).documents()
    doc = deps.gateway.execute(docs.get(documentId=templates["ae"].file_id), manager, "ae")
    parsed = parse_document(doc)
    assert not any(section.text for section in parsed.sections.values())
    assert parsed.complete is False and parsed.warnings == ()


def test_a_customer_template_lacking_headings_is_refused_by_name(
    emulator: Emulator, tmp_path: Path
) -> None:
    admin = "admin.inst4@example.com"
    gw = make_deps(emulator, tmp_path / "probe", "inst4").gateway
    docs = gw.client("docs", admin)
    own = gw.execute(docs.documents().create(body={"title": "Our 1:1 doc"}), admin, "doc")
    text = "Wins\nChallenges\nPipeline\n"
    requests = [
        {"insertText": {"location": {"index": 1}, "text": text}},
        {
            "updateParagraphStyle": {
                "range": {"startIndex": 1, "endIndex": len(text)},
                "paragraphStyle": {"namedStyleType": "HEADING_2"},
                "fields": "namedStyleType",
            }
        },
    ]
    gw.execute(
        docs.documents().batchUpdate(documentId=own["documentId"], body={"requests": requests}),
        admin,
        "doc",
    )
    deps = make_deps(
        emulator,
        tmp_path / "config",
        "inst4",
        google={"templates": {"ae_doc_id": own["documentId"]}},
    )
    before = deps.gateway.counter.total
    with pytest.raises(ConfigError) as caught:
        install(deps, NOW)
    message = str(caught.value)
    assert "templates.ae_doc_id" in message
    for heading in ("Key Metrics & Pacing", "Energy", "Plan of Attack for Next Week"):
        assert heading in message
    assert "'Wins'" not in message
    assert deps.gateway.counter.total - before == 1  # read the doc; wrote nothing


def test_dry_run_writes_nothing(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "inst5", dry_run=True)
    report = install(deps, NOW)
    assert report.ok
    assert all(k.endswith((".list", ".get")) for k in report.api_calls)
    actions = [a for t in report.teams for a in t.actions]
    assert any("would create the root folder" in a for a in actions)
    assert any("would install the ae template" in a for a in actions)


def test_a_customer_template_with_the_headings_is_used_as_is(
    emulator: Emulator, tmp_path: Path
) -> None:
    tag = "inst6"
    admin, manager = f"admin.{tag}@example.com", f"morgan.{tag}@example.com"
    probe = make_deps(emulator, tmp_path / "probe", tag).gateway
    docs = probe.client("docs", admin).documents()
    own = probe.execute(docs.create(body={"title": "Our 1:1 doc"}), admin, "create")
    titles = [
        "Numbers & Pacing 📈", "Wins", "Challenges", "Pipeline", "Energy:", "Plan",
        "Commitments from last time", "New commitments",
    ]  # fmt: skip
    text = "\n".join(titles)
    heading = {"namedStyleType": "HEADING_2"}
    span = {"startIndex": 1, "endIndex": len(text)}
    requests = [
        {"insertText": {"location": {"index": 1}, "text": text}},
        {"updateParagraphStyle": {"range": span, "paragraphStyle": heading, "fields": "*"}},
    ]
    body = {"requests": requests}
    probe.execute(docs.batchUpdate(documentId=own["documentId"], body=body), admin, "write")
    share = {"type": "user", "role": "reader", "emailAddress": manager}
    drive = probe.client("drive", admin)
    probe.execute(drive.permissions().create(fileId=own["documentId"], body=share), admin, "share")
    google = {"templates": {"ae_doc_id": own["documentId"]}}
    deps = make_deps(emulator, tmp_path / "config", tag, google=google)
    report = install(deps, NOW)
    assert report.ok
    (team,) = [t for t in report.teams if t.team != ORG]
    assert "templates_installed" not in team.counts  # ten AEs: the AE template is theirs
    assert DRIVE_READONLY in deps.gateway.credentials.scopes  # to copy a file nobody's app made

    prepared, links, _calls = prepare(deps)
    assert prepared.counts["docs_created"] == 10
    avery = rep_email("avery", tag)
    parsed = parse_document(read_doc(deps.gateway, avery, links[avery].file_id))
    assert parsed.sections["key_metrics"].items[0] == "Metric | Goal | Actual | Pace to goal"
    assert parsed.warnings == ()


def test_director_sharing_follows_the_privacy_setting(emulator: Emulator, tmp_path: Path) -> None:
    tag = "inst7"
    deps = make_deps(
        emulator, tmp_path / "on", tag, program={"privacy": {"share_docs_with_director": True}}
    )
    assert install(deps, NOW).ok
    _report, links, _calls = prepare(deps)
    director = f"dana.{tag}@example.com"
    avery = rep_email("avery", tag)
    assert read_doc(deps.gateway, director, links[avery].file_id)
    off = make_deps(emulator, tmp_path / "off", tag)
    report = install(off, NOW)
    assert any(f"remove {director}" in a for t in report.teams for a in t.actions)
    with pytest.raises(NotFoundError):
        read_doc(off.gateway, director, links[avery].file_id)
    assert install(off, NOW).total_calls <= 3  # nothing left to fix


def test_a_root_in_a_shared_drive(emulator: Emulator, tmp_path: Path) -> None:
    tag = "inst8"
    admin = f"admin.{tag}@example.com"
    gw = make_deps(emulator, tmp_path / "probe", tag).gateway
    drives = gw.client("drive", admin).drives()
    shared = gw.execute(drives.create(requestId=f"r-{tag}", body={"name": "1:1s"}), admin, "drive")
    deps = make_deps(
        emulator, tmp_path / "config", tag, google={"drive": {"shared_drive_id": shared["id"]}}
    )
    assert install(deps, NOW).ok
    (root,) = find_files(
        gw, admin, tags.drive_query(kind=tags.KIND_ROOT), fields="id,driveId,parents"
    )
    assert root["parents"] == [shared["id"]]
    assert set(find_templates(deps, deps.teams[0])) == {"ae"}
    assert install(deps, NOW).total_calls <= 3


def test_a_departed_rep_gets_no_folder_and_no_doc(emulator: Emulator, tmp_path: Path) -> None:
    tag = "inst9"
    deps = make_deps(emulator, tmp_path, tag)
    team = deps.teams[0]
    gone = replace(team.reps[3], left_on=date(2026, 9, 30))
    deps = replace(deps, teams=(replace(team, reps=(*team.reps[:3], gone, *team.reps[4:])),))
    assert install(deps, NOW).ok
    query = tags.drive_query(kind=tags.KIND_REP_FOLDER, team=team.id)
    folders = find_files(deps.gateway, team.manager.email, query, fields="appProperties")
    assert len(folders) == 9 and gone.email not in {f["appProperties"][tags.REP] for f in folders}
    _report, links, _calls = prepare(deps)
    assert len(links) == 9 and gone.email not in links


def test_the_command_line_prints_the_report(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main

    directory = write_config(emulator, tmp_path, "inst10")
    assert main(["install", "--config", str(directory), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "install (dry run: nothing written)" in out and "would install the ae template" in out
    assert main(["install", "--config", str(directory)]) == 0
    assert "templates_installed 1" in capsys.readouterr().out
    assert main(["install", "--config", str(directory)]) == 0
    assert "API calls: 3 (drive.files.list 3)" in capsys.readouterr().out


def test_the_sheet_form_template_is_installed_when_chosen(
    emulator: Emulator, tmp_path: Path
) -> None:
    from service.domain.sheet_form import parse_sheet_form

    deps = make_deps(emulator, tmp_path, "inst11", program={"template": "sheet"})
    report = install(deps, NOW)
    assert report.ok, [t.error for t in report.teams]
    manager = deps.teams[0].manager.email
    sheet = find_templates(deps, deps.teams[0])["ae_sheet"]
    values = deps.gateway.client("sheets", manager).spreadsheets().values()
    answer = deps.gateway.execute(
        values.get(spreadsheetId=sheet.file_id, range="'1:1'!A1:C"), manager, "sheet"
    )
    parsed = parse_sheet_form(answer["values"])
    assert not any(s.text for s in parsed.sections.values()) and parsed.warnings == ()
    assert install(deps, NOW).total_calls <= 3


def test_a_new_definition_rewrites_a_template_unless_edited_by_hand(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "inst12")
    assert install(deps, NOW).ok
    gw, admin = deps.gateway, deps.teams[0].manager.email  # the template is the manager's
    ae = find_templates(deps, deps.teams[0])["ae"].file_id
    drive = gw.client("drive", admin)

    def age() -> None:  # as if sheets_templates/ae_doc.yaml had changed since
        body = {"appProperties": {"version": "older"}}
        gw.execute(drive.files().update(fileId=ae, body=body), admin, "age")

    age()
    report = install(deps, NOW)
    assert report.teams[1].counts["templates_updated"] == 1
    before = parse_document(read_doc(gw, admin, ae))
    assert not any(s.text for s in before.sections.values())

    docs = gw.client("docs", admin).documents()
    edit = {"requests": [{"insertText": {"location": {"index": 1}, "text": "Our own intro\n"}}]}
    gw.execute(docs.batchUpdate(documentId=ae, body=edit), admin, "hand edit")
    age()
    report = install(deps, NOW)
    org = report.teams[1]
    assert "templates_updated" not in org.counts
    assert any("ae template was edited in Drive" in w for w in org.warnings)
    assert "Our own intro" in str(read_doc(gw, admin, ae))


def test_a_rep_who_leaves_loses_access_to_their_docs(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "inst11")
    team = deps.teams[0]
    assert install(deps, NOW).ok
    _report, links, _calls = prepare(deps)
    leaver = team.reps[2]
    doc = links[leaver.email].file_id
    assert read_doc(deps.gateway, leaver.email, doc)["documentId"] == doc
    gone = replace(leaver, left_on=NOW.date() - timedelta(days=1))
    after = replace(deps, teams=(replace(team, reps=(*team.reps[:2], gone, *team.reps[3:])),))
    report = install(after, NOW)
    (team_report,) = [t for t in report.teams if t.team == team.id]
    assert team_report.counts.get("access_removed") == 1
    with pytest.raises(NotFoundError):
        read_doc(deps.gateway, leaver.email, doc)
    assert read_doc(deps.gateway, team.manager.email, doc)["documentId"] == doc  # kept
    other = team.reps[0]
    assert read_doc(deps.gateway, other.email, links[other.email].file_id)
    again = install(after, NOW)
    (quiet,) = [t for t in again.teams if t.team == team.id]
    assert "access_removed" not in quiet.counts


def test_the_weekly_prepare_also_closes_a_leavers_folder(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "inst12")
    team = deps.teams[0]
    assert install(deps, NOW).ok
    _report, links, _calls = prepare(deps)
    leaver = team.reps[5]
    gone = replace(leaver, left_on=NOW.date() - timedelta(days=1))
    after = replace(deps, teams=(replace(team, reps=(*team.reps[:5], gone, *team.reps[6:])),))
    report = run_named("prepare", after, NOW)
    (team_report,) = report.teams
    assert team_report.error is None and team_report.counts.get("access_removed") == 1
    with pytest.raises(NotFoundError):
        read_doc(deps.gateway, leaver.email, links[leaver.email].file_id)
