"""``collect`` end to end on the emulator through the real Google clients: a full week written
to the tracker cell by cell, re-runs idempotent, manager notes kept, rep text never a formula,
reps locked out, roll-ups free of private notes.

The emulator is started through its documented command (PRODUCT.md contract 3).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from service.bootstrap import build_deps
from service.domain.dashboard import PACE_CHART
from service.domain.model import Person, Rep, Team
from service.domain.rollup_payoff import PAYOFF
from service.domain.tracker_layout import ENERGY, NOTES, THIS_WEEK
from service.domain.week import Week
from service.errors import NotFoundError
from service.google import tags
from service.google.drive import find_files
from service.google.sheet_format import CHART_ROWS, ROW_MARGIN
from service.jobs.base import Deps
from service.jobs.collect.job import collect_rollups, collect_team
from service.settings import load_config
from tests.integration.collect_builders import make_doc, rep_writes

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
MANAGER, DIRECTOR = "morgan.manager@example.com", "dana.director@example.com"
NAMES = ("avery", "blake", "casey", "drew")
WEEK = Week.of(date.today()).next().next()  # its deadline (Friday before) is still ahead
NOW = datetime(*WEEK.previous().friday.timetuple()[:3], 21, 0, tzinfo=UTC)  # Fri 16:00 NY
SECRET = "SECRET-private-7f3"
FORMULA = '=IMPORTRANGE("x","y")'
TEAM = Team(
    id="east-ae",
    name="East AEs",
    manager=Person("Morgan Manager", MANAGER, ZONE),
    reps=tuple(Rep(n.title(), f"{n}@example.com", ZONE) for n in NAMES),
    timezone=ZONE,
    director=Person("Dana Director", DIRECTOR, ZONE),
)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    state = tmp_path_factory.mktemp("emulator")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cli = [sys.executable, "-m", "service.cli", "emulator", "--port", str(port)]
    process = subprocess.Popen([*cli, "--state", str(state)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while not (state / "service-account.json").exists() or not _open(port):
            assert process.poll() is None and time.monotonic() < deadline, "emulator did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", state
    finally:
        process.terminate()
        process.wait(timeout=10)


def _open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def deps(endpoint: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Deps:
    url, state = endpoint
    config_dir = tmp_path_factory.mktemp("config")
    shutil.copytree(ROOT / "config" / "example", config_dir, dirs_exist_ok=True)
    key = state / "service-account.json"
    (config_dir / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {key}}}\nendpoint: {url}\n"
    )
    return replace(build_deps(load_config(config_dir)), teams=(TEAM,))


@pytest.fixture(scope="module")
def docs(deps: Deps) -> dict[str, dict[str, Any]]:
    """Three reps write (Avery with energy 2 and a formula in wins); Drew never edits."""
    gw = deps.gateway
    files = {
        n: make_doc(gw, TEAM.id, MANAGER, f"{n}@example.com", WEEK, SECRET if n == "avery" else "")
        for n in NAMES
    }
    rated = (("avery", 2, FORMULA, "5"), ("blake", 4, "Closed Acme", "3"), ("casey", 5, "", "4"))
    for n, energy, wins, rating in rated:
        answers = {"challenges": "pricing", "pipeline": "3 deals", "energy": str(energy)}
        answers |= {"plan": "call Globex", "rating": rating} | ({"wins": wins} if wins else {})
        if n == "blake":
            answers |= {"kudos": "Thanks from Acme's CFO", "new_commitments": "[Quality] demo"}
        rep_writes(gw, f"{n}@example.com", files[n]["id"], answers)
    return files


def tracker_values(deps: Deps, user: str, render: str = "FORMULA") -> dict[str, list[list[Any]]]:
    gw = deps.gateway
    (tracker,) = find_files(gw, MANAGER, tags.drive_query(kind=tags.KIND_TRACKER, team=TEAM.id))
    sheets = gw.client("sheets", user).spreadsheets()
    titles = ["This Week", "History", "Commitments", "Team Health"]
    request = sheets.values().batchGet(
        spreadsheetId=tracker["id"],
        ranges=[f"'{t}'!A1:Z" for t in titles],
        valueRenderOption=render,
    )
    answer = gw.execute(request, user, "tracker")
    return {t: b.get("values", []) for t, b in zip(titles, answer["valueRanges"], strict=True)}


def col(table: list[list[Any]], header: str) -> list[Any]:
    at = table[0].index(header)
    return [row[at] if at < len(row) else "" for row in table[1:]]


def test_full_week_cell_by_cell(deps: Deps, docs: dict[str, dict[str, Any]]) -> None:
    before = deps.gateway.counter.total
    report = collect_team(deps, TEAM, NOW)
    calls = deps.gateway.counter.total - before
    assert report.error is None and report.counts["tracker_rows"] == 4
    print(f"collect: {calls} API calls for {len(NAMES)} reps (first run, tracker created)")
    values = tracker_values(deps, MANAGER)
    tw = values["This Week"]
    assert tw[0] == THIS_WEEK.headers
    assert col(tw, "Email") == [f"{n}@example.com" for n in NAMES]
    assert col(tw, "Status") == ["on time", "on time", "on time", "missing"]
    assert col(tw, ENERGY) == [2, 4, 5, ""]
    assert col(tw, "Wins") == [FORMULA, "Closed Acme", "", ""]
    assert col(tw, "Complete") == ["yes", "yes", "no", ""]
    assert col(tw, "Missing sections") == ["", "", "wins", ""]
    assert col(tw, "Doc")[0].startswith('=HYPERLINK("')
    assert col(tw, "Flags")[0].startswith("low energy")
    # Nobody has a 1:1 booked in this test: the tracker says so, and why.
    assert col(tw, "Flags")[3] == (
        "missing: no doc yet — ask for it before the 1:1; "
        "no 1:1 this week: not booked — book one by hand if it is still needed"
    )  # each says what the manager can do
    assert set(col(tw, "1:1")) == {"none: not booked"}
    assert [row[0] for row in values["History"][1:]] == [WEEK.label] * 4
    assert col(tw, "Kudos") == ["", "Thanks from Acme's CFO", "", ""]
    assert col(values["History"], "Rating of last 1:1 (1-5)") == [5, 3, 4, ""]
    assert col(values["Commitments"], "Category") == ["Quality"]
    health = values["Team Health"]
    assert col(health, "Kudos")[-1] == 1
    assert col(health, "Coaching categories (1:1s)")[-1] == "Quality 1"
    assert col(health, "Week")[-1] == WEEK.label
    assert col(health, "Submission rate")[-1] == 0.75
    assert col(health, "Avg energy (1-5)")[-1] == pytest.approx(11 / 3, abs=0.01)
    assert col(health, "Energy trend")[-1].startswith("=SPARKLINE(")
    everything = str(values)
    assert SECRET not in everything


def test_rep_text_stays_text(deps: Deps, docs: dict[str, dict[str, Any]]) -> None:
    collect_team(deps, TEAM, NOW)
    shown = tracker_values(deps, MANAGER, "FORMATTED_VALUE")["This Week"]
    assert col(shown, "Wins")[0] == FORMULA  # not evaluated: a formula would show #REF!/#N/A


def test_rerun_is_idempotent_and_keeps_manager_notes(
    deps: Deps, docs: dict[str, dict[str, Any]]
) -> None:
    gw = deps.gateway
    collect_team(deps, TEAM, NOW)
    first = tracker_values(deps, MANAGER)
    ours = len(find_files(gw, MANAGER, tags.drive_query()))
    (tracker,) = find_files(gw, MANAGER, tags.drive_query(kind=tags.KIND_TRACKER, team=TEAM.id))
    note_cell = f"'This Week'!{THIS_WEEK.letter(NOTES)}3"
    body = {"values": [["talk pricing with Blake"]]}
    update = (
        gw.client("sheets", MANAGER)
        .spreadsheets()
        .values()
        .update(
            spreadsheetId=tracker["id"], range=note_cell, valueInputOption="USER_ENTERED", body=body
        )
    )
    gw.execute(update, MANAGER, "note")
    before = gw.counter.total
    collect_team(deps, TEAM, NOW)
    per_rep = (gw.counter.total - before) / len(NAMES)
    print(f"collect re-run: {per_rep:.2f} API calls per rep")
    again = tracker_values(deps, MANAGER)
    assert len(find_files(gw, MANAGER, tags.drive_query())) == ours
    for title in ("This Week", "History", "Commitments"):
        assert len(again[title]) == len(first[title])
    assert col(again["This Week"], NOTES)[1] == "talk pricing with Blake"
    assert col(again["History"], NOTES)[1] == "talk pricing with Blake"


def test_reps_cannot_open_the_tracker(deps: Deps, docs: dict[str, dict[str, Any]]) -> None:
    gw = deps.gateway
    collect_team(deps, TEAM, NOW)
    (tracker,) = find_files(gw, MANAGER, tags.drive_query(kind=tags.KIND_TRACKER, team=TEAM.id))
    share = {"type": "user", "role": "reader", "emailAddress": "avery@example.com"}
    drive = gw.client("drive", MANAGER)
    gw.execute(drive.permissions().create(fileId=tracker["id"], body=share), MANAGER, "share")
    report = collect_team(deps, TEAM, NOW)
    assert "removed access for avery@example.com" in report.actions
    for name in NAMES:
        get = gw.client("drive", f"{name}@example.com").files().get(fileId=tracker["id"])
        with pytest.raises(NotFoundError):
            gw.execute(get, f"{name}@example.com", "tracker")
    assert tracker_values(deps, DIRECTOR)["This Week"]  # the director can read it


def test_rollup_for_the_director(deps: Deps, docs: dict[str, dict[str, Any]]) -> None:
    gw = deps.gateway
    collect_team(deps, TEAM, NOW)
    (report,) = collect_rollups(deps, NOW)
    assert report.error is None, report.error
    (rollup,) = find_files(gw, DIRECTOR, tags.drive_query(kind=tags.KIND_ROLLUP))
    sheets = gw.client("sheets", DIRECTOR).spreadsheets()
    request = sheets.values().batchGet(
        spreadsheetId=rollup["id"],
        ranges=[f"'{t}'!A1:Z" for t in ("Teams", "Tiers", "Outliers", "Coaching", PAYOFF.title)],
        valueRenderOption="UNFORMATTED_VALUE",
    )
    blocks = gw.execute(request, DIRECTOR, "roll-up")["valueRanges"]
    teams = blocks[0]["values"]
    coaching = blocks[3]["values"]
    assert col(coaching, "Kudos") == [1] and col(coaching, "Reps who rated") == [3]
    assert col(coaching, "Avg rating of 1:1s (1-5)") == [4]  # (5 + 3 + 4) / 3, min group 3
    meta = gw.execute(
        sheets.get(spreadsheetId=rollup["id"], fields="sheets(properties.title,charts)"),
        DIRECTOR,
        "roll-up charts",
    )
    board = next(s for s in meta["sheets"] if s["properties"]["title"] == "Dashboard")
    charted = {
        c["spec"]["title"]: [
            teams[0][s["series"]["sourceRange"]["sources"][0]["startColumnIndex"]]
            for s in c["spec"]["basicChart"]["series"]
        ]
        for c in board["charts"]
    }
    assert charted["Submission and on-time rate by team"] == ["Submission rate", "On-time rate"]
    assert charted["Average energy by team (1-5)"] == ["Avg energy (1-5)"] and len(charted) == 4
    payoff = blocks[4]["values"]  # no 1:1 week has ended yet: both groups empty
    assert payoff[0] == PAYOFF.headers and col(payoff, "Other reps") == [0]
    assert col(teams, "Team") == ["East AEs"] and col(teams, "Reps") == [4]
    fields = "sheets(properties.title,data.rowData.values.userEnteredFormat.numberFormat)"
    grid = gw.execute(sheets.get(spreadsheetId=rollup["id"], ranges=["'Teams'!A2:P2"],
                                 fields=fields), DIRECTOR, "formats")  # fmt: skip
    shown = grid["sheets"][0]["data"][0]["rowData"][0]["values"]
    patterns = {h: shown[i].get("userEnteredFormat", {}).get("numberFormat", {}).get("pattern")
                for i, h in enumerate(teams[0])}  # fmt: skip
    assert patterns["Completion vs goal"] == patterns["Coverage vs goal"] == "+0%;-0%;0%"
    assert patterns["Completion rate"] == "0%"  # a gap to goal reads "+10%", a rate "90%"
    text = str(blocks)
    assert SECRET not in text and "Closed Acme" not in text and FORMULA not in text
    listing = (
        gw.client("drive", DIRECTOR)
        .permissions()
        .list(fileId=rollup["id"], fields="permissions(emailAddress,role)")
    )
    perms = gw.execute(listing, DIRECTOR, "roll-up sharing")["permissions"]
    assert {p["emailAddress"].lower() for p in perms} == {DIRECTOR}


def test_dashboard_charts_are_made_once_and_chart_the_right_columns(
    deps: Deps, docs: dict[str, dict[str, Any]]
) -> None:
    gw = deps.gateway
    collect_team(deps, TEAM, NOW)
    (tracker,) = find_files(gw, MANAGER, tags.drive_query(kind=tags.KIND_TRACKER, team=TEAM.id))
    sheets = gw.client("sheets", MANAGER).spreadsheets()

    def charts() -> list[dict[str, Any]]:
        meta = gw.execute(
            sheets.get(spreadsheetId=tracker["id"], fields="sheets(properties,charts)"),
            MANAGER,
            "charts",
        )
        board = next(s for s in meta["sheets"] if s["properties"]["title"] == "Dashboard")
        ids = {s["properties"]["title"]: s["properties"]["sheetId"] for s in meta["sheets"]}
        assert all(
            src["sheetId"] in (ids["Team Health"], ids["Dashboard"])
            for c in board["charts"]
            for s in c["spec"]["basicChart"]["series"]
            for src in s["series"]["sourceRange"]["sources"]
        )
        return list(board["charts"])

    first = charts()
    collect_team(deps, TEAM, NOW)
    again = charts()
    meta = gw.execute(sheets.get(spreadsheetId=tracker["id"], fields="sheets.properties"),
                      MANAGER, "grid")  # fmt: skip
    rows = {s["properties"]["title"]: s["properties"]["gridProperties"]["rowCount"]
            for s in meta["sheets"]}  # fmt: skip
    shown = tracker_values(deps, MANAGER)
    for title in ("This Week", "History", "Team Health"):
        assert rows[title] == len(shown[title]) + ROW_MARGIN  # the data and a margin, not 1000
    assert rows["Dashboard"] == CHART_ROWS  # the rows its charts sit on
    assert [c["chartId"] for c in again] == [c["chartId"] for c in first]  # made once
    values = tracker_values(deps, MANAGER)
    header = values["Team Health"][0]
    charted = {
        c["spec"]["title"]: [
            header[s["series"]["sourceRange"]["sources"][0]["startColumnIndex"]]
            for s in c["spec"]["basicChart"]["series"]
        ]
        for c in again
        if c["spec"]["title"] != PACE_CHART
    }
    assert charted == {
        "Submission and on-time rate by week": ["Submission rate", "On-time rate"],
        "Average energy by week (1-5)": ["Avg energy (1-5)"],
        "1:1s held vs due by week": ["1:1s due", "1:1s held"],
    }
    for c in again:  # open-ended: the chart follows the rows later weeks add
        for s in c["spec"]["basicChart"]["series"]:
            assert "endRowIndex" not in s["series"]["sourceRange"]["sources"][0]
    request = sheets.values().get(spreadsheetId=tracker["id"], range="'Dashboard'!A1:B9",
                                  valueRenderOption="UNFORMATTED_VALUE")  # fmt: skip
    table = gw.execute(request, MANAGER, "dashboard")["values"]
    # no rep of this test has metrics: all four this week are "no pace"
    assert table[1:] == [
        ["ahead", 0], ["on pace", 0], ["behind", 0], ["too early to tell", 0], ["no pace", 4]
    ]  # fmt: skip
