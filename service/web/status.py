"""``/healthz`` and ``/status``: an admin sees at a glance that the week went through."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from service.domain.cycle import next_run
from service.settings.org import teams_of
from service.web.app import runtime_of
from service.web.task_auth import authorize

status_bp = Blueprint("status", __name__)


@status_bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: the app is up."""
    return jsonify(ok=True)


def status_data() -> dict[str, Any]:
    """Per team and job: the last run (what it did, calls, errors) and the next run."""
    runtime = runtime_of(current_app)
    now = runtime.clock()
    config = runtime.config
    teams = []
    for team in teams_of(config):
        cycle = config.cycle_for(team.id)
        moments = {"prepare": [cycle.prepare], "remind": [cycle.remind], "collect": cycle.collect}
        jobs = {}
        for job, when in moments.items():
            upcoming = min(next_run(m.day, m.time, team.timezone, now) for m in when)
            jobs[job] = {"next": upcoming.isoformat(), "last": runtime.history.last(job, team.id)}
        teams.append({"team": team.id, "name": team.name, "timezone": team.timezone, "jobs": jobs})
    return {"now": now.isoformat(), "teams": teams}


EMAIL = re.compile(r"\b([A-Za-z0-9])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")


def masked(value: Any) -> Any:
    """``value`` with every e-mail address shortened to its first letter and domain."""
    if isinstance(value, str):
        return EMAIL.sub(r"\1…@\2", value)
    if isinstance(value, list):
        return [masked(v) for v in value]
    if isinstance(value, dict):
        return {k: masked(v) for k, v in value.items()}
    return value


@status_bp.get("/status")
def status() -> ResponseReturnValue:
    """HTML for people, JSON for ``?format=json`` or ``Accept: application/json``.

    The page is for an admin, but the service may sit on the public internet: a caller
    without task credentials (see ``task_auth``) sees people's addresses masked.
    """
    data = status_data()
    config = runtime_of(current_app).config
    allowed, _how = authorize(dict(request.headers), config.service.task_auth)
    if not allowed:
        data = masked(data)
    wants_json = request.args.get("format") == "json" or (
        request.accept_mimetypes.best == "application/json"
    )
    if wants_json:
        return jsonify(data)
    return _html(data)


def _html(data: dict[str, Any]) -> str:
    rows = []
    for team in data["teams"]:
        for job, info in team["jobs"].items():
            last = info["last"] or {}
            error = last.get("error")
            counts = ", ".join(f"{k} {v}" for k, v in (last.get("counts") or {}).items())
            state = "never run" if not last else ("FAILED" if error else "ok")
            rows.append(
                "<tr>"
                f"<td>{escape(team['name'])}</td><td>{escape(job)}</td>"
                f"<td class='{'bad' if error else 'ok'}'>{escape(state)}</td>"
                f"<td>{escape(str(last.get('started', '')))}</td>"
                f"<td>{escape(counts)}</td><td>{escape(str(last.get('api_calls', '')))}</td>"
                f"<td>{escape(error or '')}</td><td>{escape(info['next'])}</td>"
                "</tr>"
            )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Team", "Job", "State", "Last run", "Did", "API calls", "Error", "Next run")
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>1:1 service status</title>"
        "<style>body{font-family:sans-serif}td,th{padding:4px 8px;border-bottom:1px solid #ddd}"
        ".bad{color:#b00;font-weight:bold}.ok{color:#070}</style></head><body>"
        f"<h1>1:1 service status</h1><p>as of {escape(data['now'])}</p>"
        f"<table><tr>{head}</tr>{''.join(rows)}</table></body></html>"
    )
