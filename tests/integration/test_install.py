"""``install`` on the emulator through the real Google clients: folders and templates made
once, found again (a second run creates nothing), shared exactly, a customer's template
checked for its headings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.domain.doc_parser import parse_document
from service.errors import ConfigError, NotFoundError
from service.google import tags
from service.google.drive import find_files
from service.jobs.install import ORG, install
from service.jobs.install_templates import DOC_TEMPLATES, find_templates
from tests.integration.docs_builders import make_deps, rep_email
from workspace_emulator.server import Emulator

NOW = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)


def created(report: object) -> int:
    teams = getattr(report, "teams", [])
    return sum(v for t in teams for k, v in t.counts.items() if "created" in k or "installed" in k)


def test_install_twice_creates_nothing_the_second_time(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "inst1")
    first = install(deps, NOW)
    assert first.ok, [t.error for t in first.teams]
    org = next(t for t in first.teams if t.team == ORG)
    assert org.counts["templates_installed"] == 3
    team = next(t for t in first.teams if t.team != ORG)
    assert team.counts["folders_created"] == 11  # the team folder and ten rep folders

    second = install(deps, NOW)
    assert second.ok
    assert created(second) == 0
    assert not any(t.actions for t in second.teams)
    writes = {k: v for k, v in second.api_calls.items() if not k.endswith((".list", ".get"))}
    assert writes == {}
    assert second.total_calls <= 3  # root, templates and the team's folders: one list each


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
    mine = find_files(gw, avery, query, fields="id,appProperties")
    assert [f["appProperties"][tags.REP] for f in mine] == [avery]
    blakes = next(f for f in folders if f["appProperties"][tags.REP] == blake)
    with pytest.raises(NotFoundError):
        gw.execute(gw.client("drive", avery).files().get(fileId=blakes["id"]), avery, "folder")
    # The director (privacy.share_docs_with_director is off) and the admin see no rep folder.
    assert find_files(gw, team.director.email, query) == []  # type: ignore[union-attr]
    assert find_files(gw, deps.config.admin_user, query) == []


def test_managers_can_read_every_template_and_it_parses_empty(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "inst3")
    assert install(deps, NOW).ok
    manager = deps.teams[0].manager.email
    templates = find_templates(deps, manager)
    assert set(templates) == set(DOC_TEMPLATES)
    docs = deps.gateway.client("docs", manager).documents()
    doc = deps.gateway.execute(docs.get(documentId=templates["ae"].file_id), manager, "ae")
    parsed = parse_document(doc)
    assert not any(section.text for section in parsed.sections.values())
    assert parsed.complete is False and parsed.warnings == ()


def test_a_customer_template_lacking_headings_is_refused_by_name(
    emulator: Emulator, tmp_path: Path
) -> None:
    admin = "admin.inst4@example.com"
    docs = make_deps(emulator, tmp_path / "probe", "inst4").gateway.client("docs", admin)
    own = docs.documents().create(body={"title": "Our 1:1 doc"}).execute()
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
    docs.documents().batchUpdate(
        documentId=own["documentId"], body={"requests": requests}
    ).execute()
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
