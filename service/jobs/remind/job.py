"""Friday noon: nudge the reps whose 1:1 doc is still incomplete.

The nudge is a short event on the rep's calendar with a popup (and, when configured, an
e-mail) reminder, listing what is missing and linking the doc. Its id is deterministic per
rep and week, so inserting it twice is refused (409) and nobody is nudged twice; the team's
read ledger (``service.jobs.collect.ledger``) records who was nudged, so a re-run inserts
nothing and looks nothing up (a dry run looks each nudge up instead: it writes nothing).
Docs are read through the ledger: none that nobody touched since ``prepare`` (it recorded
what they lack), one read each the first time, none when unchanged since.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from service.domain.cycle import week_to_collect
from service.domain.event_ids import event_id
from service.domain.model import Meeting, Rep, Team
from service.domain.sections import SECTION_TITLES
from service.domain.week import Week
from service.errors import NotFoundError, PermissionDeniedError, WorkspaceError
from service.google import tags
from service.google.calendar import (
    ensure_event,
    event_interval,
    event_tag,
    our_events,
    video_link,
)
from service.google.drive import one_per_rep, week_doc_files
from service.jobs.base import Deps, TeamReport, not_prepared
from service.jobs.booking.book import week_bounds
from service.jobs.collect.doc_reads import read_docs
from service.jobs.collect.ledger import ledger_file, load_ledger, save_ledger
from service.jobs.prepare.doc_upkeep import MEETING, meeting_key, update_meeting_times
from service.logs import add_labels

log = logging.getLogger(__name__)
NUDGE_MINUTES = 10


def remind_team(deps: Deps, team: Team, now: datetime, week: Week | None = None) -> TeamReport:
    """Remind every due rep whose doc for ``week`` (default: the coming 1:1 week) is
    incomplete; a week that was not prepared sends nothing."""
    week = week or week_to_collect(now, team.timezone)
    add_labels(week=week.label)
    report = TeamReport(job="remind", team=team.id, week=week.label)
    gw, manager = deps.gateway, team.manager.email
    files = week_doc_files(gw, manager, team.id, week.label)
    docs = one_per_rep(files)[0]
    if not docs:
        report.skipped = not_prepared(team, week, "nothing sent")
        return report
    ledger = load_ledger(gw, manager, ledger_file(files))
    due = [rep for rep in team.reps_due(week) if rep.email in docs]
    for rep in team.reps_due(week):
        if rep.email not in docs:
            report.warnings.append(f"{rep.email}: no 1:1 doc for the week of {week}; run prepare")
            report.count("no_doc")
    # A doc nobody touched since prepare is incomplete: no read (the ledger has what it lacks).
    untouched = {r.email: m for r in due if (m := ledger.untouched(week, r.email, docs[r.email]))}
    to_read = {r.email: docs[r.email] for r in due if r.email not in untouched}
    categories = deps.config.program.coaching_categories
    parsed = read_docs(gw, manager, ledger, week, to_read, categories)
    nudged = ledger.nudged(week)
    for rep in due:
        if rep.email in parsed and parsed[rep.email].complete:
            report.count("complete")
            continue
        lacking = untouched.get(rep.email) or parsed[rep.email].missing
        missing = [SECTION_TITLES.get(key, key) for key in lacking]
        try:
            if rep.email in nudged or (deps.dry_run and _nudged(deps, team, rep, week)):
                report.count("already_reminded")
                continue
            if deps.dry_run:
                report.actions.append(f"would remind {rep.email} (missing: {', '.join(missing)})")
                report.count("reminded")
                continue
            created = _nudge(deps, team, rep, week, now, docs[rep.email], missing)
        except PermissionDeniedError as exc:  # one rep's account must not stop the team
            report.warnings.append(
                f"{rep.email}: not reminded: the service cannot act as them ({exc.reason}); "
                "check the account in the Admin console (suspended, renamed or left?)"
            )
            continue
        ledger.add_nudged(week, rep.email)
        report.count("reminded" if created else "already_reminded")
    if not deps.dry_run:
        save_ledger(gw, manager, team.id, team.name, ledger)
    refresh_meeting_times(deps, team, week, docs, report)
    log.info("remind %s: %s", team.id, report.counts)
    return report


def refresh_meeting_times(
    deps: Deps, team: Team, week: Week, docs: dict[str, dict[str, Any]], report: TeamReport
) -> None:
    """A 1:1 the manager moved (or deleted) since Thursday: the doc shows the new time before
    the rep fills it in. One events.list; a doc write only for those that changed."""
    shown = {
        rep.email: docs[rep.email]
        for rep in team.reps_due(week)
        if rep.email in docs and MEETING in docs[rep.email].get("appProperties", {})
    }
    if not shown:
        return
    start, end = week_bounds(week, team.timezone)
    try:
        events = our_events(
            deps.gateway, team.manager.email, "primary", start, end,
            kind=tags.KIND_ONE_ON_ONE, team=team.id, week=week.label,
        )  # fmt: skip
    except WorkspaceError as exc:
        report.warnings.append(f"1:1 times in the docs not checked: {exc}")
        return
    meetings: dict[str, Meeting] = {}
    for event in events:
        rep_email = event_tag(event, tags.REP)
        if event.get("status") != "cancelled" and rep_email in shown:
            span = event_interval(event)
            meetings[rep_email] = Meeting(rep_email, span.start, span.end, video_link(event))
    moved = [
        rep
        for rep in team.reps_due(week)
        if rep.email in shown
        and shown[rep.email]["appProperties"][MEETING] != meeting_key(meetings.get(rep.email))
    ]
    if moved:
        update_meeting_times(deps, team, docs, moved, meetings, report)


def _nudged(deps: Deps, team: Team, rep: Rep, week: Week) -> bool:
    """Whether this week's nudge is already on the calendar: one read, so a re-run (or a dry
    run) finds it without writing."""
    gw = deps.gateway
    owner = rep.email if gw.credentials.delegates else team.manager.email
    nudge_id = event_id(tags.KIND_REMINDER, team.id, rep.email, week)
    request = gw.client("calendar", owner).events().get(calendarId="primary", eventId=nudge_id)
    try:
        gw.execute(request, owner, "reminder")
    except NotFoundError:
        return False
    return True


def _nudge(
    deps: Deps,
    team: Team,
    rep: Rep,
    week: Week,
    now: datetime,
    doc: dict[str, Any],
    missing: list[str],
) -> bool:
    """Put the nudge on the rep's calendar; False when a previous run already did."""
    channel = deps.config.schedule.reminder_channel
    methods = {"calendar": ["popup"], "email": ["email"], "both": ["popup", "email"]}[channel]
    deadline = deps.config.cycle_for(team.id).deadline
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=5)
    event: dict[str, Any] = {
        "id": event_id(tags.KIND_REMINDER, team.id, rep.email, week),
        "summary": f"Reminder: finish your 1:1 doc (due {deadline.day.title()} {deadline.time})",
        "description": (
            "Your 1:1 self-management doc is not complete yet.\n"
            f"Still to fill in: {', '.join(missing)}.\n\nDoc: {doc.get('webViewLink', '')}"
        ),
        "start": {"dateTime": start.isoformat(), "timeZone": rep.timezone},
        "end": {
            "dateTime": (start + timedelta(minutes=NUDGE_MINUTES)).isoformat(),
            "timeZone": rep.timezone,
        },
        "transparency": "transparent",
        "reminders": {
            "useDefault": False,
            "overrides": [{"method": m, "minutes": 0} for m in methods],
        },
        "extendedProperties": {
            "private": tags.tags(
                kind=tags.KIND_REMINDER, team=team.id, rep=rep.email, week=week.label
            )
        },
    }
    gw = deps.gateway
    if gw.credentials.delegates:
        return ensure_event(gw, rep.email, "primary", event)
    # One identity: invite the rep from the manager's calendar instead.
    event["attendees"] = [{"email": rep.email}]
    return ensure_event(gw, team.manager.email, "primary", event, send_updates="all")
