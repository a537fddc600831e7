"""The director's 1:1s with the managers on the emulator: each manager's doc is the manager
template, prefilled with their own team's figures from its tracker (checked here against a
count of the tracker made through gspread), private to the director and that manager, booked
like the reps' 1:1s, never duplicated on a re-run, and what the managers write reaches the
director's roll-up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from service.demo.leader_answers import leader_answers
from service.demo.rep_edits import fill_requests
from service.domain.week import Week
from service.errors import NotFoundError
from service.google import tags
from service.google.calendar import our_events
from service.google.drive import find_files, read_doc, week_docs
from service.jobs.base import Deps
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.templates.prefill import body_content
from tests.integration.docs_builders import person_view
from tests.integration.leader_builders import doc_tables, leader_deps, people, tier_by_hand
from workspace_emulator.core.server import Emulator

W1, W2 = Week(date(2026, 10, 19)), Week(date(2026, 10, 26))
PREPARE1 = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # Thu 09:00 in New York
COLLECT1 = datetime(2026, 10, 16, 20, 0, tzinfo=UTC)  # Fri 16:00
PREPARE2, COLLECT2 = PREPARE1 + timedelta(days=7), COLLECT1 + timedelta(days=7)


def leads(deps: Deps) -> Any:
    return next(t for t in deps.teams if t.id.startswith("leads-"))


def text_of(doc: dict[str, Any]) -> str:
    return "".join(
        run.get("textRun", {}).get("content", "")
        for element in body_content(doc)
        for run in element.get("paragraph", {}).get("elements", [])
    )


def write(deps: Deps, who: str, doc_id: str, answers: dict[str, str]) -> None:
    gw = deps.gateway
    doc = read_doc(gw, who, doc_id)
    body = {"requests": fill_requests(doc, answers)}
    gw.execute(gw.client("docs", who).documents().batchUpdate(documentId=doc_id, body=body),
               who, "edit")  # fmt: skip


def week_one(deps: Deps, tag: str) -> None:
    """Prepare week 1, three reps of team A and two of team B write, collect."""
    assert install(deps, PREPARE1).ok
    assert run_named("prepare", deps, PREPARE1).ok
    p = people(tag)
    answers = {"wins": "Closed Acme", "challenges": "Pricing", "pipeline": "3 deals",
               "energy": "4", "plan": "Call Globex"}  # fmt: skip
    for team, writers in (("a", p["a"][:3]), ("b", p["b"][:2])):
        manager = p["morgan" if team == "a" else "quinn"]
        docs = week_docs(deps.gateway, manager, f"{team}-{tag}", W1.label)
        for rep in writers:
            write(deps, rep, docs[rep]["id"], answers)
    assert run_named("collect", deps, COLLECT1).ok


def tracker_rows(deps: Deps, manager: str, team_id: str) -> list[dict[str, Any]]:
    """The tracker's This Week rows, read through gspread as the manager."""
    query = tags.drive_query(kind=tags.KIND_TRACKER, team=team_id)
    (file,) = find_files(deps.gateway, manager, query, fields="id")
    sheet = deps.gateway.gspread(manager).open_by_key(file["id"])
    header, *rows = sheet.worksheet("This Week").get_all_values()
    return [dict(zip(header, row, strict=False)) for row in rows]


@pytest.fixture(scope="module")
def org(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> tuple[Deps, str]:
    """Two weeks of the org: week 2's manager docs prefilled from week 1's trackers."""
    tag = "lead1"
    deps = leader_deps(emulator, tmp_path_factory.mktemp("leaders"), tag)
    week_one(deps, tag)
    assert run_named("prepare", deps, PREPARE2).ok
    return deps, tag


def test_a_managers_doc_shows_their_teams_figures_as_the_tracker_holds_them(
    org: tuple[Deps, str],
) -> None:
    deps, tag = org
    p = people(tag)
    morgan, dana = p["morgan"], p["dana"]
    docs = week_docs(deps.gateway, dana, leads(deps).id, W2.label)
    assert set(docs) == {morgan, p["quinn"]}
    doc = read_doc(deps.gateway, morgan, docs[morgan]["id"])
    text = text_of(doc)
    assert "Manager: Morgan Manager" in text and "Director: Dana Director" in text
    figures, tiers = doc_tables(doc)
    # Counted independently: team A's tracker rows of week 1, read through gspread.
    rows = [r for r in tracker_rows(deps, morgan, f"a-{tag}") if r["Week"] == W1.label]
    due, submitted = len(rows), sum(r["Status"] != "missing" for r in rows)
    assert (due, submitted) == (5, 3)
    table = {row[0]: row[1:] for row in figures[1:]}
    assert figures[0] == [f"Week of {W1.label}", "Team A", "Goal"]
    assert table["Reps due"][0] == str(due)
    assert table["Submission rate"][0] == f"{submitted / due:.0%}"
    by_hand: dict[str | None, list[str]] = {}
    for r in rows:
        by_hand.setdefault(tier_by_hand(r["Pace"]), []).append(r["Rep"])
    shown = {row[0][0]: row[1] for row in tiers[1:]}
    assert tiers[0] == ["Tier", "Reps", "Specific actions this month"]
    for tier in ("A", "B", "C"):
        assert set(filter(None, shown[tier].split(", "))) == set(by_hand.get(tier, [])), tier
    assert by_hand.get("A") and by_hand.get("C")  # the metrics spread the team over the tiers
    # Outliers: the rep furthest ahead and the one furthest behind, with their pace.
    assert "High: A0 Rep," in text and "Low: A4 Rep," in text
    # Only the manager's own team: nothing of team B reaches Morgan's doc.
    assert "B0 Rep" not in text and "Team B" not in str(figures)


def test_the_managers_docs_are_private_to_the_director_and_that_manager(
    emulator: Emulator, org: tuple[Deps, str]
) -> None:
    deps, tag = org
    p = people(tag)
    docs = week_docs(deps.gateway, p["dana"], leads(deps).id, W2.label)
    eyes = person_view(emulator)
    doc_id = docs[p["morgan"]]["id"]
    for person in (p["morgan"], p["dana"]):
        eyes.execute(eyes.client("drive", person).files().get(fileId=doc_id), person, "doc")
    for person in (p["quinn"], p["a"][0], p["b"][0]):  # another manager, a rep of each team
        with pytest.raises(NotFoundError):
            eyes.execute(eyes.client("drive", person).files().get(fileId=doc_id), person, "doc")
    # The director's own tracker (every manager's rows) is the director's alone.
    query = tags.drive_query(kind=tags.KIND_TRACKER, team=leads(deps).id)
    (tracker,) = find_files(deps.gateway, p["dana"], query, fields="id")
    for person in (p["morgan"], p["quinn"], p["a"][0]):
        with pytest.raises(NotFoundError):
            eyes.execute(
                eyes.client("drive", person).files().get(fileId=tracker["id"]), person, "tracker"
            )


def test_the_director_books_each_manager_like_a_rep(org: tuple[Deps, str]) -> None:
    deps, tag = org
    p = people(tag)
    span = (datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC))
    events = [e for e in our_events(deps.gateway, p["dana"], "primary", *span)
              if e.get("status") != "cancelled"]  # fmt: skip
    mine = [e for e in events if {a["email"] for a in e.get("attendees", [])} & {p["morgan"]}]
    assert len(mine) == 1
    event = mine[0]
    start = datetime.fromisoformat(event["start"]["dateTime"])
    end = datetime.fromisoformat(event["end"]["dateTime"])
    assert end - start == timedelta(minutes=45)
    assert event["conferenceData"]["createRequest"]["status"]["statusCode"] == "success"
    # Around the manager's own week: not over any 1:1 Morgan holds with a rep.
    own = our_events(deps.gateway, p["morgan"], "primary", *span)
    for other in own:
        if other["id"] == event["id"] or other.get("status") == "cancelled":
            continue
        o_start = datetime.fromisoformat(other["start"]["dateTime"])
        o_end = datetime.fromisoformat(other["end"]["dateTime"])
        assert o_end <= start or end <= o_start


def test_a_rerun_makes_nothing_new(org: tuple[Deps, str]) -> None:
    deps, _tag = org
    again = run_named("prepare", deps, PREPARE2, {leads(deps).id})
    counts = again.teams[0].counts
    made = {k for k, n in counts.items() if n and k.endswith(("_created", "_booked", "_written"))}
    assert again.ok and not made, counts
    assert "leader_briefs" not in counts and "docs_prefilled" not in counts
    assert again.total_calls <= 12, again.api_calls


def test_what_the_managers_write_reaches_the_directors_rollup(org: tuple[Deps, str]) -> None:
    deps, tag = org
    p = people(tag)
    docs = week_docs(deps.gateway, p["dana"], leads(deps).id, W2.label)
    write(deps, p["morgan"], docs[p["morgan"]]["id"], leader_answers(0, "Morgan", 1))
    report = run_named("collect", deps, COLLECT2)
    assert report.ok, [t.error for t in report.teams]
    query = tags.drive_query(kind=tags.KIND_ROLLUP)
    (rollup,) = find_files(deps.gateway, p["dana"], query, fields="id")
    sheet = deps.gateway.gspread(p["dana"]).open_by_key(rollup["id"])
    header, *rows = sheet.worksheet("Managers").get_all_values()
    mine = {(r[header.index("Email")], r[header.index("Week")]): r for r in rows}
    morgan = mine[(p["morgan"], W2.label)]
    assert morgan[header.index("Status")] in ("on time", "late")  # the emulator clock decides
    steps = morgan[header.index("Initiatives → next step")]
    assert "Discovery call scorecard → roll out to the whole team by the end of the month" in steps
    assert "Approve the SDR headcount" in morgan[header.index("Asks")]
    assert "slipped" in morgan[header.index("Risks")]
    assert mine[(p["quinn"], W2.label)][header.index("Status")] == "missing"
    # Again: the same rows, nothing added.
    assert run_named("collect", deps, COLLECT2).ok
    assert len(sheet.worksheet("Managers").get_all_values()) == len(rows) + 1


def test_the_calls_a_week_of_the_directors_1on1s_costs(org: tuple[Deps, str]) -> None:
    """Week 3 for the director's team alone (two managers): prepare (with the team figures),
    remind, collect (with the roll-up), counted by the gateway's call counter."""
    deps, _tag = org
    team = {leads(deps).id}
    week = Week(date(2026, 11, 2))
    calls: dict[str, dict[str, int]] = {}
    for job, now in (("prepare", PREPARE2 + timedelta(days=7)),
                     ("remind", COLLECT2 + timedelta(days=7, hours=-4)),
                     ("collect", COLLECT2 + timedelta(days=7))):  # fmt: skip
        report = run_named(job, deps, now, team, week=week)
        assert report.ok, [t.error for t in report.teams]
        calls[job] = report.api_calls
    total = {job: sum(c.values()) for job, c in calls.items()}
    # Per manager (measured): prepare 8 (as for a rep: copy, last doc read, prefill, coach
    # notes, the 1:1 and the fill-in block; plus the team figures: one files.list to find the
    # team's tracker and one values.batchGet), remind 1, collect 2; per team: 10, 4 and 9.
    assert calls["prepare"]["sheets.spreadsheets.values.batchGet"] == 2
    assert total["prepare"] <= 10 + 8 * 2, calls["prepare"]
    assert total["remind"] <= 4 + 1 * 2, calls["remind"]
    assert total["collect"] <= 9 + 2 * 2, calls["collect"]
