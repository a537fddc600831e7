"""A rep who moves to another manager's team: their first doc there carries over their own
commitments from their last doc in the old team (not the old manager's), their docs follow
them (the new ones are the new manager's, the old ones stay with the old manager), and they
can open every doc of theirs."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from service.demo.rep_edits import fill_requests
from service.domain.doc_parser import parse_document
from service.domain.model import Person
from service.errors import NotFoundError
from service.google.drive import read_doc
from service.jobs.install.job import install
from tests.integration.docs_builders import NOW, WEEK, make_deps, prepare, rep_email
from workspace_emulator.core.server import Emulator


def test_a_moved_rep_keeps_their_commitments_and_their_docs(
    emulator: Emulator, tmp_path: Path
) -> None:
    base = make_deps(emulator, tmp_path, "move1")
    avery, blake, gw = rep_email("avery", "move1"), rep_email("blake", "move1"), base.gateway
    everyone = base.teams[0]
    old_team = replace(everyone, reps=tuple(r for r in everyone.reps if r.email != blake))
    new_team = replace(
        everyone, id="move1-new", name="New Team",
        reps=tuple(r for r in everyone.reps if r.email == blake),
        manager=Person("Riley Rivera", "riley.move1@example.com", everyone.timezone),
    )  # fmt: skip
    earlier, before = WEEK.previous(), NOW - timedelta(days=7)
    deps = replace(base, teams=(old_team, new_team))
    assert install(deps, before).ok
    _report, old_links, _calls = prepare(deps, earlier, before)
    prepare(replace(deps, teams=(new_team, old_team)), earlier, before)  # the team has run
    doc = read_doc(gw, avery, old_links[avery].file_id)
    answers = {"Rep:": "book 5 demos", "Manager:": "join the Acme call", "wins": "Closed Acme"}
    gw.execute(
        gw.client("docs", avery)
        .documents()
        .batchUpdate(documentId=doc["documentId"], body={"requests": fill_requests(doc, answers)}),
        avery,
        "edit",
    )
    # The rep moves: the configuration now lists them in the other manager's team.
    rep = next(r for r in old_team.reps if r.email == avery)
    new_team = replace(new_team, reps=(*new_team.reps, rep))
    stayed = replace(old_team, reps=tuple(r for r in old_team.reps if r.email != avery))
    moved = replace(deps, teams=(new_team, stayed))
    report, links, _calls = prepare(moved)
    assert report.counts["docs_created"] == 2
    parsed = parse_document(read_doc(gw, avery, links[avery].file_id))
    assert [c.text for c in parsed.commitments] == ["Rep: book 5 demos"]
    new_manager, old_manager = new_team.manager.email, old_team.manager.email
    assert read_doc(gw, new_manager, links[avery].file_id)
    with pytest.raises(NotFoundError):
        read_doc(gw, old_manager, links[avery].file_id)
    with pytest.raises(NotFoundError):
        read_doc(gw, new_manager, old_links[avery].file_id)
    assert read_doc(gw, old_manager, old_links[avery].file_id)
    assert read_doc(gw, avery, old_links[avery].file_id)  # nothing of theirs is lost
