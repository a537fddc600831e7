"""Count what the demo left in the Workspace (not what the jobs said they did)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.kpis import Status
from service.domain.tracker_layout import THIS_WEEK
from service.domain.week import Week
from service.google import tags
from service.google.calendar import our_events
from service.google.drive import week_docs
from service.google.managed_sheet import a1, find_sheet
from service.jobs.base import Deps, JobReport


def count_workspace(deps: Deps, week: Week, reports: list[JobReport]) -> dict[str, Any]:
    """reps, docs, events, submissions, tracker_rows, tracker_url and warnings for ``week``."""
    team = deps.teams[0]
    gw, manager = deps.gateway, team.manager.email
    zone = ZoneInfo(team.timezone)
    start = datetime.combine(week.monday, time(0), zone)
    events = our_events(
        gw, manager, "primary", start, start + timedelta(days=7),
        kind=tags.KIND_ONE_ON_ONE, team=team.id, week=week.label,
    )  # fmt: skip
    rows = _tracker_rows(deps, week)
    tracker, _found = find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team.id)
    warnings = sorted({w for report in reports for t in report.teams for w in t.warnings})
    errors = sorted({t.error for report in reports for t in report.teams if t.error})
    return {
        "reps": len(team.reps),
        "docs": len(week_docs(gw, manager, team.id, week.label)),
        "events": sum(1 for e in events if e.get("status") != "cancelled"),
        "submissions": sum(1 for r in rows if r.get("Status") in (Status.ON_TIME, Status.LATE)),
        "tracker_rows": len(rows),
        "tracker_url": (tracker or {}).get("webViewLink", ""),
        "warnings": warnings + [f"error: {e}" for e in errors],
    }


def _tracker_rows(deps: Deps, week: Week) -> list[dict[str, Any]]:
    team = deps.teams[0]
    gw, manager = deps.gateway, team.manager.email
    tracker, _found = find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team.id)
    if tracker is None:
        return []
    request = (
        gw.client("sheets", manager)
        .spreadsheets()
        .values()
        .get(spreadsheetId=tracker["id"], range=a1(THIS_WEEK.title, "A1:Z"))
    )
    values = gw.execute(request, manager, "tracker").get("values", [])
    if not values:
        return []
    header = values[0]
    rows = [dict(zip(header, row, strict=False)) for row in values[1:]]
    return [r for r in rows if r.get("Week") == week.label]
