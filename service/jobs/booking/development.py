"""The optional monthly development session (seed 002): plan it in the month's first 1:1
week, after the 1:1s, with the same planner; book it in the 1:1s' batch.

Nothing here reads Google: ``plan_bookings`` hands over our events and the free/busy it
already read, so development sessions cost no extra call but their inserts (in the 1:1s'
batch) and the cancellations of departed reps' sessions. Sessions behave like 1:1s: one the
manager moved is kept where they put it, one they deleted is not re-booked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from service.domain.intervals import subtract
from service.domain.model import Interval, Meeting, Rep, Team
from service.domain.week import Week
from service.google import tags
from service.google.calendar import declined_by, event_interval, meeting_event, sort_our_week
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.week_plan import development_rules, solve_week

AGENDA = (
    "Monthly development session: about you, not this week's numbers.\n"
    "- Career goals: where you want to be in a year, and in three.\n"
    "- Skills to grow: one or two to work on this month, and how.\n"
    "- Your development plan: what moved since last month, what comes next."
)


@dataclass
class DevelopmentPlan:
    """The team's development sessions this week: kept, to book, and why not."""

    existing: dict[str, dict[str, Any]] = field(default_factory=dict)  # rep -> our session
    new: dict[str, Meeting] = field(default_factory=dict)
    unscheduled: dict[str, str] = field(default_factory=dict)
    cancelled_by_manager: list[str] = field(default_factory=list)
    to_cancel: list[dict[str, Any]] = field(default_factory=list)  # reps who left


def development_reps(deps: Deps, team: Team, week: Week) -> tuple[Rep, ...]:
    """The reps due a development session in ``week`` (none when it is off for the team)."""
    if not deps.config.development_for(team.id).enabled:
        return ()
    return team.reps_for_development(week)


def plan_development(
    deps: Deps,
    team: Team,
    week: Week,
    now: datetime,
    *,
    sessions: list[dict[str, Any]],
    busy: dict[str, list[Interval]],
    one_on_ones: list[Meeting],
    unreadable: set[str],
) -> DevelopmentPlan:
    """Plan the sessions of ``week`` around the week's 1:1s (existing and new) and free/busy.

    ``sessions`` are our development events of the week (cancelled ones included); ``busy``
    is free/busy without our 1:1s, as ``plan_bookings`` read it.
    """
    plan = DevelopmentPlan()
    due = {rep.email: rep for rep in development_reps(deps, team, week)}
    ours = sort_our_week(sessions, due, now)
    plan.existing, plan.to_cancel = ours.existing, ours.to_cancel
    plan.cancelled_by_manager, spans = ours.cancelled_by_manager, ours.spans
    to_plan = [
        r for e, r in due.items() if e not in plan.existing and e not in plan.cancelled_by_manager
    ]
    if not to_plan:
        return plan
    rules = deps.config.rules_for(team.id)
    # A 1:1 keeps its own buffer after it: "45 on, 15 off" holds across both kinds.
    after = timedelta(minutes=rules.buffer_minutes)
    held = [Interval(m.start, m.end + after) for m in one_on_ones]
    free = {email: subtract(spans_, spans) for email, spans_ in busy.items()}
    manager = team.manager.email
    fixed = [Meeting(rep, *_span(event)) for rep, event in plan.existing.items()]
    meetings, unscheduled = solve_week(
        development_rules(deps.config.development_for(team.id), rules),
        team,
        week,
        manager_busy=[*free.get(manager, []), *held],
        reps=to_plan,
        rep_busy={r.email: free.get(r.email, []) for r in to_plan},
        fixed=fixed,
        unreadable=unreadable,
        country=deps.config.org.country,
    )
    plan.new = {m.rep_email: m for m in meetings}
    # The planner speaks of 1:1s; here its other meetings are development sessions.
    plan.unscheduled = {
        rep: reason.replace("1:1s", "development sessions") for rep, reason in unscheduled.items()
    }
    return plan


def _span(event: dict[str, Any]) -> tuple[datetime, datetime]:
    span = event_interval(event)
    return span.start, span.end


def development_event(
    team: Team, rep: Rep, meeting: Meeting, week: Week, *, meet: bool = False
) -> dict[str, Any]:
    """The Calendar event of a development session: the manager's calendar, the rep invited."""
    summary = f"Development: {rep.name} / {team.manager.name}"
    return meeting_event(
        tags.KIND_DEVELOPMENT, summary, AGENDA, team, rep, meeting, week, meet=meet
    )


def development_events(
    team: Team, plan: DevelopmentPlan, week: Week, *, meet: bool = False
) -> list[dict[str, Any]]:
    """The sessions to book, in the team's rep order (each with a Meet link when ``meet``)."""
    return [
        development_event(team, rep, plan.new[rep.email], week, meet=meet)
        for rep in team.reps
        if rep.email in plan.new
    ]


def report_development(plan: DevelopmentPlan, report: TeamReport) -> None:
    """Warnings for the sessions not booked, and the count of those kept."""
    for rep_email, reason in sorted(plan.unscheduled.items()):
        report.warnings.append(f"{rep_email}: development session not scheduled: {reason}")
    for rep_email in plan.cancelled_by_manager:
        report.warnings.append(
            f"{rep_email}: development session was deleted by the manager; not re-booked"
        )
    for rep_email, event in sorted(plan.existing.items()):
        if declined_by(event, rep_email):
            report.warnings.append(f"{rep_email}: declined the development session")
    if plan.existing:
        report.count("development_kept", len(plan.existing))
