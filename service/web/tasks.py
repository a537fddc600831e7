"""``/tasks/<job>``: run a job now. Authenticated; anything else is refused and runs nothing."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from service.domain.week import FIRST_YEAR, LAST_YEAR, Week
from service.errors import InputError
from service.jobs.registry import JOBS
from service.web.app import runtime_of
from service.web.fan_out import Enqueued
from service.web.task_auth import authorize_request

log = logging.getLogger(__name__)
tasks_bp = Blueprint("tasks", __name__)


def _week(text: str | None) -> Week | None:
    """``?week=YYYY-MM-DD``, a Monday (as ``oneonone run --week``)."""
    if text is None:
        return None
    try:
        week = Week.parse_monday(text)
    except ValueError as exc:
        raise InputError(f"week: {exc}") from None
    if not FIRST_YEAR <= week.monday.year <= LAST_YEAR:  # the jobs' week arithmetic must fit
        raise InputError(f"week: {text} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return week


TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


def flag(values: list[str]) -> bool:
    """A query flag: absent is false; the usual spellings of true and false in any case;
    anything else (``dry_run=``, ``dry_run=2``, two values that disagree) is refused, so a
    dry run is never mistaken for a real one."""
    said = {value.lower() for value in values}
    unknown = said - TRUE - FALSE
    if unknown:
        raise ValueError(
            f"{sorted(unknown)[0]!r} is not true or false (1/0, true/false, yes/no, on/off)"
        )
    if said & TRUE and said & FALSE:
        raise ValueError("given both true and false")
    return bool(said & TRUE)


@tasks_bp.route("/tasks/<job>", methods=["GET", "POST"])
def run_task(job: str) -> ResponseReturnValue:
    """Run ``job`` for every team (or ``?team=ID``), on the week the cycle gives (or
    ``?week=YYYY-MM-DD``, a Monday); ``?dry_run=1`` writes nothing. With the cloud_tasks
    executor, a request for every team enqueues one task per team instead, each of which
    comes back here with its ``?team=ID``; a failed team answers 500, so Cloud Tasks
    retries it."""
    runtime = runtime_of(current_app)
    allowed, how = authorize_request(dict(request.headers), runtime.config)
    if not allowed:
        # Nothing the caller chose is logged before they are known: a job name holding
        # "%0a" would forge log lines. ``how`` is one of our own fixed reasons.
        log.warning("task request refused: %s", how)
        code = 401 if how == "no task credentials" else 403
        return jsonify(error=how), code
    if job not in JOBS:
        return jsonify(error=f"unknown job {job!r}"), 404
    teams = set(request.args.getlist("team")) or None
    try:
        dry_run = flag(request.args.getlist("dry_run"))
    except ValueError as exc:
        return jsonify(error=f"dry_run: {exc}"), 400
    try:
        given = request.args.getlist("rollups")
        rollups = not given or flag(given)  # a collect's roll-ups, unless ?rollups=0
    except ValueError as exc:
        return jsonify(error=f"rollups: {exc}"), 400
    try:
        week = _week(request.args.get("week"))
        if request.args.get("rollup") is not None:
            return _rollup(job, request.args["rollup"], week)
        if runtime.fans_out and not teams and not dry_run:
            return _enqueued(job, runtime.enqueue(job, week=week))
        report = runtime.run(job, team_ids=teams, dry_run=dry_run, week=week, rollups=rollups)
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


def _enqueued(job: str, done: Enqueued | None) -> ResponseReturnValue:
    """The answer to a fan-out: 200 when every team has its task (new or already there)."""
    if done is None:
        return jsonify(error=f"{job} not enqueued: the service is shutting down"), 503
    body = {
        "job": job,
        "executor": "cloud_tasks",
        "ok": done.ok,
        "enqueued": done.enqueued,
        "already_enqueued": done.already_enqueued,
        "errors": done.errors,
        "rollups_enqueued": done.rollups,
        "api_calls": done.api_calls,
    }
    return jsonify(body), 200 if done.ok else 500


def _rollup(job: str, key: str, week: Week | None) -> ResponseReturnValue:
    """A director's roll-up task (cloud_tasks): 503 while their teams' collect tasks are
    still queued, so Cloud Tasks comes back later."""
    runtime = runtime_of(current_app)
    if job != "collect" or week is None or not runtime.fans_out:
        raise InputError("rollup: only for collect with a week, with the cloud_tasks executor")
    outcome = runtime.rollup(key, week)
    if outcome is None:
        return jsonify(error="roll-up not run: the service is shutting down"), 503
    if outcome.report is None:
        answer = jsonify(waiting_for=outcome.waiting_for)
        answer.headers["Retry-After"] = "60"
        return answer, 503
    report = outcome.report
    teams = [{"team": "roll-up", "week": t.week, "counts": t.counts, "error": t.error}
             for t in report.teams]  # fmt: skip
    body = {"job": job, "ok": report.ok, "api_calls": report.total_calls, "teams": teams}
    return jsonify(body), 200 if report.ok else 500
