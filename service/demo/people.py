"""What the sample org's people do in their calendars, through the Calendar API as themselves.

Before Thursday's prepare, their usual meetings are already there (``BUSY``), so the planner
books around real busy time and, in the largest team, not everyone fits. After prepare, each
rep answers the invitation (one declines); on Friday morning one manager moves a 1:1 by hand.
Every action first looks at what is there, so replaying a week changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from service.domain.event_ids import event_id
from service.domain.model import Person, Team
from service.domain.week import Week
from service.google import tags
from service.google.calendar import (
    ensure_event,
    event_interval,
    event_tag,
    our_events,
    patch_event,
)
from service.google.gateway import Gateway

# Busy time on each team's calendars every week, in the team's zone: (who: "manager" or a
# rep's position, day of the 1:1 week, from, to, what).
BUSY: dict[str, tuple[tuple[str | int, str, str, str, str], ...]] = {
    "east-ae": (
        ("manager", "WED", "09:00", "12:00", "Forecast call"),
        ("manager", "TUE", "12:00", "13:00", "Team lunch"),
        (2, "MON", "13:00", "15:00", "Customer workshop"),
        (4, "TUE", "14:00", "15:30", "Product demo"),
        (6, "MON", "08:00", "18:00", "Out of office"),
    ),
    "central-ae": (
        ("manager", "MON", "13:00", "14:00", "Pipeline review"),
        ("manager", "WED", "15:00", "17:00", "QBR prep"),
        (3, "TUE", "13:00", "17:00", "Customer onsite"),
        (5, "WED", "13:00", "14:30", "Partner call"),
    ),
    # Two hours less of the manager than the team has reps: in a week when all twelve are
    # due, the planner leaves the veterans out (they "can be given more space").
    "emea-ae": (
        ("manager", "TUE", "15:00", "17:00", "EMEA leadership meeting"),
        ("manager", "MON", "09:00", "12:00", "Forecast call"),
        (1, "MON", "13:00", "14:45", "Customer workshop"),
        (5, "WED", "13:00", "15:00", "Procurement call"),
        (8, "TUE", "09:00", "18:00", "Conference"),
    ),
}
MOVED_TO = time(17, 0)  # the manager moves the 1:1 to the end of the same day


def seed_busy(gw: Gateway, team: Team, week: Week) -> int:
    """Put the team's usual meetings of ``week`` on their calendars (one insert each, as
    their owner; an id already there is kept). Returns how many were new."""
    zone = ZoneInfo(team.timezone)
    created = 0
    for n, (who, day, start, end, summary) in enumerate(BUSY.get(team.id, ())):
        if who != "manager" and int(who) >= len(team.reps):
            continue
        person: Person = team.manager if who == "manager" else team.reps[int(who)]
        when = week.day(day)
        event = {
            "id": event_id(f"demo-busy-{n}", team.id, person.email, week),
            "summary": summary,
            "start": _at(when, start, zone, team.timezone),
            "end": _at(when, end, zone, team.timezone),
        }
        created += ensure_event(gw, person.email, "primary", event)
    return created


def _at(day: Any, clock: str, zone: ZoneInfo, name: str) -> dict[str, str]:
    moment = datetime.combine(day, time.fromisoformat(clock), zone)
    return {"dateTime": moment.isoformat(), "timeZone": name}


def one_on_ones(gw: Gateway, team: Team, week: Week) -> dict[str, dict[str, Any]]:
    """The team's live 1:1s of ``week`` on the manager's calendar, by rep (one events.list)."""
    zone = ZoneInfo(team.timezone)
    start = datetime.combine(week.monday, time(0), zone)
    events = our_events(
        gw, team.manager.email, "primary", start, start + timedelta(days=7),
        kind=tags.KIND_ONE_ON_ONE, team=team.id, week=week.label,
    )  # fmt: skip
    return {event_tag(e, tags.REP): e for e in events if e.get("status") != "cancelled"}


def answer_invitations(gw: Gateway, team: Team, week: Week, decliner: str | None) -> list[str]:
    """Every invited rep who has not answered yet accepts, ``decliner`` declines: each as
    themselves, on their own copy of the event. Returns "rep: answer" for each answer sent."""
    sent: list[str] = []
    for rep, event in sorted(one_on_ones(gw, team, week).items()):
        answer = "declined" if rep == decliner else "accepted"
        if _response(event, rep) == answer:
            continue
        body = {"attendees": [{"email": rep, "responseStatus": answer}]}
        patch_event(gw, rep, "primary", event["id"], body)
        sent.append(f"{rep}: {answer}")
    return sent


def _response(event: dict[str, Any], email: str) -> str:
    return next(
        (
            str(a.get("responseStatus", ""))
            for a in event.get("attendees", [])
            if str(a.get("email", "")).lower() == email
        ),
        "",
    )


def move_by_hand(gw: Gateway, team: Team, week: Week, rep: str) -> str | None:
    """The manager moves ``rep``'s 1:1 to 17:00 the same day, in Calendar, telling the rep.
    Returns the new start, or None when there is no such 1:1 or it is already there."""
    event = one_on_ones(gw, team, week).get(rep)
    if event is None:
        return None
    zone = ZoneInfo(team.timezone)
    span = event_interval(event)
    start, end = span.start.astimezone(zone), span.end.astimezone(zone)
    target = datetime.combine(start.date(), MOVED_TO, zone)
    if start == target:
        return None
    body = {
        "start": {"dateTime": target.isoformat(), "timeZone": team.timezone},
        "end": {"dateTime": (target + (end - start)).isoformat(), "timeZone": team.timezone},
    }
    patch_event(  # the rep is told once: looked at again, not resent, if the answer is lost
        gw, team.manager.email, "primary", event["id"], body, send_updates="all", idempotent=False
    )
    return target.isoformat()
