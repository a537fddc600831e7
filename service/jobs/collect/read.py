"""The read half of ``collect``: one team's docs, comments, last rep edits and 1:1 events, turned
into domain submissions and meetings here and nowhere else.

Calls: one files.list for the week's docs, the team's folders and tracker (and the team's read
ledger: one Drive read), one
documents.get per doc changed since it was last read (one spreadsheets.get for a Sheet-form
doc), one Drive batch holding a comments.list per doc (plus a revisions.list for a changed doc
someone other than the rep edited last), and one events.list for the month's 1:1s
(``service.jobs.collect.doc_reads``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.doc_parser import to_submission
from service.domain.kpis import OneOnOne
from service.domain.leader_notes import ask_items, initiative_items
from service.domain.model import Submission, Team
from service.domain.pacing import Pace, combined, parse_pace
from service.domain.sections import fold
from service.domain.week import Week
from service.errors import WorkspaceError
from service.google import tags
from service.google.calendar import our_events, parse_time
from service.google.drive import DOC_FIELDS, SHARING_FIELDS, find_files, one_per_rep
from service.google.gateway import Gateway
from service.jobs.collect.doc_reads import comments_and_edits, drive_time, last_editor, read_docs
from service.jobs.collect.ledger import Ledger, ledger_file, load_ledger
from service.jobs.collect.rep_doc_read import without_private_tabs
from service.jobs.install.folders import FOLDER, TeamFolders, team_folders_of

__all__ = ["TeamWeek", "deadline_of", "pace_from_rows", "read_team_week", "without_private_tabs"]
log = logging.getLogger(__name__)


@dataclass
class TeamWeek:
    """What ``collect`` read for one team and week."""

    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep -> Drive file
    submissions: dict[str, Submission] = field(default_factory=dict)
    paces: dict[str, Pace | None] = field(default_factory=dict)
    initiatives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    asks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a leader's of their boss
    meetings: list[OneOnOne] = field(default_factory=list)
    unbooked: dict[str, str] = field(default_factory=dict)  # due rep without a 1:1 -> why
    warnings: list[str] = field(default_factory=list)
    shares_removed: dict[str, str] = field(default_factory=dict)  # rep -> what, for the flags
    ledger: Ledger = field(default_factory=Ledger)  # what was read, saved by the job
    folders: TeamFolders | None = None  # listed with the docs (None: not listed)
    trackers: list[dict[str, Any]] = field(default_factory=list)  # listed with the docs


def deadline_of(day: str, clock: str, week: Week, timezone: str) -> datetime:
    """The submission deadline for a 1:1 week: ``day`` at ``clock`` of the week before."""
    hours, minutes = (int(x) for x in clock.split(":"))
    when = week.previous().day(day)
    return datetime.combine(when, time(hours, minutes), ZoneInfo(timezone))


def read_team_week(
    gw: Gateway,
    team: Team,
    week: Week,
    categories: Sequence[str] = (),
    *,
    lower_is_better: Collection[str] = (),
) -> TeamWeek:
    """Read every due rep's doc for ``week`` acting as the team's manager (commitments'
    coaching categories read against ``categories``; ``lower_is_better``: the key metrics
    left out of a rep's overall pace; only the files.list when the week has no doc)."""
    manager = team.manager.email
    files = team_week_files(gw, manager, team.id, week.label)
    out = TeamWeek(docs=one_per_rep([f for f in files if _kind(f) == tags.KIND_REP_DOC])[0])
    if not out.docs:
        return out  # the week was not prepared: nothing more to read
    out.ledger = load_ledger(gw, manager, ledger_file(files))
    out.folders = team_folders_of(files, out.warnings)
    out.trackers = [f for f in files if _kind(f) == tags.KIND_TRACKER]
    due = {rep.email for rep in team.reps_due(week)}
    docs = {rep: f for rep, f in out.docs.items() if rep in due}
    parsed_docs = read_docs(gw, manager, out.ledger, week, docs, categories)
    extras = comments_and_edits(gw, manager, out.ledger, week, docs, categories)
    for rep, file in docs.items():
        parsed = parsed_docs[rep]
        comments, last_edit = extras.get(rep, (0, None))
        if last_edit is None and last_editor(file) == rep:
            last_edit = drive_time(file.get("modifiedTime"))
        submission = to_submission(
            parsed, rep, week, last_edit=last_edit, manager_comments=comments
        )
        out.submissions[rep] = submission
        key_metrics = submission.sections.get("key_metrics")
        out.paces[rep] = pace_from_rows(key_metrics, lower_is_better)
        out.initiatives[rep] = initiative_items(submission.sections)
        out.asks[rep] = ask_items(submission.sections)
    out.meetings = read_meetings(gw, team, week)
    this_week = [m for m in out.meetings if Week.of(m.start.date()) == week]
    unbooked = sorted(due - {m.rep_email for m in this_week if not m.cancelled})
    if unbooked:
        away = manager_out_of_office(gw, team, week)
        deleted = {m.rep_email for m in this_week if m.cancelled}
        out.unbooked = {
            rep: "manager out of office"
            if away
            else "cancelled"
            if rep in deleted
            else "not booked"
            for rep in unbooked
        }
    log.info("collect %s: %d doc(s) read for %s", team.id, len(docs), week)
    return out


def team_week_files(gw: Gateway, manager: str, team_id: str, week: str) -> list[dict[str, Any]]:
    """In one ``files.list``: the team's rep docs of ``week`` (with their sharing), its read
    ledger, its tracker and its folders (team, reps', coach notes'), each with what its use
    needs (``DOC_FIELDS``, ``FOLDER_FIELDS``, ``FILE_FIELDS``)."""

    def has(key: str, value: str) -> str:
        return f"appProperties has {{ key='{key}' and value='{value}' }}"

    kinds = " or ".join(has(tags.KIND, k) for k in (tags.KIND_READ_LEDGER, tags.KIND_TRACKER))
    docs = f"{has(tags.KIND, tags.KIND_REP_DOC)} and {has(tags.WEEK, week)}"
    query = tags.drive_query(team=team_id) + f" and (({docs}) or {kinds} or mimeType = '{FOLDER}')"
    fields = f"{DOC_FIELDS},writersCanShare,{SHARING_FIELDS}"
    return find_files(gw, manager, query, fields=fields, what=f"1:1 docs of team {team_id}")


def _kind(file: dict[str, Any]) -> str:
    return str(file.get("appProperties", {}).get(tags.KIND, ""))


def read_meetings(gw: Gateway, team: Team, week: Week) -> list[OneOnOne]:
    """The team's 1:1 events from the first of the previous week's month to the end of
    ``week`` (completion and monthly coverage), from the manager's calendar."""
    zone = ZoneInfo(team.timezone)
    first = week.previous().monday.replace(day=1)
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(week.monday + timedelta(days=7), time(0), zone)
    try:
        events = our_events(
            gw, team.manager.email, "primary", start, end,
            kind=tags.KIND_ONE_ON_ONE, team=team.id,
        )  # fmt: skip
    except WorkspaceError as exc:
        log.warning("collect %s: calendar not readable (%s)", team.id, type(exc).__name__)
        return []
    meetings = []
    for event in events:
        rep = event.get("extendedProperties", {}).get("private", {}).get(tags.REP)
        if not rep or "start" not in event:
            continue
        declined = any(
            a.get("responseStatus") == "declined"
            for a in event.get("attendees", [])
            if str(a.get("email", "")).lower() in (rep, team.manager.email)
        )
        meetings.append(
            OneOnOne(
                rep_email=rep,
                start=parse_time(event["start"]).astimezone(zone),
                end=parse_time(event["end"]).astimezone(zone),
                declined=declined,
                cancelled=event.get("status") == "cancelled",
                link=str(event.get("htmlLink", "")),
            )
        )
    return meetings


def manager_out_of_office(gw: Gateway, team: Team, week: Week) -> bool:
    """Whether the manager has an out-of-office event in ``week`` (one events.list; Google
    filters by ``eventTypes``, and the type is checked here too, page by page)."""
    zone = ZoneInfo(team.timezone)
    start = datetime.combine(week.monday, time(0), zone)
    calendar = gw.client("calendar", team.manager.email)
    token: str | None = None
    try:
        while True:
            request = calendar.events().list(
                calendarId="primary", timeMin=start.isoformat(),
                timeMax=(start + timedelta(days=7)).isoformat(), singleEvents=True,
                eventTypes=["outOfOffice"], maxResults=250, pageToken=token,
            )  # fmt: skip
            page = gw.execute(request, team.manager.email, "calendar of the manager")
            if any(
                e.get("eventType") == "outOfOffice" and e.get("status") != "cancelled"
                for e in page.get("items", [])
            ):
                return True
            token = page.get("nextPageToken")
            if not token:
                return False
    except WorkspaceError as exc:
        log.warning("collect %s: calendar not readable (%s)", team.id, type(exc).__name__)
        return False


def pace_from_rows(section: Any, lower_is_better: Collection[str] = ()) -> Pace | None:
    """A rep's pace from the prefilled Key Metrics table ("metric | goal | actual | pace"): the
    pace cells as written ("49% of goal, 14% of month gone · ahead") combined over the metrics
    where more is better (the names in ``lower_is_better`` are left out)."""
    if section is None:
        return None
    lower = {fold(name) for name in lower_is_better}
    paces: list[Pace] = []
    for item in section.items:
        cells = str(item).split("|")
        if fold(cells[0]) in lower:
            continue
        pace = parse_pace(cells[-1]) if len(cells) >= 2 else None
        if pace is not None:
            paces.append(pace)
    return combined(paces)
