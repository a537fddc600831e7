"""The calendar half of ``prepare``: plan the week around real free/busy, then book it.

Re-running is safe by construction: every event id is derived from (kind, team, rep, week);
an event of ours already on the calendar is kept exactly as it is (the manager may have moved
it: the planner treats it as fixed); an event the manager deleted is not re-booked; nothing
that is not ours is ever touched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.intervals import subtract
from service.domain.model import Interval, Meeting, Rep, Team
from service.domain.week import WEEKDAYS, Week
from service.errors import WorkspaceError
from service.google import tags
from service.google.calendar import (
    cancel_event,
    declined_by,
    event_interval,
    event_tag,
    free_busy,
    insert_events,
    meeting_event,
    our_events,
    patch_event,
    sort_our_week,
    video_link,
)
from service.google.drive import week_docs
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.development import (
    DevelopmentPlan,
    development_events,
    development_reps,
    plan_development,
    report_development,
)
from service.jobs.booking.week_plan import solve_week
from service.jobs.prepare.doc_link import DocLink as DocLink  # re-exported: prepare's callers

log = logging.getLogger(__name__)


@dataclass
class BookingPlan:
    """What the calendar looks like for a team's week, and what to book."""

    week: Week
    existing: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep -> our live 1:1
    new: dict[str, Meeting] = field(default_factory=dict)  # rep -> meeting to book
    unscheduled: dict[str, str] = field(default_factory=dict)  # rep -> reason
    cancelled_by_manager: list[str] = field(default_factory=list)
    to_cancel: list[dict[str, Any]] = field(default_factory=list)  # reps who left
    busy: dict[str, list[Interval]] = field(default_factory=dict)
    development: DevelopmentPlan = field(default_factory=DevelopmentPlan)
    fill_ins: dict[str, dict[str, Any]] = field(default_factory=dict)  # on the manager's calendar

    def meeting(self, rep_email: str) -> Meeting | None:
        """The rep's 1:1 this week, booked or planned."""
        if rep_email in self.new:
            return self.new[rep_email]
        event = self.existing.get(rep_email)
        if event is None:
            return None
        span = event_interval(event)
        return Meeting(rep_email, span.start, span.end, video_link(event))


def _rep_of(event: dict[str, Any]) -> str:
    return event_tag(event, tags.REP)


def week_bounds(week: Week, timezone: str) -> tuple[datetime, datetime]:
    """From the Friday before the week (fill-in blocks) to the Monday after, in the zone."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(week.monday - timedelta(days=3), time(0), zone)
    return start, datetime.combine(week.monday + timedelta(days=7), time(0), zone)


def left_out_last_week(team: Team, week: Week, one_on_ones: list[dict[str, Any]]) -> set[str]:
    """The reps due last week who got no 1:1 that week (none booked, not even one the manager
    deleted since): they are first in line this week. Nobody is when last week has none of our
    1:1s at all (the service was not running yet), or a new hire would come last."""
    last = week.previous()
    booked = {_rep_of(e).casefold() for e in one_on_ones if event_tag(e, tags.WEEK) == last.label}
    if not booked:
        return set()
    return {rep.email for rep in team.reps_due(last) if rep.email.casefold() not in booked}


def plan_bookings(deps: Deps, team: Team, week: Week, now: datetime) -> BookingPlan:
    """Read the calendars (one events.list, one freebusy per 50 people) and plan the week."""
    gw, manager = deps.gateway, team.manager.email
    start, end = week_bounds(week, team.timezone)
    plan = BookingPlan(week=week)
    due = {rep.email: rep for rep in team.reps_due(week)}
    # One events.list: this week's 1:1s and development sessions, and last week's 1:1s
    # (whose slots the planner keeps); the kinds are told apart here.
    last_monday = datetime.combine(week.previous().monday, time(0), ZoneInfo(team.timezone))
    ours = our_events(gw, manager, "primary", last_monday, end, team=team.id)
    sessions = [
        e
        for e in ours
        if event_tag(e, tags.KIND) == tags.KIND_DEVELOPMENT
        and event_tag(e, tags.WEEK) == week.label
    ]
    one_on_ones = [e for e in ours if event_tag(e, tags.KIND) == tags.KIND_ONE_ON_ONE]
    left_out = left_out_last_week(team, week, one_on_ones)
    plan.fill_ins = {
        _rep_of(e): e
        for e in ours
        if event_tag(e, tags.KIND) == tags.KIND_FILL_IN and event_tag(e, tags.WEEK) == week.label
    }
    previous: dict[str, tuple[str, str]] = {}
    for event in one_on_ones:
        if (
            event_tag(event, tags.WEEK) == week.previous().label
            and event.get("status") != "cancelled"
        ):
            local = event_interval(event).start.astimezone(ZoneInfo(team.timezone))
            previous[_rep_of(event)] = (WEEKDAYS[local.weekday()], f"{local:%H:%M}")
    this_week = sort_our_week(
        (e for e in one_on_ones if event_tag(e, tags.WEEK) == week.label), due, now
    )
    plan.existing, plan.to_cancel = this_week.existing, this_week.to_cancel
    plan.cancelled_by_manager = this_week.cancelled_by_manager
    own_spans = this_week.spans
    developing = [r.email for r in development_reps(deps, team, week) if r.email not in due]
    people = [manager, *due, *developing]
    busy, unreadable = free_busy(gw, manager, people, start, end)
    if manager in unreadable:
        raise WorkspaceError(f"the calendar of manager {manager} cannot be read (free/busy)")
    # Free/busy includes our own 1:1s: take them out, the planner gets them as fixed.
    plan.busy = {email: subtract(spans, own_spans) for email, spans in busy.items()}
    to_plan = [due[r] for r in due if r not in plan.existing and r not in plan.cancelled_by_manager]
    fixed = [plan.meeting(r) for r in plan.existing]
    meetings, unscheduled = solve_week(
        deps.config.rules_for(team.id),
        team,
        week,
        manager_busy=plan.busy.get(manager, []),
        reps=to_plan,
        rep_busy={r.email: plan.busy.get(r.email, []) for r in to_plan},
        fixed=[m for m in fixed if m is not None],
        unreadable=set(unreadable),
        country=deps.config.org.country,
        previous=previous,
        first_in_line=left_out,
    )
    plan.new = {m.rep_email: m for m in meetings}
    plan.unscheduled = unscheduled
    plan.development = plan_development(
        deps,
        team,
        week,
        now,
        sessions=sessions,
        busy=plan.busy,
        one_on_ones=[m for r in due if (m := plan.meeting(r)) is not None],
        unreadable=set(unreadable),
    )
    return plan


AGENDA = (
    "Weekly 1:1. You own the agenda: fill in your self-management doc before the "
    "deadline; we review it together and close with two commitments."
)


def doc_fields(doc: DocLink) -> dict[str, Any]:
    """The parts of a 1:1 event that link the rep's doc."""
    return {
        "description": f"{AGENDA}\n\nYour 1:1 doc: {doc.url}",
        "attachments": [
            {
                "fileUrl": doc.url,
                "fileId": doc.file_id,
                "title": doc.title,
                "mimeType": doc.mime_type,
            }
        ],
    }


def one_on_one_event(
    team: Team, rep: Rep, meeting: Meeting, week: Week, doc: DocLink | None, *, meet: bool = False
) -> dict[str, Any]:
    """The Calendar event of a 1:1: on the manager's calendar, the rep invited."""
    summary = f"1:1 {rep.name} / {team.manager.name}"
    event = meeting_event(
        tags.KIND_ONE_ON_ONE, summary, AGENDA, team, rep, meeting, week, meet=meet
    )
    if doc:
        event.update(doc_fields(doc))
    return event


def apply_bookings(
    deps: Deps, team: Team, plan: BookingPlan, docs: dict[str, DocLink], report: TeamReport
) -> dict[str, str]:
    """Book the planned 1:1s (one batch), cancel departed reps' events, report the rest.
    Returns each booked 1:1's Google Meet link by rep (none in a dry run)."""
    gw, manager = deps.gateway, team.manager.email
    for rep_email, reason in sorted(plan.unscheduled.items()):
        report.warnings.append(f"{rep_email}: not scheduled: {reason}")
    for rep_email in plan.cancelled_by_manager:
        report.warnings.append(f"{rep_email}: 1:1 was deleted by the manager; not re-booked")
    for rep_email, event in plan.existing.items():
        if declined_by(event, rep_email):
            report.warnings.append(f"{rep_email}: declined the 1:1")
    report.count("one_on_ones_kept", len(plan.existing))
    report_development(plan.development, report)
    unlinked = {
        rep: docs[rep]
        for rep, event in plan.existing.items()
        if rep in docs and not event.get("attachments")
    }
    meet = deps.config.schedule.meet
    events = [
        one_on_one_event(team, rep, plan.new[rep.email], plan.week, docs.get(rep.email), meet=meet)
        for rep in team.reps
        if rep.email in plan.new
    ]
    sessions = development_events(team, plan.development, plan.week, meet=meet)
    videos = {rep: link for rep, event in plan.existing.items() if (link := video_link(event))}
    if deps.dry_run:  # say and count what the real run would do
        report.count("one_on_ones_booked", len(events))
        if sessions:
            report.count("development_booked", len(sessions))
        for what, n in (("one_on_ones_cancelled", len(plan.to_cancel)),
                        ("development_cancelled", len(plan.development.to_cancel)),
                        ("one_on_ones_linked", len(unlinked))):  # fmt: skip
            if n:
                report.count(what, n)
        for event in [*events, *sessions]:
            report.actions.append(f"would book {event['summary']} at {event['start']['dateTime']}")
        for event in plan.to_cancel:
            report.actions.append(f"would cancel the 1:1 of {_rep_of(event)} (left the team)")
        for event in plan.development.to_cancel:
            report.actions.append(
                f"would cancel the development session of {_rep_of(event)} (left the team)"
            )
        for rep_email in unlinked:
            report.actions.append(f"would link the doc of {rep_email} in the 1:1")
        return videos
    results = insert_events(gw, manager, "primary", [*events, *sessions])  # one batch
    failed = [key for key, value in results.items() if isinstance(value, Exception)]
    for key in failed:
        report.warnings.append(f"booking failed: {results[key]}")
    development_ids = {event["id"] for event in sessions}
    booked = [key for key in results if key not in failed]
    report.count("one_on_ones_booked", len([k for k in booked if k not in development_ids]))
    if development_ids:
        report.count("development_booked", len([k for k in booked if k in development_ids]))
    for event in plan.to_cancel:
        cancel_event(gw, manager, "primary", event["id"])
        report.count("one_on_ones_cancelled")
    for event in plan.development.to_cancel:
        cancel_event(gw, manager, "primary", event["id"])
        report.count("development_cancelled")
    for rep_email, doc in unlinked.items():
        # Booked before the doc existed (`oneonone book`): add only the link, so a time or a
        # title the manager changed by hand stays as they left it.
        patch_event(gw, manager, "primary", plan.existing[rep_email]["id"], doc_fields(doc))
        report.count("one_on_ones_linked")
    one_on_ones = {event["id"] for event in events}
    for key, value in results.items():
        if key in one_on_ones and isinstance(value, dict) and (link := video_link(value)):
            videos[_rep_of(value)] = link
    return videos


def week_doc_links(deps: Deps, team: Team, week: Week) -> dict[str, DocLink]:
    """The team's docs that already exist for ``week`` (one files.list), by rep."""
    return {
        rep: DocLink.of(file)
        for rep, file in week_docs(deps.gateway, team.manager.email, team.id, week.label).items()
    }
