"""Run consecutive weekly cycles for the sample org on the embedded emulator.

The state directory keeps the run's first week and how many weeks are done, so asking for
more weeks continues where the last run stopped, and asking again for what is done replays
the last week (as a restarted scheduler would), which must change nothing: the jobs and the
simulated people are idempotent. Simulated time: before each step the emulator's clock is
set to that step's moment, so modifiedTime says who was late and a 1:1 whose time has
passed was held, exactly as Google would say.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from service.bootstrap import build_deps, build_history
from service.demo.counts import DemoCounts, count_workspace
from service.demo.metrics_feed import write_metrics
from service.demo.people import answer_invitations, move_by_hand, seed_busy
from service.demo.rep_edits import write_doc
from service.demo.state import DemoState, load_state, save_state, write_config
from service.demo.timeline import Step, week_end, week_script
from service.domain.model import Role
from service.domain.week import Week
from service.errors import InputError
from service.google import tags
from service.google.drive import find_files, week_docs
from service.jobs.base import Deps, JobReport, converging
from service.jobs.registry import run_named
from service.settings import Config, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
DEFAULT_WEEKS = 2  # enough to see commitments carried over and 1:1s held
HOME_PORT = 8765  # where the written config expects the emulator
WEEKLY_JOBS = ("prepare", "remind", "collect")


@dataclass
class DemoResult:
    """What the demo did, what the Workspace holds now, and where to look."""

    weeks: list[Week]
    ran: list[Week] = field(default_factory=list)  # run (or replayed) by this invocation
    reports: list[JobReport] = field(default_factory=list)
    counts: DemoCounts = field(default_factory=DemoCounts)
    urls: dict[str, str] = field(default_factory=dict)
    config_dir: Path = EXAMPLE


def demo_config(base: Config, endpoint: str, key_file: Path, state: Path) -> Config:
    """The configuration pointed at the emulator, with its state under ``state``
    (paths made absolute: the configuration resolves relative ones against its directory)."""
    key_file, state = Path(key_file).resolve(), Path(state).resolve()
    google = base.google.model_copy(
        update={
            "endpoint": endpoint,
            "auth": base.google.auth.model_copy(update={"key_file": str(key_file)}),
        }
    )
    service = base.service.model_copy(
        update={
            "status_file": str(state / "status.json"),
            "scheduler_lock": str(state / "scheduler.lock"),
        }
    )
    return dataclasses.replace(base, google=google, service=service)


def plan_run(state: DemoState | None, weeks: int | None, first: Week) -> tuple[DemoState, int]:
    """The state to run from and how many weeks the run covers: the weeks asked for (default
    at least ``DEFAULT_WEEKS``), never fewer than the state holds."""
    if state is not None and state.first != first and state.done:
        raise InputError(
            f"the state's first week is {state.first.label}, not {first.label}; "
            "use a new --state for another week"
        )
    state = DemoState(first, state.done if state else 0)
    if weeks is not None and weeks < 1:
        raise InputError("--weeks must be at least 1")
    if weeks is not None and weeks < state.done:
        raise InputError(
            f"this state holds {state.done} weeks already; ask for --weeks {state.done} "
            "or more, or use a new --state"
        )
    return state, weeks if weeks is not None else max(DEFAULT_WEEKS, state.done)


def run_demo(
    state_dir: Path,
    today: date,
    *,
    weeks: int | None = None,
    first_week: Week | None = None,
    config_dir: Path = EXAMPLE,
    port: int = 0,
    serve: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
) -> DemoResult:
    """Start the emulator on ``state_dir``, run the weeks not done yet (or replay the last),
    count the Workspace, stop the emulator (with ``serve``, keep it running until interrupted).
    """
    state_dir = state_dir.resolve()  # the config resolves relative paths against its own dir
    held = load_state(state_dir)
    first = first_week or (held.first if held else Week.of(today).next())
    state, total = plan_run(held, weeks, first)
    own_config = write_config(state_dir, config_dir, port or HOME_PORT)
    emulator = _start_emulator(state_dir / "workspace", port)
    try:
        config = demo_config(
            load_config(own_config), emulator.base_url, emulator.service_account_file, state_dir
        )
        deps = build_deps(config, progress=progress)
        if state.done == 0:
            _set_time_zones(emulator, deps)
        result = DemoResult(weeks=[state.week(n) for n in range(total)], config_dir=own_config)
        history = build_history(config)  # the service log /status reads after the demo
        todo = list(range(state.done, total)) or [total - 1]
        for number in todo:
            week = state.week(number)
            progress(f"the week of {week.label} ({number + 1} of {total})")
            _refresh_metrics(config, deps, week)
            reports = run_week(deps, week, emulator.store.set_now, progress, number)
            for report in reports:
                if report.job in WEEKLY_JOBS:  # as `oneonone run` records them
                    history.record(report)
            result.reports.extend(reports)
            result.ran.append(week)
            state = DemoState(state.first, max(state.done, number + 1))
            save_state(state_dir, state)
        now = week_end(deps.teams, result.weeks[-1])
        emulator.store.set_now(now)
        result.counts = count_workspace(deps, result.weeks, now, result.reports)
        # Links name the port the emulator is browsed on afterwards, so that the output does
        # not depend on which port happened to be free during the run.
        view = emulator.base_url if serve or not port else f"http://127.0.0.1:{port}"
        if view != emulator.base_url:
            progress(f"port {port} was taken: the emulator ran on port {emulator.port}")
        url = result.counts.tracker_url
        result.counts.tracker_url = url.replace(emulator.base_url, view, 1)
        result.urls = _urls(deps, emulator.base_url, result)
        result.urls = {k: v.replace(emulator.base_url, view, 1) for k, v in result.urls.items()}
        if serve:
            _serve_until_interrupted(result, progress)
        return result
    finally:
        emulator.stop()


def _refresh_metrics(config: Config, deps: Deps, week: Week) -> None:
    """The demo's metrics CSV as the CRM would export it before ``week``'s prepare."""
    source = config.metrics.source
    if source is not None and source.kind == "csv" and source.path:
        write_metrics(config.resolve(source.path), deps.teams, week, config.metrics.period)


def _set_time_zones(emulator: Any, deps: Deps) -> None:
    """Each person's calendar in their own zone, as their Workspace admin set it (the Calendar
    API cannot change it), so the emulator's views show local times."""
    from workspace_emulator.calendar.store import set_user_timezone

    for team in deps.teams:
        people = [team.manager, *team.reps, *([team.director] if team.director else [])]
        for person in people:
            set_user_timezone(emulator.store, person.email, person.timezone)


def _urls(deps: Deps, base_url: str, result: DemoResult) -> dict[str, str]:
    team, week = deps.teams[0], result.weeks[-1]
    docs = week_docs(deps.gateway, team.manager.email, team.id, week.label)
    first = docs.get(team.reps[0].email, {})
    return {
        "emulator": base_url + "/",
        "calendar": f"{base_url}/view/calendar/{team.manager.email}?week={week.label}",
        f"doc of {team.reps[0].name}": str(first.get("webViewLink", "")),
        "tracker": result.counts.tracker_url,
        **_leader_urls(deps, week),
    }


def _leader_urls(deps: Deps, week: Week) -> dict[str, str]:
    """The director's 1:1 doc with the first manager, and the director's roll-up."""
    out: dict[str, str] = {}
    for team in deps.teams:
        leader = next((r for r in team.reps if r.role is not Role.AE), None)
        if leader is None:
            continue
        doc = week_docs(deps.gateway, team.manager.email, team.id, week.label).get(leader.email)
        if doc:
            out[f"{team.manager.name}'s 1:1 doc with {leader.name}"] = doc["webViewLink"]
        query = tags.drive_query(kind=tags.KIND_ROLLUP)
        for file in find_files(deps.gateway, team.manager.email, query, fields="webViewLink"):
            out[f"roll-up of {team.manager.name} (tab Managers)"] = file["webViewLink"]
        break
    return out


def _start_emulator(directory: Path, port: int) -> Any:
    """The emulator on ``port``, or on any free port when that one is taken."""
    from workspace_emulator.core.server import Emulator

    try:
        emulator = Emulator(directory, port=port)
    except OSError:
        emulator = Emulator(directory, port=0)
    emulator.start()
    return emulator


def _serve_until_interrupted(result: DemoResult, progress: Callable[[str], None]) -> None:
    import time as wall_clock

    for name, url in result.urls.items():
        print(f"  {name}: {url}", flush=True)
    print("Serving the emulator; Ctrl-C to stop.", flush=True)
    try:
        while True:
            wall_clock.sleep(3600)
    except KeyboardInterrupt:
        progress("stopping")


def run_week(
    deps: Deps,
    week: Week,
    set_clock: Callable[[datetime], None],
    progress: Callable[[str], None] = lambda _m: None,
    week_no: int = 0,
) -> list[JobReport]:
    """The weekly cycle that ends with the 1:1s of ``week`` (the run's week ``week_no``):
    install (a no-op once done), then every team's steps in time order. ``set_clock`` moves
    the Workspace's clock to each step's moment."""
    from service.jobs.install.job import install

    script = week_script(deps.config, deps.teams, week, week_no)
    reports: list[JobReport] = []
    progress("installing folders and templates")
    start = script[0].at - timedelta(minutes=30)
    set_clock(start)
    reports.append(install(deps, start))
    docs: dict[str, dict[str, dict[str, Any]]] = {}
    for step in script:
        set_clock(step.at)
        report = _do(deps, step, week, week_no, docs, progress)
        if report is not None:
            reports.append(report)
    return reports


def _do(
    deps: Deps,
    step: Step,
    week: Week,
    week_no: int,
    docs: dict[str, dict[str, dict[str, Any]]],
    progress: Callable[[str], None],
) -> JobReport | None:
    """One step of the script; a job's report, else None."""
    gw, team = deps.gateway, step.team
    if step.action in ("prepare", "remind", "collect"):
        progress(step.label)
        return run_named(step.action, deps, step.at, {team.id})
    if step.action == "seed":
        seed_busy(gw, team, week)
    elif step.action == "answer":
        for answer in answer_invitations(gw, team, week, step.rep):
            progress(f"{step.label}: {answer}")
    elif step.action == "move":
        moved = converging(lambda: move_by_hand(gw, team, week, str(step.rep)), step.label)
        if moved:
            progress(f"{step.label}: the manager moves the 1:1 to {moved}")
    elif step.action == "write" and step.rep:
        if team.id not in docs:
            docs[team.id] = week_docs(gw, team.manager.email, team.id, week.label)
        doc, rep = docs[team.id].get(step.rep), team.rep(step.rep)
        if doc and rep:
            # A person whose edit's answer was lost looks at the doc again before typing more.
            doc_id, who = str(doc["id"]), rep
            if converging(lambda: write_doc(gw, who, doc_id, step.index, week_no), step.label):
                progress(f"{step.label}: fills in the doc")
    return None
