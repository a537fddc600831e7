"""What the weekly prefill writes into a rep's doc: merge fields, the key-metrics rows with
pace to goal, the commitments carried over. Pure: domain objects in, text out."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from service.domain.model import Meeting, Rep, RepMetrics, Submission, Team
from service.domain.pacing import Period, elapsed_fraction, pace_to_goal
from service.domain.week import Week
from service.settings.models import KeyMetricConfig

NOT_SCHEDULED = "not scheduled yet (your manager will book it)"
NO_LAST_DOC = "none yet"


def format_number(value: float | None, unit: str = "") -> str:
    """``120000, "$"`` -> ``$120,000``; ``0.5, "%"`` -> ``0.5%``; None -> ``""``."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit in ("$", "€", "£"):
        return f"{unit}{text}"
    return f"{text}{unit}" if unit == "%" else (f"{text} {unit}" if unit else text)


def metric_rows(
    key_metrics: Sequence[KeyMetricConfig],
    metrics: RepMetrics | None,
    period: Period,
    as_of: date,
    holidays: Collection[date] = (),
) -> tuple[tuple[str, ...], ...]:
    """One row per key metric: name, goal, actual, pace ("49% of goal, 14% of month gone ·
    ahead"), the share gone counted to the day the source says its actual is as of, else to
    ``as_of``.

    The configured key metrics in their order (a metric the source lacks keeps its row, empty);
    without configured ones, every metric the source has for the rep.
    """
    values = {v.name: v for v in metrics.values} if metrics else {}
    rows: list[tuple[str, ...]] = []
    if key_metrics:
        chosen = [(k.name, k.unit, k.higher_is_better, values.get(k.id)) for k in key_metrics]
    else:
        chosen = [(v.name, v.unit, v.higher_is_better, v) for v in values.values()]
    for name, unit, higher, value in chosen:
        if value is None:
            rows.append((name, "", "", ""))
            continue
        gone = elapsed_fraction(period, value.as_of or as_of, holidays)
        pace = pace_to_goal(value.goal, value.actual, gone, higher_is_better=higher, period=period)
        rows.append(
            (
                name,
                format_number(value.goal, unit),
                format_number(value.actual, unit),
                pace.text() if pace else "",
            )
        )
    return tuple(rows)


def carried_commitments(last: Submission | None) -> tuple[str, ...]:
    """Last doc's unfinished carried-over commitments, then the ones made in that meeting,
    each as a "Rep: ..." / "Manager: ..." line, with its coaching category in brackets (the
    parser reads both back)."""
    if last is None:
        return ()
    lines: list[str] = []
    seen: set[str] = set()
    for commitment in (*(c for c in last.commitments if not c.done), *last.new_commitments):
        category = f"[{commitment.category}] " if commitment.category else ""
        owner = "Manager" if commitment.owner == "manager" else "Rep"
        line = f"{owner}: {category}{commitment.text}"
        if line.casefold() not in seen:
            seen.add(line.casefold())
            lines.append(line)
    return tuple(lines)


def when(moment: datetime, zone: str) -> str:
    """``Mon Oct 19, 1:00 PM EDT`` in ``zone``."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a %b} {local.day}, {_clock(local)} {local:%Z}"


def _clock(local: datetime, meridiem: bool = True) -> str:
    return f"{local.hour % 12 or 12}:{local:%M}" + (f" {local:%p}" if meridiem else "")


def meeting_time(meeting: Meeting | None, zone: str) -> str:
    """``Mon Oct 19, 1:00-1:45 PM EDT``, or a line saying it is not booked yet."""
    if meeting is None:
        return NOT_SCHEDULED
    start, end = meeting.start.astimezone(ZoneInfo(zone)), meeting.end.astimezone(ZoneInfo(zone))
    same_half = f"{start:%p}" == f"{end:%p}"
    text = f"{start:%a %b} {start.day}, {_clock(start, not same_half)}-{_clock(end)} {end:%Z}"
    return f"{text} · Google Meet: {meeting.video}" if meeting.video else text


def merge_fields(
    team: Team,
    rep: Rep,
    week: Week,
    meeting: Meeting | None,
    deadline: datetime,
    last_doc_url: str | None,
) -> dict[str, str]:
    """The merge fields of the templates (``{{rep_name}}`` ...) for one rep's doc."""
    return {
        "rep_name": rep.name,
        "manager_name": team.manager.name,
        "week_of": week.label,
        "meeting_time": meeting_time(meeting, rep.timezone),
        "deadline": when(deadline, rep.timezone),
        "last_doc": last_doc_url or NO_LAST_DOC,
    }
