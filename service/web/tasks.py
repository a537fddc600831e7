"""``/tasks/<job>``: run a job now. Authenticated; anything else is refused and runs nothing."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from service.domain.week import Week
from service.errors import InputError
from service.jobs.registry import JOBS
from service.web.app import runtime_of
from service.web.task_auth import authorize

log = logging.getLogger(__name__)
tasks_bp = Blueprint("tasks", __name__)


def _week(text: str | None) -> Week | None:
    """``?week=YYYY-MM-DD``, a Monday (as ``oneonone run --week``)."""
    if text is None:
        return None
    try:
        return Week.parse_monday(text)
    except ValueError as exc:
        raise InputError(f"week: {exc}") from None


@tasks_bp.route("/tasks/<job>", methods=["GET", "POST"])
def run_task(job: str) -> ResponseReturnValue:
    """Run ``job`` for every team (or ``?team=ID``), on the week the cycle gives (or
    ``?week=YYYY-MM-DD``, a Monday); ``?dry_run=1`` writes nothing."""
    runtime = runtime_of(current_app)
    allowed, how = authorize(dict(request.headers), runtime.config.service.task_auth)
    if not allowed:
        log.warning("task %s refused: %s", job, how)
        code = 401 if how == "no task credentials" else 403
        return jsonify(error=how), code
    if job not in JOBS:
        return jsonify(error=f"unknown job {job!r}"), 404
    teams = set(request.args.getlist("team")) or None
    dry_run = request.args.get("dry_run", "") in ("1", "true")
    try:
        week = _week(request.args.get("week"))
        report = runtime.run(job, team_ids=teams, dry_run=dry_run, week=week)
    except InputError as exc:
        return jsonify(error=str(exc)), 400
    if report is None:
        which = f" for team {', '.join(sorted(teams))}" if teams else ""
        return jsonify(error=f"{job} is already running{which}"), 409
    body = {
        "job": job,
        "ok": report.ok,
        "dry_run": dry_run,
        "api_calls": report.total_calls,
        "teams": [
            {"team": t.team, "week": t.week, "counts": t.counts, "error": t.error}
            | ({"skipped": t.skipped} if t.skipped else {})
            for t in report.teams
        ],
        "already_running": report.already_running,
    }
    return jsonify(body), 200 if report.ok else 500
