"""Count what the demo left in the Workspace (not what the jobs said they did).

Per team, acting as its manager: one files.list for the rep folders, one for the 1:1 docs,
one events.list for the run's 1:1s, the tracker's This Week and History tabs (one batchGet),
and one documents.get per doc after the first week (the commitments carried into it).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.doc_parser import parse_document
from service.domain.kpis import Status
from service.domain.model import Team
from service.domain.tracker_layout import HISTORY, THIS_WEEK
from service.domain.week import Week
from service.google import tags
from service.google.calendar import declined_by, event_interval, event_tag, our_events
from service.google.drive import find_files, read_doc
from service.google.managed_sheet import a1, find_sheet
from service.jobs.base import Deps, JobReport

PER_WEEK = ("docs", "events", "held", "submissions", "history_rows", "carried")


@dataclass
class DemoCounts:
    """The run's totals, and the same per week (label -> name -> count)."""

    totals: Counter[str] = field(default_factory=Counter)
    weeks: dict[str, Counter[str]] = field(default_factory=dict)
    tracker_url: str = ""
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """PRODUCT.md contract 4's JSON object."""
        t = self.totals
        return {
            "reps": t["reps"],
            "docs": t["docs"],
            "events": t["events"],
            "submissions": t["submissions"],
            "tracker_rows": t["tracker_rows"],
            "tracker_url": self.tracker_url,
            "warnings": self.warnings,
            "weeks": len(self.weeks),
            "teams": t["teams"],
            "history_rows": t["history_rows"],
            "commitments_carried": t["carried"],
            "one_on_ones_held": t["held"],
        }


def count_workspace(
    deps: Deps, weeks: list[Week], now: datetime, reports: list[JobReport]
) -> DemoCounts:
    """What the Workspace holds for the run's ``weeks``, 1:1s held as of ``now``."""
    out = DemoCounts(weeks={week.label: Counter() for week in weeks})
    warnings: set[str] = set()
    for team in deps.teams:
        _count_team(deps, team, weeks, now, out, warnings)
    for week in out.weeks.values():
        out.totals.update({key: week[key] for key in PER_WEEK})
    out.totals["tracker_rows"] = sum(w["tracker_rows"] for w in out.weeks.values())
    errors = sorted({t.error for report in reports for t in report.teams if t.error})
    out.warnings = sorted(warnings) + [f"error: {e}" for e in errors]
    return out


def _count_team(
    deps: Deps, team: Team, weeks: list[Week], now: datetime, out: DemoCounts, warnings: set[str]
) -> None:
    gw, manager = deps.gateway, team.manager.email
    labels = {week.label for week in weeks}
    folders = find_files(
        gw, manager, tags.drive_query(kind=tags.KIND_REP_FOLDER, team=team.id),
        fields="id,appProperties", what="rep folders",
    )  # fmt: skip
    out.totals["reps"] += len({_tag(f, tags.REP) for f in folders})
    docs = [
        f
        for f in find_files(gw, manager, tags.drive_query(kind=tags.KIND_REP_DOC, team=team.id))
        if _tag(f, tags.WEEK) in labels
    ]
    events = [e for e in _one_on_ones(deps, team, weeks) if event_tag(e, tags.WEEK) in labels]
    for doc in docs:
        label = _tag(doc, tags.WEEK)
        out.weeks[label]["docs"] += 1
        if label != weeks[0].label:
            parsed = parse_document(read_doc(gw, manager, doc["id"]))
            out.weeks[label]["carried"] += len(parsed.commitments)
    for event in events:
        label, rep = event_tag(event, tags.WEEK), event_tag(event, tags.REP)
        out.weeks[label]["events"] += 1
        if declined_by(event, rep) or declined_by(event, manager):
            warnings.add(f"{label} {team.id}: {rep} declined the 1:1")
        elif event_interval(event).end <= now:
            out.weeks[label]["held"] += 1
    tracker = _tracker(deps, team, labels, out)
    out.totals["teams"] += int(tracker is not None)
    if tracker and team is deps.teams[0]:
        out.tracker_url = str(tracker.get("webViewLink", ""))
    warnings.update(_left_out(team, weeks, events, docs))


def _left_out(
    team: Team, weeks: list[Week], events: list[dict[str, Any]], docs: list[dict[str, Any]]
) -> set[str]:
    """Due reps without a 1:1 or a doc, per week."""
    out: set[str] = set()
    for week in weeks:
        booked = {event_tag(e, tags.REP) for e in events if event_tag(e, tags.WEEK) == week.label}
        written = {_tag(d, tags.REP) for d in docs if _tag(d, tags.WEEK) == week.label}
        for rep in team.reps_due(week):
            if rep.email not in booked:
                out.add(f"{week.label} {team.id}: {rep.email} has no 1:1 booked")
            if rep.email not in written:
                out.add(f"{week.label} {team.id}: {rep.email} has no doc")
    return out


def _tag(file: dict[str, Any], key: str) -> str:
    return str(file.get("appProperties", {}).get(key, ""))


def _one_on_ones(deps: Deps, team: Team, weeks: list[Week]) -> list[dict[str, Any]]:
    """The team's live 1:1s from the run's first Monday to the Monday after its last week."""
    zone = ZoneInfo(team.timezone)
    start = datetime.combine(weeks[0].monday, time(0), zone)
    end = datetime.combine(weeks[-1].monday + timedelta(days=7), time(0), zone)
    events = our_events(
        deps.gateway, team.manager.email, "primary", start, end,
        kind=tags.KIND_ONE_ON_ONE, team=team.id,
    )  # fmt: skip
    return [e for e in events if e.get("status") != "cancelled"]


def _tracker(deps: Deps, team: Team, labels: set[str], out: DemoCounts) -> dict[str, Any] | None:
    """Count the tracker's rep-week rows of the run (This Week and History, each once) and
    every History row; the tracker's file, or None when the team has none yet."""
    gw, manager = deps.gateway, team.manager.email
    tracker, _found = find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team.id)
    if tracker is None:
        return None
    titles = (HISTORY.title, THIS_WEEK.title)
    request = (
        gw.client("sheets", manager)
        .spreadsheets()
        .values()
        .batchGet(spreadsheetId=tracker["id"], ranges=[a1(t, "A1:Z") for t in titles])
    )
    blocks = gw.execute(request, manager, "tracker").get("valueRanges", [])
    statuses: dict[tuple[str, str], str] = {}
    for title, block in zip(titles, blocks, strict=False):
        header, *rows = block.get("values", [[]]) or [[]]
        records = [dict(zip(header, row, strict=False)) for row in rows if any(row)]
        for record in records:
            week = str(record.get("Week", ""))
            if title == HISTORY.title and week in out.weeks:
                out.weeks[week]["history_rows"] += 1
            elif title == HISTORY.title:
                out.totals["history_rows"] += 1  # a row of a week outside the run
            if week in labels:
                statuses[(str(record.get("Email", "")).lower(), week)] = str(record.get("Status"))
    for (_rep, week), status in statuses.items():
        out.weeks[week]["tracker_rows"] += 1
        out.weeks[week]["submissions"] += status in (Status.ON_TIME, Status.LATE)
    return tracker
