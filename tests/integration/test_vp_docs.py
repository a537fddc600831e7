"""A VP level on the emulator, configured as README says: the VP leads a team whose rep is the
director (``role: director``), and the director's team of managers reports to the VP. The
director's doc is the VP template with the figures of the teams reporting to them side by
side, private to the VP and the director, and what the director writes reaches the VP's
roll-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from service.demo.rep_edits import fill_requests
from service.errors import NotFoundError
from service.google import tags
from service.google.drive import find_files, read_doc, week_docs
from service.jobs.base import Deps
from service.jobs.registry import run_named
from service.templates import load_doc_template
from tests.integration.docs_builders import person_view
from tests.integration.leader_builders import doc_tables, leader_deps, people
from tests.integration.test_leader_docs import COLLECT2, PREPARE2, W1, W2, week_one
from workspace_emulator.core.server import Emulator


def vp_team(deps: Deps) -> Any:
    return next(t for t in deps.teams if t.id.startswith("vp-"))


@pytest.fixture(scope="module")
def org(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> tuple[Deps, str]:
    tag = "vp1"
    deps = leader_deps(emulator, tmp_path_factory.mktemp("vp"), tag, vp=True)
    week_one(deps, tag)
    assert run_named("prepare", deps, PREPARE2).ok
    return deps, tag


def test_the_directors_doc_shows_the_teams_reporting_to_them(
    emulator: Emulator, org: tuple[Deps, str]
) -> None:
    deps, tag = org
    p = people(tag)
    docs = week_docs(deps.gateway, p["val"], vp_team(deps).id, W2.label)
    assert set(docs) == {p["dana"]}
    doc = read_doc(deps.gateway, p["val"], docs[p["dana"]]["id"])
    (figures,) = doc_tables(doc)
    assert figures[0] == [f"Week of {W1.label}", "Team A", "Team B", "Goal"]
    rows = {row[0]: row[1:] for row in figures[1:]}
    assert rows["Reps due"] == ["5", "4", ""]
    assert rows["Submission rate"][:2] == ["60%", "50%"]
    eyes = person_view(emulator)
    doc_id = docs[p["dana"]]["id"]
    for person in (p["morgan"], p["a"][0]):
        with pytest.raises(NotFoundError):
            eyes.execute(eyes.client("drive", person).files().get(fileId=doc_id), person, "doc")


def test_what_the_director_writes_reaches_the_vps_rollup(org: tuple[Deps, str]) -> None:
    deps, tag = org
    p = people(tag)
    docs = week_docs(deps.gateway, p["val"], vp_team(deps).id, W2.label)
    hints = {}
    heading = ""
    for block in load_doc_template("vp").blocks:
        if block.kind == "heading2":
            heading = block.text
        elif block.kind == "hint" and heading not in hints:
            hints[heading] = block.text
    answers = {"wins": "Q4 closed at plan", "energy": "4", "plan": "Hire two managers",
               hints["Challenges & Biggest Risks"]: "Churn in the mid-market segment"}  # fmt: skip
    gw, dana = deps.gateway, p["dana"]
    doc = read_doc(gw, dana, docs[dana]["id"])
    body = {"requests": fill_requests(doc, answers)}
    gw.execute(gw.client("docs", dana).documents().batchUpdate(documentId=doc["documentId"],
               body=body), dana, "edit")  # fmt: skip
    assert run_named("collect", deps, COLLECT2 + timedelta(hours=1)).ok
    (rollup,) = find_files(gw, p["val"], tags.drive_query(kind=tags.KIND_ROLLUP), fields="id")
    header, *rows = (
        gw.gspread(p["val"]).open_by_key(rollup["id"]).worksheet("Managers").get_all_values()
    )
    mine = {(r[header.index("Email")], r[header.index("Week")]): r for r in rows}
    assert "Churn in the mid-market" in mine[(dana, W2.label)][header.index("Risks")]
