"""The rep's 25-minute "Fill in your 1:1 doc" block (seed 000: the doc takes no more than 25
minutes), on their Friday before the deadline, in their free time as ``plan_bookings`` read it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.event_ids import event_id
from service.domain.model import Interval, Rep, Team
from service.google import tags
from service.google.calendar import ensure_event
from service.jobs.base import Deps, TeamReport
from service.jobs.booking import BookingPlan
from service.jobs.doc_link import DocLink


def book_fill_in_blocks(
    deps: Deps, team: Team, plan: BookingPlan, docs: dict[str, DocLink], report: TeamReport
) -> None:
    """A 25-minute "Fill in your 1:1 doc" block on each rep's Friday, in their free time."""
    settings = deps.config.schedule.fill_in_block
    if not settings.enabled:
        return
    deadline = deps.config.cycle_for(team.id).deadline
    gw = deps.gateway
    for rep in team.reps:
        if rep.email not in plan.new and rep.email not in plan.existing:
            continue
        slot = _free_slot(
            plan, rep, settings.day, settings.earliest, deadline.time, settings.minutes
        )
        if slot is None:
            report.warnings.append(
                f"{rep.email}: no free {settings.minutes} minutes for the fill-in block"
            )
            continue
        doc = docs.get(rep.email)
        event: dict[str, Any] = {
            "id": event_id(tags.KIND_FILL_IN, team.id, rep.email, plan.week),
            "summary": "Fill in your 1:1 doc",
            "description": "25 minutes to fill in your self-management doc before the deadline."
            + (f"\n\n{doc.url}" if doc else ""),
            "start": {"dateTime": slot.start.isoformat(), "timeZone": rep.timezone},
            "end": {"dateTime": slot.end.isoformat(), "timeZone": rep.timezone},
            "extendedProperties": {
                "private": tags.tags(
                    kind=tags.KIND_FILL_IN, team=team.id, rep=rep.email, week=plan.week.label
                )
            },
        }
        if deps.dry_run:
            report.actions.append(
                f"would block {slot.start:%a %H:%M} for {rep.email} to fill in the doc"
            )
            continue
        if gw.credentials.delegates:
            created = ensure_event(gw, rep.email, "primary", event)
        else:
            event["attendees"] = [{"email": rep.email}]
            created = ensure_event(gw, team.manager.email, "primary", event, send_updates="all")
        report.count("fill_in_blocks" if created else "fill_in_blocks_kept")


def _free_slot(
    plan: BookingPlan, rep: Rep, day: str, earliest: str, latest: str, minutes: int
) -> Interval | None:
    """The latest free slot of ``minutes`` on ``day`` of the week before, ending by ``latest``."""
    zone = ZoneInfo(rep.timezone)
    when = plan.week.previous().day(day)
    lo = datetime.combine(when, time.fromisoformat(earliest), zone)
    end = datetime.combine(when, time.fromisoformat(latest), zone)
    busy = plan.busy.get(rep.email, [])
    step = timedelta(minutes=15)
    while end - timedelta(minutes=minutes) >= lo:
        slot = Interval(end - timedelta(minutes=minutes), end)
        if not any(slot.overlaps(b) for b in busy):
            return slot
        end -= step
    return None
