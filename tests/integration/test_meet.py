"""Google Meet on every 1:1 (``schedule.yaml: meet``, on by default): Calendar makes the
conference from our request, the rep's doc shows the same link from its first prefill, and a
re-run keeps it, with no call added to prepare."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from service.google import tags
from service.google.calendar import our_events, video_link
from service.google.drive import read_doc
from service.jobs.booking.book import week_bounds
from service.jobs.install.job import install
from service.jobs.prepare.job import prepare_team
from tests.integration.docs_builders import NOW, WEEK, make_deps
from workspace_emulator.core.server import Emulator

MEET = re.compile(r"https://meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}")


def one_on_ones(deps: Any) -> dict[str, dict[str, Any]]:
    team = deps.teams[0]
    start, end = week_bounds(WEEK, team.timezone)
    found = our_events(
        deps.gateway, team.manager.email, "primary", start, end,
        kind=tags.KIND_ONE_ON_ONE, team=team.id,
    )  # fmt: skip
    return {e["extendedProperties"]["private"][tags.REP]: e for e in found}


def text_runs(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The text runs of the doc's body, in order."""
    return [
        run["textRun"]
        for tab in doc.get("tabs", [{"documentTab": doc}])
        for element in tab["documentTab"]["body"]["content"]
        for run in element.get("paragraph", {}).get("elements", [])
        if "textRun" in run
    ]


def test_each_1on1_has_a_meet_link_and_the_doc_shows_it(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "meet1")
    assert install(deps, NOW).ok
    team = deps.teams[0]
    report = prepare_team(deps, team, NOW)
    assert report.error is None
    events = one_on_ones(deps)
    assert len(events) == report.counts["one_on_ones_booked"] > 0
    for rep_email, event in events.items():
        link = video_link(event)
        assert MEET.fullmatch(link), event.get("conferenceData")
        status = event["conferenceData"]["createRequest"]["status"]["statusCode"]
        assert status == "success"
        doc = read_doc(deps.gateway, rep_email, event["attachments"][0]["fileId"])
        runs = text_runs(doc)
        text = "".join(run["content"] for run in runs)
        assert f"Google Meet: {link}" in text  # in the doc from its first prefill
        linked = [r for r in runs if r.get("textStyle", {}).get("link", {}).get("url") == link]
        assert [r["content"] for r in linked] == [link]  # a link a person clicks
    assert len({video_link(e) for e in events.values()}) == len(events)

    again = prepare_team(deps, team, NOW)
    assert again.error is None
    assert {r: video_link(e) for r, e in one_on_ones(deps).items()} == {
        r: video_link(e) for r, e in events.items()
    }
    assert "meeting_times_updated" not in again.counts
    avery = next(iter(events))
    doc = read_doc(deps.gateway, avery, events[avery]["attachments"][0]["fileId"])
    text = "".join(run["content"] for run in text_runs(doc))
    assert text.count(video_link(events[avery])) == 1  # shown once, not re-added


def test_meet_can_be_switched_off(emulator: Emulator, tmp_path: Path) -> None:
    deps = make_deps(emulator, tmp_path, "meet2", schedule={"meet": False})
    assert install(deps, NOW).ok
    report = prepare_team(deps, deps.teams[0], NOW)
    assert report.error is None
    events = one_on_ones(deps)
    assert events and all("conferenceData" not in e for e in events.values())
