"""The tracker's rows: built from submissions, meetings, metrics and flags, then upserted into the
sheet's previous content by key so re-runs never duplicate rows and manager columns survive.

Pure: the previous content comes in as the values read from the sheet, the result goes out as
full tables (header included) for the writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from service.domain.flags import Flag, FlagKind, flag_text, unkept
from service.domain.kpis import OneOnOne, Status, TeamKpis
from service.domain.model import Submission
from service.domain.pacing import Pace
from service.domain.sections import fold
from service.domain.tracker_layout import (
    ASKS,
    AVG_ENERGY,
    COACH_NOTES,
    COMMENTS,
    COMMITMENTS,
    DOC,
    ENERGY,
    EVENT,
    HELD,
    HISTORY,
    KEPT,
    KUDOS,
    LAST_DOC,
    MAX_CELL_CHARS,
    RATING,
    TEAM_HEALTH,
    THIS_WEEK,
    TOPICS,
    TRACKED_SECTIONS,
    Cell,
    Row,
)
from service.domain.tracker_upsert import share_notes, sparkline_column, upsert
from service.domain.week import Week

__all__ = [
    "RepWeek",
    "commitment_rows",
    "held_rows",
    "history_row",
    "hyperlink",
    "hyperlink_url",
    "merge_commitment",
    "share_notes",
    "sparkline_column",
    "team_health_row",
    "this_week_row",
    "topics_text",
    "upsert",
]


@dataclass(frozen=True)
class RepWeek:
    """Everything the tracker shows about one rep for one week."""

    name: str
    email: str
    week: Week
    status: Status
    timezone: str
    submission: Submission | None = None
    pace: Pace | None = None
    flags: tuple[Flag, ...] = ()
    doc_url: str | None = None
    last_doc_url: str | None = None  # the rep's doc of the week before, when the tracker has it
    coach_url: str | None = None  # the manager's private notes about the rep
    meeting: OneOnOne | None = None
    initiatives: tuple[str, ...] = field(default_factory=tuple)
    asks: tuple[str, ...] = field(default_factory=tuple)  # a leader's asks of their boss


def hyperlink(url: str | None, label: str = "Open doc") -> Cell:
    """Our own HYPERLINK formula (written as a formula); quotes doubled as Sheets wants."""
    if not url:
        return ""
    quoted = [text.replace('"', '""') for text in (url, label)]
    return f'=HYPERLINK("{quoted[0]}","{quoted[1]}")'


_LINK = re.compile(r'^=HYPERLINK\("((?:[^"]|"")*)"', re.IGNORECASE)


def hyperlink_url(cell: Cell) -> str | None:
    """The address inside one of our HYPERLINK formulas as read back (FORMULA render)."""
    match = _LINK.match(str(cell))
    return match.group(1).replace('""', '"') if match else None


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _when(moment: datetime | None, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M") if moment else ""


def _num(value: float | None, digits: int = 2) -> Cell:
    return "" if value is None else round(value, digits)


def _kept(submission: Submission | None) -> str:
    if submission is None or not submission.commitments:
        return ""
    done = sum(1 for c in submission.commitments if c.done)
    return f"{done}/{len(submission.commitments)}"


def this_week_row(rw: RepWeek) -> Row:
    """The rep's row on "This Week" (rep text only from the tracked sections)."""
    sub = rw.submission if rw.status is not Status.MISSING else None
    values: dict[str, Cell] = {
        "Rep": rw.name,
        "Email": rw.email,
        "Week": rw.week.label,
        "Status": rw.status.value,
        "Last edit": _when(rw.submission.last_edit if rw.submission else None, rw.timezone),
        ENERGY: sub.energy if sub and sub.energy is not None else "",
        "Pace": rw.pace.text() if rw.pace else "",
        "Complete": ("yes" if sub.complete else "no") if sub else "",
        "Missing sections": ", ".join(sub.missing) if sub else "",
        KEPT: _kept(sub),
        COMMENTS: rw.submission.manager_comments if rw.submission else "",
        EVENT: _event(rw.meeting, rw.timezone) if rw.meeting else _no_meeting(rw.flags),
        "Flags": flag_text(list(rw.flags)),
        "Initiatives": _clip("\n".join(rw.initiatives)),
        ASKS: _clip("\n".join(rw.asks)),
        KUDOS: _clip("\n".join(sub.kudos)) if sub else "",
        DOC: hyperlink(rw.doc_url),
        LAST_DOC: hyperlink(rw.last_doc_url, "Last week's doc"),
        COACH_NOTES: hyperlink(rw.coach_url, "Private notes"),
    }
    for header, key in TRACKED_SECTIONS.items():
        section = sub.sections.get(key) if sub else None
        values[header] = _clip(section.text) if section else ""
    return [values.get(header, "") for header in THIS_WEEK.headers]


def _event(meeting: OneOnOne | None, timezone: str) -> Cell:
    """The 1:1's local time, a link to its Calendar event when the event has one."""
    if meeting is None:
        return ""
    when = _when(meeting.start, timezone)
    return hyperlink(meeting.link, when) if meeting.link else when


def _no_meeting(flags: Sequence[Flag]) -> str:
    """The 1:1 cell of a rep without one: why ("none: manager out of office")."""
    why = [f.detail for f in flags if f.kind is FlagKind.NO_ONE_ON_ONE]
    return f"none: {why[0]}" if why else ""


def history_row(rw: RepWeek) -> Row:
    """The rep's row on "History" (one per rep and week)."""
    sub = rw.submission if rw.status is not Status.MISSING else None
    values: dict[str, Cell] = {
        "Week": rw.week.label,
        "Rep": rw.name,
        "Email": rw.email,
        "Status": rw.status.value,
        "Last edit": _when(rw.submission.last_edit if rw.submission else None, rw.timezone),
        ENERGY: sub.energy if sub and sub.energy is not None else "",
        "Pace": rw.pace.text() if rw.pace else "",
        "Complete": ("yes" if sub.complete else "no") if sub else "",
        KEPT: _kept(sub),
        "Commitments open": unkept(sub) if sub else "",
        "Kudos received": len(sub.kudos) if sub else "",
        RATING: sub.rating if sub and sub.rating is not None else "",
        "Flags": flag_text(list(rw.flags)),
        DOC: hyperlink(rw.doc_url),
    }
    return [values.get(header, "") for header in HISTORY.headers]


def team_health_row(kpis: TeamKpis, *, meetings_ended: bool = False) -> Row:
    """The week's KPI row on "Team Health"; unknown rates are blank (the upsert keeps the old).
    The 1:1 figures (due, held, completion, coverage) are written once the week's 1:1s have
    ended (``meetings_ended``), zeros included; before that they are blank, not 0."""
    meeting_values: dict[str, Cell] = {
        "1:1s due": kpis.meetings_due,
        "1:1s held": kpis.meetings_held,
        "Completion rate": _num(kpis.completion_rate, 4),
        "Coverage (month)": _num(kpis.coverage, 4),
    }
    values: dict[str, Cell] = {
        "Week": kpis.week.label,
        "Reps due": kpis.reps_due,
        "Submitted": kpis.submitted,
        "Submission rate": _num(kpis.submission_rate, 4),
        "On-time rate": _num(kpis.on_time_rate, 4),
        "Completion goal": kpis.completion_goal,
        "Coverage goal": kpis.coverage_goal,
        "Commitments kept": _num(kpis.commitments_kept_rate, 4),
        "Coaching utilization": _num(kpis.coaching_utilization, 4),
        AVG_ENERGY: _num(kpis.average_energy),
        "Energy responses": kpis.energy_count,
        KUDOS: kpis.kudos,
        TOPICS: topics_text(kpis.categories),
    }
    if meetings_ended:
        values |= meeting_values
    return [values.get(header, "") for header in TEAM_HEALTH.headers]


def held_rows(
    history: Sequence[Row], week: Week, meetings: Sequence[OneOnOne], now: datetime
) -> list[Row]:
    """Whether each rep with a History row for ``week`` had their 1:1 held ("yes"/"no"), once
    that week is over and its 1:1s' time has passed; partial rows to upsert with blanks kept.
    A due rep without a 1:1 that week (not booked, or cancelled) counts as not held."""
    if datetime.combine(week.friday, datetime.min.time(), now.tzinfo) >= now:
        return []
    at = {h: HISTORY.index(h) for h in ("Week", "Email")}
    rows: list[Row] = []
    for old in history[1:]:
        if str(old[at["Week"]]) != week.label:
            continue
        email = str(old[at["Email"]]).lower()
        mine = [m for m in meetings if m.rep_email == email and Week.of(m.start.date()) == week]
        if any(not m.due(now) for m in mine):
            continue  # still ahead: decided on a later run
        row: Row = [""] * len(HISTORY.columns)
        row[at["Week"]], row[at["Email"]] = week.label, old[at["Email"]]
        row[HISTORY.index(HELD)] = "yes" if any(m.held(now) for m in mine) else "no"
        rows.append(row)
    return rows


def topics_text(counts: Sequence[tuple[str, int]]) -> str:
    """Coaching categories and the 1:1s they came up in: "Quality 2 · Discovery 1"."""
    return " · ".join(f"{name} {count}" for name, count in counts)


def commitment_rows(reps: Sequence[RepWeek]) -> list[Row]:
    """One row per commitment seen in this week's docs: carried over (with their done state,
    made the week before unless known) and made in this week's meeting (open)."""
    rows: dict[tuple[str, str, str], Row] = {}
    for rw in reps:
        sub = rw.submission
        if sub is None or rw.status is Status.MISSING:
            continue
        for c in (*sub.commitments, *sub.new_commitments):
            made = c.week_made or rw.week.previous()
            values: dict[str, Cell] = {
                "Rep": rw.name, "Email": rw.email, "Owner": c.owner, "Commitment": c.text,
                "Category": c.category or "", "Week made": made.label,
                "Status": "done" if c.done else "open", "Last seen": rw.week.label,
            }  # fmt: skip
            row: Row = [values.get(h, "") for h in COMMITMENTS.headers]
            rows.setdefault((rw.email, c.owner, fold(c.text)), row)
    return [_weeks_open(row) for row in rows.values()]


def _weeks_open(row: Row) -> Row:
    made = Week.parse(str(row[COMMITMENTS.index("Week made")]))
    seen = Week.parse(str(row[COMMITMENTS.index("Last seen")]))
    row[COMMITMENTS.index("Weeks open")] = max(0, seen.index - made.index)
    return row


def merge_commitment(previous: Row, new: Row) -> Row:
    """A commitment seen again keeps the earliest week made; weeks open stop counting when
    it is done."""
    made_at = COMMITMENTS.index("Week made")
    merged = list(new)
    old_made = str(previous[made_at]) if made_at < len(previous) else ""
    if old_made and old_made < str(new[made_at]):
        merged[made_at] = old_made
    merged = _weeks_open(merged)
    status_at = COMMITMENTS.index("Status")
    open_at = COMMITMENTS.index("Weeks open")
    was_done = len(previous) > status_at and previous[status_at] == "done"
    if was_done and merged[status_at] == "done" and len(previous) > open_at:
        merged[open_at] = previous[open_at]
    return merged
