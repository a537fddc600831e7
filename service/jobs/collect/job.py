"""``collect``: read every rep's 1:1 doc for the coming week, then upsert the team's tracker
(This Week, History, Commitments, Team Health) acting as the manager; afterwards each
director's roll-up (``collect_rollups``, in ``collect_rollup``).

The tracker is owned by the manager and shared with the manager and the director only; its
sharing is checked on every run and anyone else (a rep above all) is removed. So is the
sharing of every rep's doc (``service.jobs.prepare.doc_sharing``): what was removed shows in the
rep's flags.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.cycle import week_to_collect
from service.domain.dashboard import DASHBOARD, pace_rows
from service.domain.flags import Flag, FlagKind, rep_flags
from service.domain.kpis import OneOnOne, status_of, team_kpis
from service.domain.model import Team
from service.domain.tracker_layout import (
    COMMITMENTS,
    DOC,
    HISTORY,
    TABS,
    TEAM_HEALTH,
    THIS_WEEK,
    Cell,
    Row,
    TabLayout,
)
from service.domain.tracker_rows import (
    RepWeek,
    commitment_rows,
    held_rows,
    history_row,
    hyperlink_url,
    merge_commitment,
    share_notes,
    sparkline_column,
    team_health_row,
    this_week_row,
    upsert,
)
from service.domain.tracker_upsert import read_rows
from service.domain.week import Week
from service.google import tags
from service.google.drive import find_files
from service.google.managed_sheet import (
    SheetState,
    create_sheet,
    find_sheet,
    fix_sharing,
    oldest,
    read_sheet,
    sheet_changes,
    write_sheet,
    written,
)
from service.jobs.base import Deps, TeamReport, not_prepared
from service.jobs.collect.ledger import save_ledger
from service.jobs.collect.read import TeamWeek, deadline_of, read_team_week
from service.jobs.collect.rollup import collect_rollups
from service.jobs.install.folders import active_reps, find_team_folders, fix_folder_sharing
from service.jobs.prepare.coach_notes import coach_notes_url
from service.jobs.prepare.doc_sharing import fix_doc_sharing
from service.logs import add_labels

__all__ = ["build_tables", "collect_rollups", "collect_team"]
log = logging.getLogger(__name__)
Tables = dict[str, tuple[TabLayout, list[Row]]]
# Team Health columns a week's meetings can update after the week's submissions were counted.
_MEETING_COLUMNS = {"Week", "1:1s due", "1:1s held", "Completion rate", "Completion goal",
                    "Coverage (month)", "Coverage goal"}  # fmt: skip


def collect_team(deps: Deps, team: Team, now: datetime, week: Week | None = None) -> TeamReport:
    """Collect one team's docs for ``week`` (default: the week ``now`` falls before) and write
    its tracker; a week that was not prepared writes nothing (one files.list)."""
    week = week or week_to_collect(now, team.timezone)
    add_labels(week=week.label)
    report = TeamReport(job="collect", team=team.id, week=week.label)
    deadline_at = deps.config.cycle_for(team.id).deadline
    deadline = deadline_of(deadline_at.day, deadline_at.time, week, team.timezone)
    lower = [k.name for k in deps.config.metrics.key_metrics if not k.higher_is_better]
    categories = deps.config.program.coaching_categories
    data = read_team_week(deps.gateway, team, week, categories, lower_is_better=lower)
    if not data.docs:
        report.skipped = not_prepared(team, week, "nothing written")
        return report
    report.warnings.extend(data.warnings)
    if not deps.dry_run:  # what was read, so the next run reads only what changes
        save_ledger(deps.gateway, team.manager.email, team.id, team.name, data.ledger)
    data.shares_removed = fix_doc_sharing(deps, team, data.docs, report)
    # A rep folder shared by its rep exposes every doc in it, and prepare fixes folders once
    # a week: check them here too (one files.list, with their permissions).
    folders = data.folders or find_team_folders(deps, team, report)
    today = now.astimezone(ZoneInfo(team.timezone)).date()
    fix_folder_sharing(deps, team, folders, active_reps(team, today), report)
    state = open_tracker(deps, team, report, oldest(data.trackers))
    previous = state.values if state else {}
    tables = build_tables(deps, team, week, now, deadline, data, previous)
    for rw in _statuses(tables):
        report.count(rw)
    report.count("tracker_rows", len(tables[THIS_WEEK.title][1]) - 1)
    if state is None:  # a dry run before the first collect: no tracker yet
        for title, (_layout, table) in tables.items():
            report.actions.append(f"would write {len(table) - 1} row(s) to {title!r}")
        return report
    if deps.dry_run:
        _requests, cells = sheet_changes(state, tables)
    else:
        cells = write_sheet(deps.gateway, team.manager.email, state, tables)
    report.count("cells_written", cells)
    report.actions.append(written(cells, "tracker", state.url, dry_run=deps.dry_run))
    log.info("collect %s: tracker done (%s)", team.id, report.counts)
    return report


def open_tracker(
    deps: Deps,
    team: Team,
    report: TeamReport,
    listed: tuple[dict[str, Any] | None, int] | None = None,
) -> SheetState | None:
    """The team's tracker (created when absent), sharing fixed, every tab read; ``listed``:
    the tracker and how many are tagged, when already listed (else one files.list)."""
    gw, manager = deps.gateway, team.manager.email
    file, found = listed or find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team.id)
    if found > 1:
        report.warnings.append(f"{found} trackers are tagged for team {team.id}; using the oldest")
    created = False
    if file is None:
        if deps.dry_run:
            report.actions.append("would create the tracker spreadsheet")
            return None
        folders = find_files(
            gw, manager, tags.drive_query(kind=tags.KIND_TEAM_FOLDER, team=team.id), fields="id"
        )
        name = f"1:1 Tracker - {team.name}"
        app = tags.tags(kind=tags.KIND_TRACKER, team=team.id)
        file = create_sheet(gw, manager, name, app, folders[0]["id"] if folders else None)
        created = True
        report.count("trackers_created")
        report.actions.append(f"created the tracker {file.get('webViewLink', file['id'])}")
    allowed = {manager: "writer"}
    if team.director and team.director.email != manager:
        allowed[team.director.email] = "reader"
    changes = fix_sharing(gw, manager, file, allowed, dry_run=deps.dry_run)
    report.actions.extend(changes)
    removed = sum(1 for change in changes if "removed access" in change)
    if removed:
        report.count("tracker_shares_removed", removed)
    return read_sheet(gw, manager, file, (*TABS, DASHBOARD), created)


def build_tables(
    deps: Deps,
    team: Team,
    week: Week,
    now: datetime,
    deadline: datetime,
    data: TeamWeek,
    previous: Mapping[str, list[list[Cell]]],
) -> Tables:
    """Every tab's new content from what was read and what the sheet held."""
    open_last_week = _open_last_week(previous.get(HISTORY.title, []), week.previous())
    last_docs = _docs_of(previous.get(HISTORY.title, []), week.previous())
    reps: list[RepWeek] = []
    for rep in team.reps_due(week):
        sub = data.submissions.get(rep.email)
        status = status_of(sub, deadline)
        pace = data.paces.get(rep.email)
        flags = rep_flags(
            rep.email, sub, status, pace=pace, unkept_last_week=open_last_week.get(rep.email, 0),
            unbooked=data.unbooked.get(rep.email),
        )  # fmt: skip
        if rep.email in data.shares_removed:
            removed = f"removed {data.shares_removed[rep.email]}"
            flags.append(Flag(FlagKind.SHARING, rep.email, removed))
        doc = data.docs.get(rep.email, {})
        reps.append(
            RepWeek(
                name=rep.name, email=rep.email, week=week, status=status,
                timezone=team.timezone, submission=sub, pace=pace, flags=tuple(flags),
                doc_url=doc.get("webViewLink"), coach_url=coach_notes_url(doc),
                last_doc_url=last_docs.get(rep.email),
                meeting=_meeting(data.meetings, rep.email, week),
                initiatives=data.initiatives.get(rep.email, ()),
                asks=data.asks.get(rep.email, ()),
            )
        )  # fmt: skip
    this_week = upsert(
        THIS_WEEK,
        previous.get(THIS_WEEK.title, []),
        [this_week_row(rw) for rw in reps],
        keep=lambda row: row[THIS_WEEK.index("Week")] == week.label,
    )
    history = upsert(HISTORY, previous.get(HISTORY.title, []), [history_row(r) for r in reps])
    history = upsert(HISTORY, history, held_rows(history, week.previous(), data.meetings, now),
                     blank_keeps=True)  # fmt: skip
    share_notes(this_week, history)
    commitments = upsert(
        COMMITMENTS,
        previous.get(COMMITMENTS.title, []),
        commitment_rows(reps),
        merge=merge_commitment,
    )
    health = sparkline_column(
        upsert(
            TEAM_HEALTH,
            previous.get(TEAM_HEALTH.title, []),
            _health_rows(deps, team, week, now, deadline, data, history),
            blank_keeps=True,
        )
    )
    return {
        THIS_WEEK.title: (THIS_WEEK, this_week),
        HISTORY.title: (HISTORY, history),
        COMMITMENTS.title: (COMMITMENTS, commitments),
        TEAM_HEALTH.title: (TEAM_HEALTH, health),
        DASHBOARD.title: (DASHBOARD, pace_rows(this_week, week.label)),
    }


def _health_rows(
    deps: Deps,
    team: Team,
    week: Week,
    now: datetime,
    deadline: datetime,
    data: TeamWeek,
    history: list[list[Cell]],
) -> list[Row]:
    """This week's submission figures; before them, the 1:1 figures of last week, whose 1:1s
    have happened by now (this week's happen after this run, so their cells stay blank)."""
    targets = deps.config.program.kpi_targets
    goals = {"completion_goal": targets.completion_rate, "coverage_goal": targets.manager_coverage}
    rows: list[Row] = []
    due = [rep.email for rep in team.reps_due(week)]
    last = week.previous()
    due_in_month = _due_in_month(history, last)
    if due_in_month is not None:  # last week was collected for this team
        # Coverage for last week counts the 1:1s up to its end (not a later one held by now).
        meetings = [m for m in data.meetings if Week.of(m.start.date()) <= last]
        last_kpis = team_kpis(
            last, [], {}, deadline, meetings, now, coverage_reps=sorted(due_in_month), **goals
        )
        row = team_health_row(last_kpis, meetings_ended=True)
        pairs = zip(TEAM_HEALTH.headers, row, strict=True)
        rows.append([c if h in _MEETING_COLUMNS else "" for h, c in pairs])
    kpis = team_kpis(week, due, data.submissions, deadline, [], now, coverage_reps=[], **goals)
    rows.append(team_health_row(kpis))
    return rows


def _due_in_month(history: list[list[Cell]], last: Week) -> set[str] | None:
    """The reps due a 1:1 in this team in ``last``'s month up to ``last`` (History has a row
    for each rep and week the team's cycle covered: who was in the team then, whatever the
    configuration says today); None when ``last`` has no row (it was never collected)."""
    week_at, email_at = HISTORY.index("Week"), HISTORY.index("Email")
    month = (last.monday.year, last.monday.month)
    reps: set[str] = set()
    seen_last = False
    for row in read_rows(HISTORY, history):
        try:
            when = Week.parse(str(row[week_at]))
        except ValueError:
            continue  # a row the manager typed
        seen_last = seen_last or when == last
        if (when.monday.year, when.monday.month) == month and when <= last:
            reps.add(str(row[email_at]).lower())
    return reps if seen_last else None


def _open_last_week(history: list[list[Cell]], last: Week) -> dict[str, int]:
    """Commitments left open per rep in last week's doc, from the History tab."""
    week_at, email_at = HISTORY.index("Week"), HISTORY.index("Email")
    open_at = HISTORY.index("Commitments open")
    out: dict[str, int] = {}
    for row in read_rows(HISTORY, history):
        if str(row[week_at]) == last.label and isinstance(row[open_at], int | float):
            out[str(row[email_at]).lower()] = int(row[open_at])
    return out


def _docs_of(history: list[list[Cell]], week: Week) -> dict[str, str]:
    """Each rep's doc of ``week`` as History linked it (no Drive call: the tracker has it)."""
    week_at, email_at, doc_at = HISTORY.index("Week"), HISTORY.index("Email"), HISTORY.index(DOC)
    out: dict[str, str] = {}
    for row in read_rows(HISTORY, history):
        url = hyperlink_url(row[doc_at])
        if str(row[week_at]) == week.label and url:
            out[str(row[email_at]).lower()] = url
    return out


def _meeting(meetings: list[OneOnOne], rep: str, week: Week) -> OneOnOne | None:
    mine = [
        m
        for m in meetings
        if m.rep_email == rep and Week.of(m.start.date()) == week and not m.cancelled
    ]
    return min(mine, key=lambda m: m.start) if mine else None


def _statuses(tables: Tables) -> list[str]:
    _layout, table = tables[THIS_WEEK.title]
    at = THIS_WEEK.index("Status")
    return [str(row[at]).replace(" ", "_") for row in table[1:]]
