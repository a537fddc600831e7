"""The docs half of ``prepare`` on the emulator: one doc per due rep, prefilled once, private
to the rep and the manager, found again by a re-run (and after a crash), with last week's
commitments carried over and the metrics table read back by the parser."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from service.demo.rep_edits import fill_requests
from service.domain.doc_parser import parse_document
from service.domain.model import Meeting
from service.errors import NotFoundError, PermissionDeniedError
from service.google import tags
from service.google.calendar import event_interval, our_events, video_link
from service.google.drive import read_doc, week_docs
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import week_bounds
from service.jobs.install.job import install
from service.jobs.install.templates import find_templates
from service.jobs.prepare.doc_content import meeting_time
from service.jobs.prepare.docs import PREFILLED, doc_title, prepare_docs
from service.jobs.registry import run_named
from tests.integration.docs_builders import (
    NOW,
    WEEK,
    make_deps,
    meetings,
    person_view,
    prepare,
    rep_email,
    trash_ledger,
)
from workspace_emulator.core.server import Emulator


@pytest.fixture(scope="module")
def prepared(
    emulator: Emulator, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Deps, TeamReport, dict[str, Any], int]:
    deps = make_deps(emulator, tmp_path_factory.mktemp("config"), "prep1")
    assert install(deps, NOW).ok
    report, links, calls = prepare(deps)
    return deps, report, links, calls


def test_one_doc_per_rep_then_a_rerun_makes_none(
    prepared: tuple[Deps, TeamReport, dict[str, Any], int],
) -> None:
    deps, report, links, calls = prepared
    team = deps.teams[0]
    assert report.counts["docs_created"] == 10 and report.counts["docs_prefilled"] == 10
    assert len(links) == 10
    # The budget for a team of 10 (3 per rep: copy, last doc, prefill; nothing marks
    # a doc prefilled but the team's read ledger, + 10 per team), plus the coach notes' first
    # week: make each doc, name it in the rep's folder, write the section (3 per rep), find
    # and make the folder (2 per team). Later weeks: one write per rep.
    assert calls <= 3 * 10 + 10 + 3 * 10 + 2, calls
    avery = team.reps[0]
    assert links[avery.email].title == doc_title(avery, WEEK)
    again, links_again, calls_again = prepare(deps)
    assert again.counts == {"docs_kept": 10}
    assert links_again == links
    assert calls_again == 2  # one files.list, the read ledger
    assert len(week_docs(deps.gateway, team.manager.email, team.id, WEEK.label)) == 10


def test_a_rep_sees_their_own_doc_only(
    prepared: tuple[Deps, TeamReport, dict[str, Any], int], emulator: Emulator
) -> None:
    deps, _report, links, _calls = prepared
    gw, team = deps.gateway, deps.teams[0]
    avery, blake = rep_email("avery", "prep1"), rep_email("blake", "prep1")
    eyes = person_view(emulator)  # the rep in the Drive UI, not the service's drive.file app
    drive = eyes.client("drive", avery)
    own = eyes.execute(
        drive.files().get(fileId=links[avery].file_id, fields="id,capabilities"), avery, "own"
    )
    assert own["capabilities"]["canEdit"] is True
    assert own["capabilities"]["canShare"] is False  # only the manager, the owner, shares it
    on = {"type": "user", "role": "reader", "emailAddress": blake}
    share_on = drive.permissions().create(fileId=links[avery].file_id, body=on)
    with pytest.raises(PermissionDeniedError):  # Google's 403 insufficientFilePermissions
        eyes.execute(share_on, avery, "a rep shares her doc on")
    with pytest.raises(NotFoundError):
        eyes.execute(drive.files().get(fileId=links[blake].file_id), avery, "other")
    with pytest.raises(NotFoundError):  # and the service, acting as the rep, reaches nothing
        gw.execute(gw.client("drive", avery).files().get(fileId=links[avery].file_id), avery, "")
    with pytest.raises(NotFoundError):
        read_doc(gw, blake, links[avery].file_id)
    assert team.director is not None
    with pytest.raises(NotFoundError):
        read_doc(gw, team.director.email, links[avery].file_id)
    with pytest.raises(NotFoundError):
        read_doc(gw, deps.config.admin_user, links[avery].file_id)
    file = gw.execute(
        gw.client("drive", team.manager.email)
        .files()
        .get(fileId=links[avery].file_id, fields="owners,permissions,appProperties"),
        team.manager.email,
        "doc",
    )
    assert file["owners"][0]["emailAddress"] == team.manager.email
    assert PREFILLED not in file["appProperties"]  # done: as the read ledger records it
    assert file["appProperties"]["meeting"]  # the 1:1 time the doc shows, set by the copy
    assert {p["emailAddress"] for p in file["permissions"]} == {
        team.manager.email
    }  # the rep inherits


def test_the_prepared_doc_parses_empty_with_metrics(
    prepared: tuple[Deps, TeamReport, dict[str, Any], int],
) -> None:
    deps, _report, links, _calls = prepared
    avery = rep_email("avery", "prep1")
    doc = read_doc(deps.gateway, avery, links[avery].file_id)
    parsed = parse_document(doc)
    filled = {k for k, s in parsed.sections.items() if s.text}
    assert filled == {"key_metrics"}
    assert parsed.warnings == () and parsed.complete is False
    rows = parsed.sections["key_metrics"].items
    assert rows[0] == "Metric | Goal | Actual | Pace to goal"
    assert rows[1].startswith("Pipeline created | $120,000 | $60,000 | ")
    text = str(doc)
    assert "{{" not in text and "Avery Rep" in text and "week of 2026-10-19" in text


def test_a_rep_without_metrics_gets_a_warning_and_an_empty_table(
    prepared: tuple[Deps, TeamReport, dict[str, Any], int],
) -> None:
    deps, report, links, _calls = prepared
    jordan = rep_email("jordan", "prep1")
    assert any(jordan in w and "no metrics" in w for w in report.warnings)
    parsed = parse_document(read_doc(deps.gateway, jordan, links[jordan].file_id))
    rows = parsed.sections["key_metrics"].items[1:]
    assert [row.split("|")[0].strip() for row in rows] == [
        "Pipeline created",
        "Meetings booked",
        "Closed won",
    ]
    assert all(cell.strip() == "" for row in rows for cell in row.split("|")[1:])
    assert "not scheduled yet" in str(read_doc(deps.gateway, jordan, links[jordan].file_id))


def test_last_weeks_commitments_are_carried_over(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "prep2")
    assert install(deps, NOW).ok
    earlier = WEEK.previous()
    _report, links, _calls = prepare(deps, earlier, NOW - timedelta(days=7))
    avery = rep_email("avery", "prep2")
    gw = deps.gateway
    doc = read_doc(gw, avery, links[avery].file_id)
    answers = {"Rep:": "book 5 demos", "Manager:": "join the Acme call", "wins": "Closed Acme"}
    body = {"requests": fill_requests(doc, answers)}
    gw.execute(
        gw.client("docs", avery).documents().batchUpdate(documentId=doc["documentId"], body=body),
        avery,
        "edit",
    )

    report, links, _calls = prepare(deps)
    parsed = parse_document(read_doc(gw, avery, links[avery].file_id))
    assert [c.text for c in parsed.commitments] == [
        "Rep: book 5 demos",
        "Manager: join the Acme call",
    ]
    assert {k for k, s in parsed.sections.items() if s.text} == {"key_metrics", "commitments"}
    assert links[avery].url and report.counts["docs_created"] == 10


def test_a_crash_after_the_copy_or_the_prefill_converges(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "prep3")
    assert install(deps, NOW).ok
    team = deps.teams[0]
    gw, manager = deps.gateway, team.manager.email
    _report, links, _calls = prepare(deps)
    avery, blake = rep_email("avery", "prep3"), rep_email("blake", "prep3")
    # Crash 1: every prefill ran but the read ledger was never saved.
    drive = gw.client("drive", manager)
    trash_ledger(deps)
    # Crash 2: Avery's doc was copied (tagged) but never prefilled.
    gw.execute(drive.files().delete(fileId=links[avery].file_id), manager, "delete")
    template = find_templates(deps, deps.teams[0])["ae"]
    folder = next(iter(_folders(deps, avery)))
    app = tags.tags(kind=tags.KIND_REP_DOC, team=team.id, rep=avery, week=WEEK.label)
    copy = gw.execute(
        drive.files().copy(
            fileId=template.file_id, body={"name": "x", "parents": [folder], "appProperties": app}
        ),
        manager,
        "copy",
    )
    again, links, _calls = prepare(deps)
    assert again.counts.get("docs_created", 0) == 0
    assert again.counts["docs_prefilled"] == 1  # Avery's; the others were only recorded
    assert links[avery].file_id == copy["id"]
    for rep in (avery, blake):
        parsed = parse_document(read_doc(gw, rep, links[rep].file_id))
        assert len(parsed.sections["key_metrics"].items) == 4, rep  # one table, not two
    assert len(week_docs(gw, manager, team.id, WEEK.label)) == 10


def _folders(deps: Deps, rep: str) -> list[str]:
    from service.google.drive import find_files

    query = tags.drive_query(kind=tags.KIND_REP_FOLDER, rep=rep)
    return [
        f["id"] for f in find_files(deps.gateway, deps.teams[0].manager.email, query, fields="id")
    ]


def test_dry_run_creates_nothing(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "prep4")
    assert install(deps, NOW).ok
    dry = replace(deps, dry_run=True)
    report, links, _calls = prepare(dry)
    assert links == {}
    assert sum("would create '1:1 Self-Management" in a for a in report.actions) == 10
    assert sum("would prefill" in a for a in report.actions) == 10
    team = deps.teams[0]
    assert week_docs(deps.gateway, team.manager.email, team.id, WEEK.label) == {}


def test_a_duplicate_doc_from_a_retried_copy_is_trashed(emulator: Emulator, tmp_path: Path) -> None:
    """A copy whose reply was lost and that was retried leaves two tagged docs: the one the rep
    wrote in wins (else the oldest), the untouched other is trashed, once."""
    deps = make_deps(emulator, tmp_path, "prepdup")
    assert install(deps, NOW).ok
    _report, links, _calls = prepare(deps)
    gw, team = deps.gateway, deps.teams[0]
    manager = team.manager.email
    drive = gw.client("drive", manager)
    avery, blake = team.reps[0].email, team.reps[1].email
    copies = {}
    for rep in (avery, blake):
        original = links[rep]
        meta = gw.execute(
            drive.files().get(fileId=original.file_id, fields="appProperties,parents"), manager, ""
        )
        body = {"name": original.title, **meta}
        copies[rep] = gw.execute(
            drive.files().copy(fileId=original.file_id, body=body), manager, ""
        )
    edit = {"requests": [{"insertText": {"location": {"index": 1}, "text": "Blake was here. "}}]}
    docs = gw.client("docs", blake).documents()
    gw.execute(docs.batchUpdate(documentId=copies[blake]["id"], body=edit), blake, "rep edit")

    report, after, _calls = prepare(deps)
    assert report.counts["duplicates_trashed"] == 2
    assert after[avery].file_id == links[avery].file_id  # neither touched: the oldest
    assert after[blake].file_id == copies[blake]["id"]  # the one Blake wrote in
    left = week_docs(gw, manager, team.id, WEEK.label)
    assert len(left) == 10
    again, _links, _calls = prepare(deps)
    assert "duplicates_trashed" not in again.counts


def test_a_moved_or_late_booked_1on1_gets_its_new_time_in_the_doc(
    emulator: Emulator, tmp_path: Path
) -> None:
    """The doc shows the 1:1 time inside a named range; a later prepare rewrites only that,
    for only the docs whose 1:1 changed (nothing is read when nothing moved)."""
    deps = make_deps(emulator, tmp_path, "prepmove")
    assert install(deps, NOW).ok
    team = deps.teams[0]
    booked = meetings(deps, WEEK)  # the last rep is not booked yet
    report = TeamReport(job="prepare", team=team.id)
    links = prepare_docs(deps, team, WEEK, booked, NOW, report)
    avery, last = team.reps[0], team.reps[-1]
    gw, manager = deps.gateway, team.manager.email

    def text_of(rep_email: str) -> str:
        doc = read_doc(gw, manager, links[rep_email].file_id)
        return json.dumps(doc)

    assert "not scheduled" in text_of(last.email).lower() or last.email not in booked
    moved = dict(booked)
    new_start = booked[avery.email].start + timedelta(days=1, hours=1)
    moved[avery.email] = replace(
        booked[avery.email], start=new_start, end=new_start + timedelta(minutes=45)
    )
    late = booked[team.reps[1].email].start + timedelta(days=2)
    moved[last.email] = Meeting(last.email, late, late + timedelta(minutes=45))
    again = TeamReport(job="prepare", team=team.id)
    before = gw.counter.total
    prepare_docs(deps, team, WEEK, moved, NOW, again)
    assert again.counts["meeting_times_updated"] == 2
    # the list, the ledger; per moved doc a read and a write; the two tags (a batch of two)
    assert gw.counter.total - before == 2 + 2 * 2 + 2
    assert meeting_time(moved[avery.email], avery.timezone) in text_of(avery.email)
    assert meeting_time(booked[avery.email], avery.timezone) not in text_of(avery.email)
    assert meeting_time(moved[last.email], last.timezone) in text_of(last.email)
    quiet = TeamReport(job="prepare", team=team.id)
    before = gw.counter.total
    prepare_docs(deps, team, WEEK, moved, NOW, quiet)
    assert "meeting_times_updated" not in quiet.counts
    assert gw.counter.total - before == 2  # the list, the read ledger


def links_in(doc: dict[str, Any], *, text: bool = False) -> dict[str, str]:
    """Linked text -> its address, of every run in the doc's body that is a link (``text``:
    every run, linked or not, in order)."""
    out = {}
    bodies = [t["documentTab"]["body"] for t in doc.get("tabs", [])] or [doc["body"]]
    for element in (e for body in bodies for e in body["content"]):
        for run in element.get("paragraph", {}).get("elements", []):
            content = run.get("textRun", {}).get("content", "")
            url = run.get("textRun", {}).get("textStyle", {}).get("link", {}).get("url")
            if url or (text and content):
                out[content] = url or ""
    return out


def test_remind_puts_a_1on1_moved_after_thursday_in_the_doc(
    emulator: Emulator, tmp_path: Path
) -> None:
    deps = make_deps(emulator, tmp_path, "prepremind")
    assert install(deps, NOW).ok
    assert run_named("prepare", deps, NOW).ok
    team, gw = deps.teams[0], deps.gateway
    manager, avery = team.manager.email, team.reps[0]
    start, end = week_bounds(WEEK, team.timezone)
    (event,) = our_events(
        gw, manager, "primary", start, end, kind=tags.KIND_ONE_ON_ONE, rep=avery.email
    )
    doc_id = week_docs(gw, manager, team.id, WEEK.label)[avery.email]["id"]
    prefilled = read_doc(gw, manager, doc_id)
    assert links_in(prefilled).get(video_link(event)) == video_link(event)  # clickable in the doc
    new_start = event_interval(event).start + timedelta(days=1)
    body = {
        "start": {"dateTime": new_start.isoformat()},
        "end": {"dateTime": (new_start + timedelta(minutes=45)).isoformat()},
    }
    calendar = gw.client("calendar", manager).events()
    gw.execute(calendar.patch(calendarId="primary", eventId=event["id"], body=body), manager, "")
    friday_noon = NOW + timedelta(days=1, hours=3)
    report = run_named("remind", deps, friday_noon)
    (team_report,) = report.teams
    assert team_report.counts.get("meeting_times_updated") == 1, team_report
    doc = week_docs(gw, manager, team.id, WEEK.label)[avery.email]
    video = video_link(event)
    assert video.startswith("https://meet.google.com/")
    moved = Meeting(avery.email, new_start, new_start + timedelta(minutes=45), video)
    written = read_doc(gw, manager, doc["id"])
    assert meeting_time(moved, avery.timezone) in "".join(links_in(written, text=True))
    assert links_in(written).get(video) == video  # the Meet address is still a working link
    again = run_named("remind", deps, friday_noon)
    assert "meeting_times_updated" not in again.teams[0].counts
