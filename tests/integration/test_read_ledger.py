"""The read ledger (``service.jobs.collect.ledger``): ``remind`` and ``collect`` read a doc
again only when it changed, and what they write stays what a run reading every doc writes.

One team of four (three due this week) through a week on the emulator (its clock set to each
step): prepare, a rep writes before the reminder, remind (twice), another rep writes, Friday's
collect, a third rep writes on Saturday while the manager comments on a doc nobody edited,
Monday's collect. Each
collect is then run again with the ledger trashed, so every doc is read: it must change no
cell of the tracker. Calls are counted by method through the gateway's counter.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bootstrap import build_deps, build_gateway
from service.demo.personas import answers_for
from service.demo.rep_edits import fill_requests
from service.demo.runner import demo_config
from service.demo.timeline import moment
from service.domain.doc_parser import parse_document
from service.domain.event_ids import event_id
from service.domain.sections import SECTION_TITLES
from service.domain.tracker_layout import COMMENTS, THIS_WEEK
from service.domain.week import Week
from service.google import tags
from service.google.drive import find_files, read_doc, week_docs
from service.jobs.base import Deps, JobReport
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import load_config
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
WEEK = Week.parse("2027-03-01")
ZONE = "America/New_York"


class World:
    """The emulator, the service's deps, and the calls each step made."""

    def __init__(self, root: Path) -> None:
        config_dir = root / "config"
        shutil.copytree(ROOT / "config" / "example", config_dir)
        org = yaml.safe_load((config_dir / "org.yaml").read_text())
        org["teams"] = org["teams"][:1]
        org["teams"][0]["reps"] = org["teams"][0]["reps"][:4]
        (config_dir / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
        self.emulator = Emulator(root / "state", port=0)
        self.emulator.start()
        config = demo_config(
            load_config(config_dir),
            self.emulator.base_url,
            self.emulator.service_account_file,
            config_dir,
        )
        self.deps: Deps = build_deps(config, gateway=build_gateway(config))
        self.team = self.deps.teams[0]
        self.calls: dict[str, Counter[str]] = {}
        self.reports: dict[str, JobReport] = {}

    def at(self, spec: str) -> Any:
        now = moment(WEEK, spec, ZONE)
        self.emulator.store.set_now(now)
        return now

    def run(self, label: str, job: str, spec: str) -> JobReport:
        now = self.at(spec)
        before = Counter(self.deps.gateway.counter.snapshot())
        report = install(self.deps, now) if job == "install" else run_named(job, self.deps, now)
        assert report.ok, [t.error for t in report.teams]
        self.calls[label] = Counter(self.deps.gateway.counter.snapshot()) - before
        self.reports[label] = report
        return report

    def rep_writes(self, index: int, spec: str) -> None:
        self.at(spec)
        gw, rep = self.deps.gateway, self.team.reps[index]
        doc_id = week_docs(gw, self.team.manager.email, self.team.id, WEEK.label)[rep.email]["id"]
        doc = read_doc(gw, rep.email, doc_id)
        body = {"requests": fill_requests(doc, answers_for(index, rep.name.split()[0]))}
        docs = gw.client("docs", rep.email).documents()
        gw.execute(docs.batchUpdate(documentId=doc_id, body=body), rep.email, "rep edit")

    def manager_comments(self, index: int, spec: str) -> None:
        self.at(spec)
        gw, manager = self.deps.gateway, self.team.manager.email
        doc_id = week_docs(gw, manager, self.team.id, WEEK.label)[self.team.reps[index].email]["id"]
        request = (
            gw.client("drive", manager)
            .comments()
            .create(fileId=doc_id, body={"content": "Let's talk pipeline"}, fields="id")
        )
        gw.execute(request, manager, "manager comment")

    def nudge_and_missing(self, index: int) -> tuple[str, list[str]]:
        """The rep's nudge text, and the section titles reading their doc finds missing."""
        gw, rep = self.deps.gateway, self.team.reps[index]
        doc_id = week_docs(gw, self.team.manager.email, self.team.id, WEEK.label)[rep.email]["id"]
        parsed = parse_document(read_doc(gw, self.team.manager.email, doc_id))
        nudge = event_id(tags.KIND_REMINDER, self.team.id, rep.email, WEEK)
        request = gw.client("calendar", rep.email).events().get(calendarId="primary", eventId=nudge)
        event = gw.execute(request, rep.email, "nudge")
        return event["description"], [SECTION_TITLES.get(k, k) for k in parsed.missing]

    def trash_ledger(self) -> None:
        gw, manager = self.deps.gateway, self.team.manager.email
        query = tags.drive_query(kind=tags.KIND_READ_LEDGER, team=self.team.id)
        for file in find_files(gw, manager, query, fields="id"):
            request = (
                gw.client("drive", manager)
                .files()
                .update(fileId=file["id"], body={"trashed": True}, fields="id")
            )
            gw.execute(request, manager, "ledger")

    def comments_column(self) -> dict[str, Any]:
        values = self.deps.gateway.gspread(self.team.manager.email)
        sheet = find_files(
            self.deps.gateway,
            self.team.manager.email,
            tags.drive_query(kind=tags.KIND_TRACKER, team=self.team.id),
            fields="id",
        )[0]
        rows = values.open_by_key(sheet["id"]).worksheet(THIS_WEEK.title).get_all_values()
        email, comments = rows[0].index("Email"), rows[0].index(COMMENTS)
        return {row[email]: row[comments] for row in rows[1:]}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = World(tmp_path_factory.mktemp("ledger"))
    try:
        w.run("install", "install", "THU 08:30")
        w.run("prepare", "prepare", "THU 09:00")
        w.rep_writes(0, "FRI 11:00")
        w.run("remind", "remind", "FRI 12:00")
        w.run("remind again", "remind", "FRI 12:05")
        w.untouched = w.nudge_and_missing(1)  # type: ignore[attr-defined]
        w.rep_writes(1, "FRI 14:00")
        w.run("collect Fri", "collect", "FRI 16:00")
        w.trash_ledger()
        w.run("collect Fri, every doc read", "collect", "FRI 16:00")
        w.rep_writes(2, "SAT 10:00")
        w.manager_comments(0, "SAT 11:00")
        w.run("collect Mon", "collect", "MON 07:00")
        w.comments = w.comments_column()  # type: ignore[attr-defined]
        w.trash_ledger()
        w.run("collect Mon, every doc read", "collect", "MON 07:00")
        yield w
    finally:
        w.emulator.stop()


def test_remind_reads_only_the_doc_touched_since_prepare_and_a_rerun_nothing(
    world: World,
) -> None:
    assert len(world.team.reps_due(WEEK)) == 3
    assert world.calls["remind"]["docs.documents.get"] == 1  # the two others are untouched
    again = world.calls["remind again"]
    assert again["docs.documents.get"] == 0
    assert again["calendar.events.get"] == 0 and again["calendar.events.insert"] == 0
    assert sum(again.values()) <= 3  # the doc listing, the ledger, the 1:1 times
    assert world.reports["remind again"].teams[0].counts["already_reminded"] == 2


def test_an_untouched_doc_is_nudged_with_what_reading_it_finds_missing(world: World) -> None:
    text, missing = world.untouched  # type: ignore[attr-defined]
    assert len(missing) >= 3
    assert f"Still to fill in: {', '.join(missing)}." in text


def test_fridays_collect_reads_only_the_docs_not_read_as_they_are(world: World) -> None:
    calls = world.calls["collect Fri"]
    assert calls["docs.documents.get"] == 2  # written since remind; untouched, never read
    assert calls["drive.revisions.list"] == 0  # the untouched one: the ledger knows
    assert calls["drive.comments.list"] == 3  # comments leave modifiedTime alone: all read
    assert world.calls["collect Fri, every doc read"]["docs.documents.get"] == 3


def test_mondays_recollect_reads_only_the_doc_edited_since_friday(world: World) -> None:
    calls = world.calls["collect Mon"]
    assert calls["docs.documents.get"] == 1
    assert calls["drive.revisions.list"] == 0  # the rep edited last, or the ledger knows
    assert calls["drive.comments.list"] == 3


def test_reading_every_doc_again_changes_no_cell(world: World) -> None:
    for label in ("collect Fri, every doc read", "collect Mon, every doc read"):
        report = world.reports[label].teams[0]
        assert report.counts.get("cells_written", 0) == 0, label


def test_a_comment_on_an_unchanged_doc_reaches_mondays_tracker(world: World) -> None:
    first = world.team.reps[0].email
    assert str(world.comments[first]) == "1"  # type: ignore[attr-defined]
