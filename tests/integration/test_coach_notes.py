"""A manager's private coach notes on the emulator: one doc per rep that the rep cannot
open, a dated section added at the top each week (never twice), one Docs write per rep and
week after the first, and a link on the manager's tracker."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from service.demo.rep_edits import fill_requests
from service.errors import NotFoundError
from service.google import tags
from service.google.drive import find_files, read_doc
from service.jobs.collect.job import collect_team
from service.jobs.install.job import install
from service.jobs.prepare.coach_notes import section_name
from service.templates.prefill import body_content
from tests.integration.docs_builders import (
    NOW,
    WEEK,
    make_deps,
    person_view,
    prepare,
    rep_email,
    trash_ledger,
)
from workspace_emulator.core.server import Emulator


def notes_docs(deps: Any, manager: str) -> dict[str, str]:
    query = tags.drive_query(kind=tags.KIND_COACH_NOTES)
    files = find_files(deps.gateway, manager, query, fields="id,appProperties")
    return {f["appProperties"][tags.REP]: f["id"] for f in files}


def text_of(doc: dict[str, Any]) -> str:
    return "".join(
        run.get("textRun", {}).get("content", "")
        for element in body_content(doc)
        for run in element.get("paragraph", {}).get("elements", [])
    )


def named_ranges(deps: Any, user: str, doc_id: str) -> set[str]:
    docs = deps.gateway.client("docs", user).documents()
    return set(deps.gateway.execute(docs.get(documentId=doc_id), user, "notes")["namedRanges"])


def calls_by_method(deps: Any, run: Any) -> dict[str, int]:
    before = deps.gateway.counter.snapshot()
    run()
    after = deps.gateway.counter.snapshot()
    return {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}


def test_two_weeks_of_notes_private_to_the_manager(emulator: Emulator, tmp_path: Path) -> None:
    tag = "coach1"
    deps = make_deps(emulator, tmp_path, tag)
    assert install(deps, NOW).ok
    team, gw = deps.teams[0], deps.gateway
    manager, avery = team.manager.email, rep_email("avery", tag)
    earlier = WEEK.previous()
    first, links, _ = prepare(deps, earlier, NOW - timedelta(days=7))
    assert first.counts["coach_notes_written"] == 10 and first.counts["coach_docs_created"] == 10
    doc = read_doc(gw, avery, links[avery].file_id)
    body = {"requests": fill_requests(doc, {"Rep:": "book 5 demos", "wins": "Closed Acme"})}
    docs_api = gw.client("docs", avery).documents()
    gw.execute(docs_api.batchUpdate(documentId=doc["documentId"], body=body), avery, "edit")

    counted: list[Any] = []
    calls = calls_by_method(deps, lambda: counted.extend(prepare(deps)))
    second = counted[0]
    assert second.counts["coach_notes_written"] == 10 and "coach_docs_created" not in second.counts
    # The second week costs one Docs write per rep for the notes: 10 prefills + 10 notes,
    # and no Drive call of its own (the folders, listed anyway, name each notes doc).
    assert calls["docs.documents.batchUpdate"] == 20, calls

    notes = notes_docs(deps, manager)
    assert set(notes) == {r.email for r in team.reps}
    written = read_doc(gw, manager, notes[avery])
    text = text_of(written)
    assert text.index(f"Week of {WEEK.label}") < text.index(f"Week of {earlier.label}")
    assert "Rep: book 5 demos" in text and "1:1: " in text
    assert named_ranges(deps, manager, notes[avery]) == {section_name(WEEK), section_name(earlier)}
    # Private: the rep cannot open it, in Drive or the Docs API; nor can another rep, the
    # director (share_docs_with_director is off) or the admin.
    eyes = person_view(emulator)
    for person in (avery, rep_email("blake", tag), team.director.email, deps.config.admin_user):  # type: ignore[union-attr]
        with pytest.raises(NotFoundError):
            read_doc(gw, person, notes[avery])
        with pytest.raises(NotFoundError):
            eyes.execute(
                eyes.client("drive", person).files().get(fileId=notes[avery]), person, "notes"
            )

    again, _links, _calls = prepare(deps)
    assert "coach_notes_written" not in again.counts
    assert named_ranges(deps, manager, notes[avery]) == {section_name(WEEK), section_name(earlier)}


def test_a_crash_after_the_notes_write_does_not_write_them_twice(
    emulator: Emulator, tmp_path: Path
) -> None:
    tag = "coach2"
    deps = make_deps(emulator, tmp_path, tag)
    assert install(deps, NOW).ok
    _report, _links, _calls = prepare(deps)
    gw, manager = deps.gateway, deps.teams[0].manager.email
    avery = rep_email("avery", tag)
    # As if the run died after the notes write, before the read ledger recorded it.
    trash_ledger(deps)
    again, _links, _calls = prepare(deps)
    assert "coach_notes_written" not in again.counts
    notes = read_doc(gw, manager, notes_docs(deps, manager)[avery])
    assert text_of(notes).count(f"Week of {WEEK.label}") == 1


def test_the_tracker_links_the_notes_for_the_manager(emulator: Emulator, tmp_path: Path) -> None:
    tag = "coach3"
    deps = make_deps(emulator, tmp_path, tag)
    assert install(deps, NOW).ok
    prepare(deps)
    team = deps.teams[0]
    report = collect_team(deps, team, NOW + timedelta(days=1, hours=3))
    assert report.error is None
    notes = notes_docs(deps, team.manager.email)
    sheets = deps.gateway.client("sheets", team.manager.email).spreadsheets()
    (tracker,) = find_files(
        deps.gateway, team.manager.email, tags.drive_query(kind=tags.KIND_TRACKER), fields="id"
    )
    grid = deps.gateway.execute(
        sheets.values().get(
            spreadsheetId=tracker["id"], range="'This Week'", valueRenderOption="FORMULA"
        ),
        team.manager.email,
        "tracker",
    )
    header, *rows = grid["values"]
    column = header.index("Coach notes")
    links = [row[column] for row in rows if len(row) > column]
    assert len(links) == 10
    assert all("Private notes" in link for link in links)
    assert {next(i for i in notes.values() if i in link) for link in links} == set(notes.values())


def test_notes_can_be_switched_off(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "coach4", program={"coach_notes": False})
    assert install(deps, NOW).ok
    report, _links, _calls = prepare(deps)
    assert "coach_notes_written" not in report.counts
    assert notes_docs(deps, deps.teams[0].manager.email) == {}
