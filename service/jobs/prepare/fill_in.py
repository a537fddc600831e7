"""The rep's 25-minute "Fill in your 1:1 doc" block (seed 000: the doc takes no more than 25
minutes), on their Friday before the deadline, in their free time as ``plan_bookings`` read it.

A block that exists is found before anything is written, the same way in a dry run: on the
manager's calendar it is in the events ``plan_bookings`` listed; on the rep's own calendar it
is looked up by its id (a read) only when the rep's free/busy has room for it to be there, so
a re-run writes nothing and a first run makes one insert per rep.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.event_ids import event_id
from service.domain.model import Interval, Rep, Team
from service.errors import NotFoundError, PermissionDeniedError
from service.google import tags
from service.google.calendar import ensure_event
from service.jobs.base import Deps, TeamReport
from service.jobs.booking.book import BookingPlan
from service.jobs.prepare.doc_link import DocLink


def book_fill_in_blocks(
    deps: Deps, team: Team, plan: BookingPlan, docs: dict[str, DocLink], report: TeamReport
) -> None:
    """A 25-minute "Fill in your 1:1 doc" block on each rep's Friday, in their free time."""
    if not deps.config.schedule.fill_in_block.enabled:
        return
    for rep in team.reps:
        if rep.email not in plan.new and rep.email not in plan.existing:
            continue
        try:
            _book_one(deps, team, plan, docs, rep, report)
        except PermissionDeniedError as exc:  # one rep's account must not stop the team
            report.warnings.append(
                f"{rep.email}: no fill-in block: the service cannot act as them ({exc.reason}); "
                "check the account in the Admin console (suspended, renamed or left?)"
            )


def _book_one(
    deps: Deps,
    team: Team,
    plan: BookingPlan,
    docs: dict[str, DocLink],
    rep: Rep,
    report: TeamReport,
) -> None:
    """The block of one rep (see ``book_fill_in_blocks``)."""
    settings = deps.config.schedule.fill_in_block
    deadline = deps.config.cycle_for(team.id).deadline
    gw = deps.gateway
    block_id = event_id(tags.KIND_FILL_IN, team.id, rep.email, plan.week)
    if _exists(deps, team, plan, rep, block_id):
        report.count("fill_in_blocks_kept")
        return
    slot = _free_slot(plan, rep, settings.day, settings.earliest, deadline.time, settings.minutes)
    if slot is None:
        report.warnings.append(
            f"{rep.email}: no free {settings.minutes} minutes for the fill-in block"
        )
        return
    doc = docs.get(rep.email)
    event: dict[str, Any] = {
        "id": block_id,
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
        local = slot.start.astimezone(ZoneInfo(rep.timezone))
        report.actions.append(f"would block {local:%a %H:%M} for {rep.email} to fill in the doc")
        report.count("fill_in_blocks")
        return
    if gw.credentials.delegates:
        created = ensure_event(gw, rep.email, "primary", event)
    else:
        event["attendees"] = [{"email": rep.email}]
        created = ensure_event(gw, team.manager.email, "primary", event, send_updates="all")
    report.count("fill_in_blocks" if created else "fill_in_blocks_kept")


def _exists(deps: Deps, team: Team, plan: BookingPlan, rep: Rep, block_id: str) -> bool:
    """Whether the rep's block for the week is already booked (or was, and they deleted it)."""
    gw = deps.gateway
    if not gw.credentials.delegates:
        return rep.email in plan.fill_ins
    settings = deps.config.schedule.fill_in_block
    deadline = deps.config.cycle_for(team.id).deadline
    window = _window(plan, rep, settings.day, settings.earliest, deadline.time)
    room = timedelta(minutes=settings.minutes)
    if not any(
        min(b.end, window.end) - max(b.start, window.start) >= room
        for b in plan.busy.get(rep.email, [])
    ):
        return False  # nothing on the calendar could be our block: no call needed
    request = gw.client("calendar", rep.email).events().get(calendarId="primary", eventId=block_id)
    try:
        gw.execute(request, rep.email, "fill-in block")
    except NotFoundError:
        return False
    return True


def _window(plan: BookingPlan, rep: Rep, day: str, earliest: str, latest: str) -> Interval:
    """Where the block may go: ``day`` of the week before, from ``earliest`` to ``latest``."""
    zone = ZoneInfo(rep.timezone)
    when = plan.week.previous().day(day)
    return Interval(
        datetime.combine(when, time.fromisoformat(earliest), zone),
        datetime.combine(when, time.fromisoformat(latest), zone),
    )


def _free_slot(
    plan: BookingPlan, rep: Rep, day: str, earliest: str, latest: str, minutes: int
) -> Interval | None:
    """The latest free slot of ``minutes`` on ``day`` of the week before, ending by ``latest``."""
    window = _window(plan, rep, day, earliest, latest)
    lo, end = window.start, window.end
    busy = plan.busy.get(rep.email, [])
    step = timedelta(minutes=15)
    while end - timedelta(minutes=minutes) >= lo:
        slot = Interval(end - timedelta(minutes=minutes), end)
        if not any(slot.overlaps(b) for b in busy):
            return slot
        end -= step
    return None
