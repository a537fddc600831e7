"""A week without a 1:1: the tracker says so, and why. A manager away all week (an all-day
out-of-office event) is named as the reason; a 1:1 the manager deleted reads "cancelled"."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.bootstrap import build_deps
from service.domain.model import Person, Rep, Team
from service.domain.week import Week
from service.google import tags
from service.google.calendar import cancel_event, insert_event
from service.google.drive import find_files
from service.jobs.collect.job import collect_team
from service.settings import load_config
from tests.integration.collect_builders import make_doc
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"
WEEK = Week.parse("2027-03-22")
NOW = datetime(2027, 3, 19, 20, 0, tzinfo=UTC)  # Friday 16:00 New York, before WEEK


def test_the_tracker_says_why_a_rep_has_no_1on1(emulator: Emulator, tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(ROOT / "config" / "example", config_dir)
    (config_dir / "google.yaml").write_text(
        f"auth: {{mode: service_account, key_file: {emulator.service_account_file}}}\n"
        f"endpoint: {emulator.base_url}\n"
    )
    manager = Person("Away Manager", "away.manager@example.com", ZONE)
    reps = tuple(Rep(n.title(), f"{n}.away@example.com", ZONE) for n in ("ash", "bo"))
    team = Team(id="away", name="Away", manager=manager, reps=reps, timezone=ZONE)
    deps = replace(build_deps(load_config(config_dir)), teams=(team,))
    gw = deps.gateway
    for rep in reps:
        make_doc(gw, team.id, manager.email, rep.email, WEEK, "")
    # Bo's 1:1 was booked, then deleted by the manager; then the manager went on vacation.
    start = datetime(2027, 3, 22, 18, 0, tzinfo=UTC)
    bo = {
        "id": "bomeeting01",
        "summary": "1:1 Bo / Away Manager",
        "start": {"dateTime": start.isoformat()},
        "end": {"dateTime": (start + timedelta(minutes=45)).isoformat()},
        "attendees": [{"email": reps[1].email}],
        "extendedProperties": {
            "private": {"oneonone": "1", "kind": "one_on_one", "team": team.id,
                        "rep": reps[1].email, "week": WEEK.label}
        },
    }  # fmt: skip
    insert_event(gw, manager.email, "primary", bo)
    cancel_event(gw, manager.email, "primary", "bomeeting01")
    report = collect_team(deps, team, NOW)
    assert report.error is None

    def row_of(email: str) -> dict[str, object]:
        me = manager.email
        (tracker,) = find_files(gw, me, tags.drive_query(kind=tags.KIND_TRACKER, team=team.id))
        sheet = gw.client("sheets", me).spreadsheets()
        values = sheet.values().get(spreadsheetId=tracker["id"], range="'This Week'!A1:Z")
        header, *rows = gw.execute(values, me, "tracker")["values"]
        return next(dict(zip(header, r, strict=False)) for r in rows if email in r)

    assert row_of(reps[0].email)["1:1"] == "none: not booked"
    assert row_of(reps[1].email)["1:1"] == "none: cancelled"
    assert "no 1:1 this week: cancelled" in str(row_of(reps[1].email)["Flags"])
    vacation = {
        "summary": "Vacation",
        "eventType": "outOfOffice",
        "start": {"date": "2027-03-22", "timeZone": ZONE},
        "end": {"date": "2027-03-27", "timeZone": ZONE},
    }
    calendar = gw.client("calendar", manager.email)
    gw.execute(calendar.events().insert(calendarId="primary", body=vacation), manager.email, "")
    assert collect_team(deps, team, NOW).error is None
    for rep in reps:
        row = row_of(rep.email)
        assert row["1:1"] == "none: manager out of office"
        assert "no 1:1 this week: manager out of office" in str(row["Flags"])
