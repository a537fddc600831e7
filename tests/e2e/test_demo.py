"""PRODUCT.md contract 4: `oneonone demo --json --weeks N`, run from outside like a grader.

The demo's counts are checked against counts made here, independently of the product's code:
straight from the emulator's SQLite file (Drive files, Docs bodies, Calendar events, Sheets
cells) and from org.yaml with the cadence rules written out again.
"""

from __future__ import annotations

import ast
import json
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from tests.e2e.workspace_snapshot import difference, snapshot
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
FIRST = date(2027, 3, 1)  # fixed: no public holiday; US clocks change on Sunday 2027-03-14
COMMITMENTS_HEADING = "Commitments from Last 1:1"


def oneonone(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=cwd,
    )


def demo(state: Path, *args: str, cwd: Path | None = None) -> dict[str, Any]:
    done = oneonone("demo", "--state", str(state), "--json", *args, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    counts: dict[str, Any] = json.loads(done.stdout)
    return counts


def workspace(state: Path) -> dict[str, Any]:
    """Every file, doc, event, invitation and tracker cell of the demo's Workspace."""
    emulator = Emulator(state / "workspace", port=0)
    try:
        return snapshot(emulator)
    finally:
        emulator.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- independent counts -------------------------------------------------------------------


def objects(state: Path, kind: str) -> Iterator[dict[str, Any]]:
    db = sqlite3.connect(state / "workspace" / "workspace.sqlite3")
    try:
        for (body,) in db.execute("SELECT body FROM objects WHERE kind = ?", (kind,)):
            yield json.loads(body)
    finally:
        db.close()


def due_rep_weeks(weeks: list[date]) -> int:
    """Reps due per week by org.yaml's cadences: weekly; biweekly from the week they started;
    monthly in the week of the month's first Monday; none before their start date."""
    org = yaml.safe_load((ROOT / "config" / "example" / "org.yaml").read_text())
    total = 0
    for monday in weeks:
        for rep in (rep for team in org["teams"] for rep in team["reps"]):
            start = rep.get("start_date")
            if start and start > monday + timedelta(days=4):
                continue
            cadence = rep.get("cadence", "weekly")
            start_monday = start - timedelta(days=start.weekday()) if start else date(2024, 1, 1)
            total += (
                cadence == "weekly"
                or (cadence == "biweekly" and (monday - start_monday).days // 7 % 2 == 0)
                or (cadence == "monthly" and monday.day <= 7)
            )
    return total


def paragraphs(document: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(style, text, all struck through) of each body paragraph."""
    tabs = document.get("tabs") or []
    body = tabs[0]["documentTab"]["body"] if tabs else document["body"]
    for element in body["content"]:
        paragraph = element.get("paragraph")
        if paragraph:
            runs = [e["textRun"] for e in paragraph["elements"] if "textRun" in e]
            text = "".join(r["content"] for r in runs).strip()
            struck = bool(runs) and all(
                r.get("textStyle", {}).get("strikethrough") for r in runs if r["content"].strip()
            )
            yield paragraph["paragraphStyle"].get("namedStyleType", ""), text, struck


def carried(document: dict[str, Any]) -> tuple[int, int]:
    """(commitments listed, struck through) under "Commitments from Last 1:1"."""
    inside, listed, struck = False, 0, 0
    for style, text, is_struck in paragraphs(document):
        if style.startswith("HEADING"):
            inside = text == COMMITMENTS_HEADING
        elif inside and text.startswith(("Rep:", "Manager:")):
            listed += 1
            struck += is_struck
    return listed, struck


def independent(state: Path, weeks: list[date]) -> dict[str, int]:
    labels = {w.isoformat() for w in weeks}
    files = {
        f["id"]: f
        for f in objects(state, "files")
        if not f.get("trashed") and f.get("appProperties", {}).get("oneonone") == "1"
    }
    docs = {
        i: f["appProperties"]["week"]
        for i, f in files.items()
        if f["appProperties"].get("kind") == "rep_doc" and f["appProperties"]["week"] in labels
    }
    listed = kept = 0
    for document in objects(state, "documents"):
        if docs.get(document["documentId"], weeks[0].isoformat()) != weeks[0].isoformat():
            n, k = carried(document)
            listed, kept = listed + n, kept + k
    org = _org()
    managers = {t["manager"]["email"] for t in org["teams"]}
    last_wednesday = weeks[-1] + timedelta(days=2)
    ended = max(  # the last team's Wednesday evening: every 1:1 of the run is over
        datetime.combine(last_wednesday, time(20), ZoneInfo(t.get("timezone", org["timezone"])))
        for t in org["teams"]
    ).astimezone(UTC)
    events = held = 0
    for record in objects(state, "events"):
        event = record["event"]
        tags = event.get("extendedProperties", {}).get("private", {})
        if record["calendarId"] not in managers or tags.get("kind") != "one_on_one":
            continue
        if tags.get("week") not in labels or event.get("status") == "cancelled":
            continue
        events += 1
        end = datetime.fromisoformat(record["endUtc"].replace("Z", "+00:00"))
        declined = any(a.get("responseStatus") == "declined" for a in event["attendees"])
        held += end <= ended and not declined
    history = submitted = 0
    for sheet in objects(state, "spreadsheets"):
        for tab in sheet["sheets"]:
            if tab["properties"]["title"] != "History":
                continue
            header, *rows = ([cell_value(c) for c in row] for row in tab.get("rows", []))
            for values in rows:
                if any(values):
                    history += 1
                    submitted += values[header.index("Status")] in ("on time", "late")
    return {
        "docs": len(docs), "events": events, "held": held, "history": history,
        "submitted": submitted, "carried": listed, "kept": kept,
    }  # fmt: skip


def cell_value(cell: dict[str, Any] | None) -> Any:
    return next(iter((cell or {}).get("userEnteredValue", {"": ""}).values()))


def _org() -> dict[str, Any]:
    org: dict[str, Any] = yaml.safe_load((ROOT / "config" / "example" / "org.yaml").read_text())
    return org


TEAMS = (
    "east-ae",
    "central-ae",
    "emea-ae",
    "leads",
)  # leads: the director's 1:1s with the managers


# --- the tests ------------------------------------------------------------------------------


@pytest.mark.slow
def test_weeks_continue_from_the_state_and_a_rerun_changes_nothing(tmp_path: Path) -> None:
    state, port = tmp_path / "state", str(free_port())
    two = demo(state, "--weeks", "2", "--week", FIRST.isoformat(), "--port", port)
    assert two["weeks"] == 2 and two["history_rows"] == due_rep_weeks([FIRST, FIRST + timedelta(7)])
    three = demo(state, "--weeks", "3", "--port", port)  # continues with the third week
    before = workspace(state)
    again = demo(state, "--weeks", "3", "--port", port)  # replays the third week
    assert again == three  # identical, tracker link included
    # The Workspace did not change, but for the service log /status reads: the replay's runs
    # are runs (one row per team and job, three jobs), appended and nothing else touched.
    changed = difference(workspace(state), before)
    logged = changed.pop("sheets", {"+": [], "-": []})
    assert changed == {} and logged["-"] == []
    assert {row[0] for row in logged["+"]} == {"1:1 service log"}
    runs = {tuple(ast.literal_eval(row[3])[2:4]) for row in logged["+"]}
    every_team = {(job, team) for job in ("prepare", "remind", "collect") for team in TEAMS}
    assert runs == every_team | {("collect", "(roll-ups)")}
    weeks = [FIRST + timedelta(days=7 * n) for n in range(3)]
    seen = independent(state, weeks)
    # Three teams of reps and the director's team of the three managers (their own 1:1s).
    assert three["weeks"] == 3 and three["teams"] == 4 and three["reps"] == 33
    assert three["history_rows"] == seen["history"] == due_rep_weeks(weeks)
    assert three["tracker_rows"] == three["history_rows"] == three["docs"] == seen["docs"]
    assert three["submissions"] == seen["submitted"]
    assert three["events"] == seen["events"]
    assert three["one_on_ones_held"] == seen["held"] > 0
    assert three["commitments_carried"] == seen["carried"] > 0
    assert 0 < seen["kept"] < seen["carried"]  # most reps keep theirs; one never does
    # Each week: one rep in each team never submits; someone declines; someone is left out.
    assert three["submissions"] < three["docs"]
    assert three["one_on_ones_held"] < three["events"]
    assert any("declined the 1:1" in w for w in three["warnings"])
    assert three["tracker_url"].startswith(f"http://127.0.0.1:{port}/")


def test_bad_week_counts_are_refused_in_one_line(tmp_path: Path) -> None:
    state = tmp_path / "state"
    for args in (["--weeks", "0"], ["--week", "2027-03-02"]):  # not a Monday
        done = oneonone("demo", "--state", str(state), "--json", *args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and not done.stdout, args
    state.mkdir()
    (state / "demo.json").write_text(json.dumps({"week": FIRST.isoformat(), "weeks": 4}))
    done = oneonone("demo", "--state", str(state), "--weeks", "3", "--json")
    assert done.returncode == 2, done.stderr
    assert "holds 4 weeks" in done.stderr and done.stderr.count("\n") == 1
    assert not (state / "workspace").exists()  # refused before anything started


@pytest.mark.slow
def test_the_demo_config_points_book_and_run_at_the_emulator(tmp_path: Path) -> None:
    """`make demo` uses the default `--state state/demo`, relative to where it runs; the
    configuration it writes works for the other commands once the emulator runs."""
    port = free_port()
    counts = demo(Path("state") / "demo", "--weeks", "1", "--week", FIRST.isoformat(),
                  "--port", str(port), cwd=tmp_path)  # fmt: skip
    assert counts["docs"] == counts["history_rows"] == due_rep_weeks([FIRST])
    state = tmp_path / "state" / "demo"
    config = state / "config"
    google = yaml.safe_load((config / "google.yaml").read_text())
    assert google["endpoint"] == f"http://127.0.0.1:{port}"
    assert (config / google["auth"]["key_file"]).resolve().is_file()
    with Emulator(state / "workspace", port=port):
        checked = oneonone("check-config", str(config))
        assert checked.returncode == 0, checked.stderr
        booked = oneonone("book", "--week", FIRST.isoformat(), "--dry-run", "--config", str(config))
        assert booked.returncode == 0, booked.stderr[-2000:]
        assert "Morgan Manager" in booked.stdout or "morgan.manager" in booked.stdout
        run = oneonone("run", "prepare", "--team", "east-ae", "--dry-run", "--config", str(config))
        assert run.returncode == 0, run.stderr[-2000:]
