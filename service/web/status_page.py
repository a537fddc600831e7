"""The ``/status`` page as a person reads it: times in the team's own zone ("Thu 10 Dec 09:00
EST", not an ISO stamp in UTC) and what each run did in words ("1:1s booked 9"). The JSON form
keeps the exact values; this only shapes the HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import render_template


def local_time(stamp: Any, zone: str = "UTC") -> str:
    """An ISO 8601 time as "Thu 10 Dec 09:00 EST" in ``zone``; "" for none, the text itself
    when it is not an aware time."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(str(stamp))
        here = moment.astimezone(ZoneInfo(zone)) if moment.tzinfo else None
    except (ValueError, ZoneInfoNotFoundError):
        return str(stamp)
    if here is None:
        return str(stamp)
    return f"{here:%a} {here.day} {here:%b %H:%M} {here.tzname()}"


def did_text(run: dict[str, Any]) -> str:
    """A run's counts in words: "docs created 9, 1:1s booked 9"."""
    counts = sorted((run.get("counts") or {}).items())
    return ", ".join(f"{_words(str(key))} {value}" for key, value in counts)


def _words(key: str) -> str:
    return key.replace("one_on_ones", "1:1s").replace("_", " ")


def status_html(data: dict[str, Any]) -> str:
    """The page, from its Jinja2 template (autoescaped: errors may hold any text)."""
    zones = {team["team"]: team["timezone"] for team in data["teams"]}
    rows = []
    for team in data["teams"]:
        for job, info in team["jobs"].items():
            last = info["last"] or {}
            state, css = "ok", "ok"
            if not last:
                state, css = "never run", ""
            elif last.get("error"):
                state, css = "FAILED", "bad"
            elif last.get("skipped"):
                state, css = "skipped", "skipped"
            rows.append(
                {"team": team["name"], "job": job, "state": state, "css": css, "last": last,
                 "started": local_time(last.get("started"), team["timezone"]),
                 "did": did_text(last), "next": local_time(info["next"], team["timezone"])}
            )  # fmt: skip
    recent = [
        {**run, "did": did_text(run),
         "started": local_time(run.get("started"), zones.get(str(run.get("team")), "UTC"))}
        for run in data["recent"]
    ]  # fmt: skip
    now = datetime.fromisoformat(data["now"]).astimezone(UTC)
    return render_template(
        "status.html",
        now=f"{now:%a} {now.day} {now:%b %Y %H:%M} UTC",
        history=data["history"],
        rows=rows,
        recent=recent,
    )
