"""Counts for the quarter test, made from what the emulator's Drive, Docs, Sheets and Calendar
show a person (``WorkspaceReader``), never from the service's code or its reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.e2e import quarter_org as q
from tests.e2e.workspace_reader import WorkspaceReader

DOC_MIME = "application/vnd.google-apps.document"
TITLE = "1:1 Self-Management - {name} - week of {week}"
CARRIED, NEW = "Commitments from Last 1:1", "This Week's Commitments"


def local_midnight(day: date, timezone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(timezone))


def week_docs(reader: WorkspaceReader, user: str, week: date) -> dict[str, list[dict[str, Any]]]:
    """The 1:1 docs of ``week`` that ``user`` can see, by the rep's name in the title."""
    query = f"name contains 'week of {week}' and mimeType = '{DOC_MIME}' and trashed = false"
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for file in reader.files(user, query):
        name = file["name"].removeprefix("1:1 Self-Management - ").rpartition(" - week of ")[0]
        out[name].append(file)
    return dict(out)


@dataclass(frozen=True)
class OneOnOne:
    """A 1:1 on a manager's calendar, as the calendar shows it."""

    rep: str
    start: datetime
    end: datetime
    cancelled: bool
    declined: bool  # by the rep or the manager

    @property
    def held(self) -> bool:
        """Held: not cancelled, declined by neither side (its time has passed: checked by the
        caller, which counts only weeks that have ended)."""
        return not self.cancelled and not self.declined


def one_on_ones(
    reader: WorkspaceReader, team: q.TeamInfo, start: date, end: date
) -> list[OneOnOne]:
    """The 1:1s on the team manager's calendar starting in [start, end) (local days)."""
    lo, hi = local_midnight(start, team.timezone), local_midnight(end, team.timezone)
    out = []
    for event in reader.events(team.manager, lo, hi):
        if not event.get("summary", "").startswith("1:1 ") or "dateTime" not in event["start"]:
            continue
        when = datetime.fromisoformat(event["start"]["dateTime"])
        if not lo <= when < hi:
            continue
        guests = [a for a in event.get("attendees", []) if a["email"] != team.manager]
        declined = any(
            a.get("responseStatus") == "declined"
            for a in event.get("attendees", [])
            if a["email"] in (team.manager, guests[0]["email"])
        )
        out.append(
            OneOnOne(
                guests[0]["email"],
                when,
                datetime.fromisoformat(event["end"]["dateTime"]),
                event.get("status") == "cancelled",
                declined,
            )
        )
    return out


def week_one_on_ones(reader: WorkspaceReader, team: q.TeamInfo, week: date) -> list[OneOnOne]:
    """The 1:1s of the week of Monday ``week``."""
    return one_on_ones(reader, team, week, week + timedelta(days=7))


def coverage(reader: WorkspaceReader, org: dict[str, Any], team: q.TeamInfo, week: date) -> float:
    """Manager coverage as of the end of the week of Monday ``week``: of the reps due a 1:1 in
    the team in the weeks of that month so far (weeks belong to the month of their Monday),
    the share who had one held in those weeks."""
    first = week.replace(day=1) + timedelta(days=(7 - week.replace(day=1).weekday()) % 7)
    first = max(first, q.FIRST)  # the service ran from the quarter's first week
    weeks = [first + timedelta(days=7 * n) for n in range((week - first).days // 7 + 1)]
    people = set().union(*(q.due_reps(org, team.id, w) for w in weeks))
    held = {m.rep for m in one_on_ones(reader, team, first, week + timedelta(days=7)) if m.held}
    return len(people & held) / len(people)


@dataclass(frozen=True)
class Line:
    text: str
    struck: bool


def sections(doc: dict[str, Any]) -> dict[str, list[Line]]:
    """The doc's paragraphs under each HEADING paragraph, with their strikethrough."""
    tabs = doc.get("tabs") or []
    body = tabs[0]["documentTab"]["body"] if tabs else doc.get("body", {})
    out: dict[str, list[Line]] = {}
    current: list[Line] = []
    for element in body.get("content", []):
        paragraph = element.get("paragraph")
        if paragraph is None:
            continue
        runs = [e.get("textRun", {}) for e in paragraph.get("elements", [])]
        text = "".join(r.get("content", "") for r in runs).strip()
        if paragraph.get("paragraphStyle", {}).get("namedStyleType", "").startswith("HEADING"):
            current = out.setdefault(text, [])
            continue
        if text:
            struck = all(
                r.get("textStyle", {}).get("strikethrough")
                for r in runs
                if r.get("content", "").strip()
            )
            current.append(Line(text, struck))
    return out


def commitment_lines(doc: dict[str, Any], heading: str) -> list[Line]:
    """The "Rep: ..." / "Manager: ..." lines under ``heading`` that say something."""
    return [
        line
        for line in sections(doc).get(heading, [])
        if line.text.split(":", 1)[0] in ("Rep", "Manager") and line.text.split(":", 1)[1].strip()
    ]
