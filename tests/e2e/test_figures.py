"""Figures a manager reads, each checked against an independent count on the emulator: a dry
run reports what the real run then does; a re-run with nothing new writes nothing (no call but
reads, the sheets' revisions and protected ranges untouched); pace, tiers and outliers match a
hand count from the sample metrics."""

from __future__ import annotations

import csv
import shutil
import statistics
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from service.bootstrap import build_deps
from service.demo.runner import demo_config, run_week
from service.demo.timeline import moment
from service.domain.doc_parser import parse_document
from service.domain.model import Team
from service.domain.week import Week
from service.google import tags
from service.google.drive import read_doc, week_docs
from service.google.managed_sheet import a1, find_sheet
from service.jobs.base import Deps, JobReport
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import Config, load_config
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
WEEK = Week.parse("2027-03-01")
READS = {"get", "list", "batchGet", "query"}  # the last part of a read method's name
DIRECTOR = "dana.director@example.com"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Config, Emulator]]:
    root = tmp_path_factory.mktemp("figures")
    shutil.copytree(ROOT / "config" / "example", root / "config")
    emulator = Emulator(root / "workspace", port=0)
    emulator.start()
    try:
        base = load_config(root / "config")
        yield demo_config(base, emulator.base_url, emulator.service_account_file, root), emulator
    finally:
        emulator.stop()


def writes(report: JobReport) -> dict[str, int]:
    return {m: n for m, n in report.api_calls.items() if m.rsplit(".", 1)[-1] not in READS}


def counts(report: JobReport) -> list[dict[str, int]]:
    return [team.counts for team in report.teams]


def test_a_dry_run_reports_what_the_real_run_then_does(world: tuple[Config, Emulator]) -> None:
    config, emulator = world
    deps, dry = build_deps(config), build_deps(config, dry_run=True)
    zone = deps.teams[0].timezone
    emulator.store.set_now(moment(WEEK, "THU 08:30", zone))
    install(deps, moment(WEEK, "THU 08:30", zone))
    now = moment(WEEK, "THU 09:00", zone)
    emulator.store.set_now(now)
    planned = run_named("prepare", dry, now)
    assert writes(planned) == {}
    done = run_named("prepare", deps, now)
    assert counts(planned) == counts(done)
    due = list(deps.teams[0].reps_due(WEEK))
    assert done.teams[0].counts["fill_in_blocks"] == len(due) > 0
    # The times the dry run gave are the blocks' times on the reps' own calendars.
    said = {
        a.split(" for ")[1].split()[0]: a.split()[3]
        for a in planned.teams[0].actions
        if a.startswith("would block")
    }
    assert len(said) == len(due) and said == _fill_in_times(deps)
    # On the same state again: nothing to book, and both say so.
    planned, done = run_named("prepare", dry, now), run_named("prepare", deps, now)
    assert counts(planned) == counts(done)
    assert done.teams[0].counts["fill_in_blocks_kept"] == len(due)
    assert not [a for t in planned.teams for a in t.actions if a.startswith("would block")]
    assert writes(done) == {}


def _fill_in_times(deps: Deps) -> dict[str, str]:
    from service.domain.event_ids import event_id

    team = deps.teams[0]
    out = {}
    for rep in team.reps_due(WEEK):
        ident = event_id(tags.KIND_FILL_IN, team.id, rep.email, WEEK)
        service = deps.gateway.client("calendar", rep.email).events()
        event = deps.gateway.execute(
            service.get(calendarId="primary", eventId=ident), rep.email, "fill-in"
        )
        start = datetime.fromisoformat(event["start"]["dateTime"].replace("Z", "+00:00"))
        out[rep.email] = f"{start.astimezone(ZoneInfo(rep.timezone)):%H:%M}"
    return out


def test_a_rerun_with_nothing_new_writes_nothing(world: tuple[Config, Emulator]) -> None:
    config, emulator = world
    deps = build_deps(config)
    run_week(deps, WEEK, emulator.store.set_now)
    before = _sheets(deps)
    again = run_week(deps, WEEK, emulator.store.set_now)
    assert [writes(report) for report in again] == [{}] * len(again)
    assert sum(r.total_calls for r in again) > 0
    assert _sheets(deps) == before  # no new revision; protected ranges keep their ids


def _sheets(deps: Deps) -> list[Any]:
    gw, team = deps.gateway, deps.teams[0]
    tracker, _ = find_sheet(gw, team.manager.email, kind=tags.KIND_TRACKER, team=team.id)
    rollup, _ = find_sheet(gw, DIRECTOR, kind=tags.KIND_ROLLUP, director=DIRECTOR)
    out = []
    for user, file in ((team.manager.email, tracker), (DIRECTOR, rollup)):
        assert file is not None
        drive = gw.client("drive", user)
        revisions = gw.execute(drive.revisions().list(fileId=file["id"]), user, "revisions")
        meta = gw.execute(
            gw.client("sheets", user).spreadsheets().get(spreadsheetId=file["id"]), user, "sheet"
        )
        protected = sorted(
            p["protectedRangeId"] for s in meta["sheets"] for p in s.get("protectedRanges", [])
        )
        rules = [len(s.get("conditionalFormats", [])) for s in meta["sheets"]]
        out.append((len(revisions.get("revisions", [])), protected, rules))
    return out


def test_pace_tiers_and_outliers_match_a_hand_count(world: tuple[Config, Emulator]) -> None:
    config, emulator = world
    deps = build_deps(config)
    run_week(deps, WEEK, emulator.store.set_now)
    # The sample is as of Monday 15 March 2027: 11 of March's working days are gone, of 23 in
    # the US (no public holiday) and 22 in the UK (Good Friday, 26 March): counted by hand.
    gone_in = {"US": round(11 / 23, 2), "GB": round(11 / 22, 2)}
    shares: dict[str, list[float]] = {}
    with (ROOT / "config" / "example" / "metrics.csv").open() as f:
        for row in csv.DictReader(f):
            assert row["as_of"] == "2027-03-15"
            share = round(float(row["actual"]) / float(row["goal"]), 2)
            shares.setdefault(row["rep_email"], []).append(share)
    first = deps.teams[0]
    gone = gone_in["US"]
    # The doc shows each metric as attainment and share gone.
    docs = week_docs(deps.gateway, first.manager.email, first.id, WEEK.label)
    rep = first.reps[0]
    doc = parse_document(read_doc(deps.gateway, first.manager.email, docs[rep.email]["id"]))
    cells = [item.split(" | ")[-1] for item in doc.sections["key_metrics"].items[1:4]]
    assert [c.split(" · ")[0] for c in cells] == [
        f"{s:.0%} of goal, {gone:.0%} of month gone" for s in shares[rep.email]
    ]
    # The tracker shows the rep's mean; the roll-up tiers it and names each team's outliers.
    tiers: dict[str, str] = {}
    outliers: list[tuple[str, str, str]] = []
    for team in (t for t in deps.teams if t.id != "leads"):  # the managers have no metrics
        gone = gone_in["GB" if team.country == "GB" else "US"]
        this_week = _values(deps, team, team.manager.email, "This Week")
        pace_at, email_at = this_week[0].index("Pace"), this_week[0].index("Email")
        tracker = {row[email_at]: row[pace_at] for row in this_week[1:]}
        means: dict[str, float] = {}
        for r in team.reps_due(WEEK):
            mean = round(sum(shares[r.email]) / len(shares[r.email]), 2)
            means[r.name] = mean
            ratio = mean / gone
            verdict = "ahead" if ratio > 1.1 else "behind" if ratio < 0.9 else "on pace"
            assert tracker[r.email] == f"{mean:.0%} of goal, {gone:.0%} of month gone · {verdict}"
            tiers[r.name] = "A" if ratio >= 1.0 else "B" if ratio >= 0.8 else "C"
        middle = statistics.median(means.values())
        for name, mean in sorted(means.items()):
            if mean == max(means.values()) and mean > 1.1 * middle:
                outliers.append((team.name, "high", name))
            elif mean == min(means.values()) and mean < 0.9 * middle:
                outliers.append((team.name, "low", name))
    tier_tab = _values(deps, first, DIRECTOR, "Tiers")
    assert {row[2]: row[1] for row in tier_tab[1:]} == tiers
    assert set(tiers.values()) == {"A", "B", "C"}
    named = _values(deps, first, DIRECTOR, "Outliers")
    assert sorted((row[3], row[1], row[2]) for row in named[1:]) == sorted(outliers)
    assert ("East AEs", "high", "Casey Chen") in outliers


def _values(deps: Deps, team: Team, user: str, tab: str) -> list[list[Any]]:
    if user != DIRECTOR:
        file, _ = find_sheet(deps.gateway, user, kind=tags.KIND_TRACKER, team=team.id)
    else:
        file, _ = find_sheet(deps.gateway, user, kind=tags.KIND_ROLLUP, director=DIRECTOR)
    assert file is not None
    sheets = deps.gateway.client("sheets", user).spreadsheets()
    request = sheets.values().get(spreadsheetId=file["id"], range=a1(tab, "A1:Z"))
    answer = deps.gateway.execute(request, user, tab)
    return [list(row) for row in answer.get("values", [])]
