"""``/healthz`` and ``/status``: an admin sees at a glance that the week went through."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from service.domain.cycle import next_run
from service.settings.org import teams_of
from service.web.app import runtime_of
from service.web.status_page import status_html
from service.web.task_auth import authorize_request

status_bp = Blueprint("status", __name__)
RECENT = 50  # runs listed, newest first


@status_bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness: the app is up."""
    return jsonify(ok=True)


def status_data() -> dict[str, Any]:
    """Per team and job: the last run (what it did, calls, errors) and the next run; the
    recent runs of every process; and where the history is kept (and what is wrong)."""
    runtime = runtime_of(current_app)
    now = runtime.clock()
    config = runtime.config
    runs = runtime.history.runs()
    latest = {(str(r.get("job")), str(r.get("team"))): r for r in runs}
    teams = []
    for team in teams_of(config):
        cycle = config.cycle_for(team.id)
        moments = {"prepare": [cycle.prepare], "remind": [cycle.remind], "collect": cycle.collect}
        jobs = {}
        for job, when in moments.items():
            upcoming = min(next_run(m.day, m.time, team.timezone, now) for m in when)
            jobs[job] = {"next": upcoming.isoformat(), "last": latest.get((job, team.id))}
        teams.append({"team": team.id, "name": team.name, "timezone": team.timezone, "jobs": jobs})
    recent = list(reversed(runs[-RECENT:]))
    return {
        "now": now.isoformat(),
        "teams": teams,
        "history": runtime.history.state(),
        "recent": recent,
    }


# Any address-like text: a local part (quoted, or a run of anything but spaces and the
# characters that delimit an address in text, up to the last '@') and a domain. Not RFC 5322
# on purpose: masking must catch what a validator would refuse too ("_zed.z@", "yan!o@").
_LOCAL = r'"[^"\r\n]*"|[^\s"<>()\[\],;:\\]+'
_DOMAIN = r"\[[^\]\s]*\]|[^\s@\"<>()\[\],;:\\]+"
EMAIL = re.compile(rf"(?P<local>{_LOCAL})@(?P<domain>{_DOMAIN})")


def _mask(match: re.Match[str]) -> str:
    return f"{match['local'][0]}…@{match['domain']}"


def masked(value: Any) -> Any:
    """``value`` with every address-like string's local part cut to its first character."""
    if isinstance(value, str):
        return EMAIL.sub(_mask, value)
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
    allowed, _how = authorize_request(dict(request.headers), config)
    if not allowed:
        data = masked(data)
    wants_json = request.args.get("format") == "json" or (
        request.accept_mimetypes.best == "application/json"
    )
    if wants_json:
        return jsonify(data)
    return status_html(data)
