"""`oneonone book --week YYYY-MM-DD [--dry-run]`: plan and book one week's 1:1s, and print the
week as a table per manager.

This is the calendar half of ``prepare`` on its own (no docs are made). A doc that already
exists for the week is linked in the invite; ``prepare`` links the others later.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from service.commands.config_arg import add_job_arguments, add_week_argument, job_context, week_of

if TYPE_CHECKING:
    from service.domain.model import Team
    from service.jobs.booking.book import BookingPlan

HELP = "plan and book a week's 1:1s and print the week per manager"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments."""
    add_week_argument(parser, "the coming week")
    add_job_arguments(parser, "plan and print; book nothing")


def run(args: argparse.Namespace) -> int:
    """Plan (and unless --dry-run, book) the week; exit 1 when any team failed."""
    from service.commands.report import print_report
    from service.domain.cycle import week_to_prepare
    from service.jobs.base import Deps, TeamReport, run_job
    from service.jobs.booking.book import apply_bookings, plan_bookings, week_doc_links

    chosen = week_of(args)
    deps, now = job_context(args)
    plans: dict[str, BookingPlan] = {}

    def book_team(deps: Deps, team: Team, now: datetime) -> TeamReport:
        week = chosen or week_to_prepare(now, team.timezone)
        report = TeamReport(job="book", team=team.id, week=week.label)
        plan = plan_bookings(deps, team, week, now)
        plans[team.id] = plan
        apply_bookings(deps, team, plan, week_doc_links(deps, team, week), report)
        return report

    teams = set(args.team) if args.team else None
    report = run_job("book", book_team, deps, now, teams)
    for team in deps.teams:
        if team.id in plans:
            print("\n".join(week_table(team, plans[team.id], ZoneInfo(team.timezone))))
            print()
    print_report(report)
    return 0 if report.ok else 1


def week_table(team: Team, plan: BookingPlan, zone: ZoneInfo) -> list[str]:
    """The week of one manager as lines: one per 1:1 in time order, then who is not booked."""
    lines = [f"{team.manager.name} ({team.name}), week of {plan.week.label}, times in {zone.key}:"]
    rows = []
    for rep in team.reps_due(plan.week):
        meeting = plan.meeting(rep.email)
        if meeting is None:
            continue
        state = "new" if rep.email in plan.new else "booked"
        rows.append((meeting.start, rep.name, rep.tenure.value, state, meeting.end))
    for start, name, tenure, state, end in sorted(rows):
        local, until = start.astimezone(zone), end.astimezone(zone)
        lines.append(
            f"  {local:%a %d %b}  {local:%H:%M}-{until:%H:%M}  {name:<24} {tenure:<9} {state}"
        )
    if not rows:
        lines.append("  (no 1:1s)")
    for email, reason in sorted(plan.unscheduled.items()):
        lines.append(f"  not booked: {email}: {reason}")
    for email in sorted(plan.cancelled_by_manager):
        lines.append(f"  not re-booked (the manager deleted it): {email}")
    return lines + development_lines(team, plan, zone)


def development_lines(team: Team, plan: BookingPlan, zone: ZoneInfo) -> list[str]:
    """The month's development sessions, when this week has any (seed 002)."""
    from service.google.calendar import event_interval

    development = plan.development
    rows = [(m.start, m.end, email, "new") for email, m in development.new.items()]
    for email, event in development.existing.items():
        span = event_interval(event)
        rows.append((span.start, span.end, email, "booked"))
    lines = []
    for start, end, email, state in sorted(rows):
        rep = team.rep(email)
        local, until = start.astimezone(zone), end.astimezone(zone)
        name = rep.name if rep else email
        lines.append(
            f"  {local:%a %d %b}  {local:%H:%M}-{until:%H:%M}  {name:<24} development {state}"
        )
    for email, reason in sorted(development.unscheduled.items()):
        lines.append(f"  development session not booked: {email}: {reason}")
    for email in sorted(development.cancelled_by_manager):
        lines.append(f"  development session not re-booked (the manager deleted it): {email}")
    return lines
