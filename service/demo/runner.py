"""Run one whole weekly cycle for the sample team on the embedded emulator.

The week is pinned in the state directory on the first run, so running the demo again on the
same directory replays the same week and must change nothing (the jobs are idempotent).
Simulated time: before each step the emulator's clock is set to that step's moment, so the
docs' modifiedTime says who was late, exactly as Drive would.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from service.bootstrap import build_deps
from service.demo.counts import count_workspace
from service.demo.personas import PERSONAS, answers_for
from service.demo.rep_edits import carried_over, fill_requests
from service.demo.timeline import moment
from service.domain.model import Team
from service.domain.week import Week
from service.google.drive import read_doc, week_docs
from service.jobs.base import Deps, JobReport
from service.jobs.registry import run_named
from service.settings import Config, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"


@dataclass
class DemoResult:
    """What the demo did and where to look."""

    week: Week
    reports: list[JobReport] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)


def pinned_week(state: Path, today: date) -> tuple[Week, bool]:
    """The demo's 1:1 week: chosen once (the coming week) and kept in the state directory.
    Also says whether this is the first run on ``state``."""
    path = state / "demo.json"
    if path.is_file():
        return Week.parse(json.loads(path.read_text())["week"]), False
    week = Week.of(today).next()
    state.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"week": week.label}))
    return week, True


# Busy time already on the sample team's calendars: (who: "manager" or a rep's index, day,
# from, to). The planner books around it and still fits all ten (4 Mon, 4 Tue, 2 Wed).
BUSY: tuple[tuple[str | int, str, str, str], ...] = (
    ("manager", "WED", "09:00", "12:00"),  # forecast call
    ("manager", "TUE", "12:00", "13:00"),  # team lunch
    (2, "MON", "13:00", "15:00"),  # a customer workshop
    (4, "TUE", "14:00", "15:30"),  # a demo
    (6, "MON", "08:00", "18:00"),  # out on Monday
)


def seed_calendars(emulator: Any, team: Team, week: Week) -> None:
    """Set the sample team's calendars to their time zones and put their existing meetings
    on them (first run only)."""
    from workspace_emulator.calendar.store import set_user_timezone
    from workspace_emulator.calendar.view import add_busy

    for person in (team.manager, *team.reps):
        set_user_timezone(emulator.store, person.email, person.timezone)
    zone = ZoneInfo(team.timezone)
    for who, day, start, end in BUSY:
        person = team.manager if who == "manager" else team.reps[int(who)]
        when = week.day(day)
        add_busy(
            emulator.store,
            person.email,
            datetime.combine(when, time.fromisoformat(start), zone).isoformat(),
            datetime.combine(when, time.fromisoformat(end), zone).isoformat(),
        )


def demo_config(base: Config, endpoint: str, key_file: Path, state: Path) -> Config:
    """The example configuration pointed at the emulator, with its state under ``state``
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


def run_demo(
    state: Path,
    today: date,
    *,
    config_dir: Path = EXAMPLE,
    port: int = 0,
    serve: bool = False,
    progress: Callable[[str], None] = lambda _m: None,
) -> DemoResult:
    """Start the emulator on ``state``, run the cycle, count the result, stop the emulator
    (or, with ``serve``, keep it running for browsing until interrupted)."""
    state = state.resolve()  # the config resolves relative paths against its own directory
    week, fresh = pinned_week(state, today)
    emulator = _start_emulator(state / "workspace", port)
    try:
        config = demo_config(
            load_config(config_dir), emulator.base_url, emulator.service_account_file, state
        )
        deps = build_deps(config, progress=progress)
        if fresh:
            seed_calendars(emulator, deps.teams[0], week)
        result = DemoResult(week=week)
        _cycle(deps, week, emulator, result, progress)
        result.counts = count_workspace(deps, week, result.reports)
        team = deps.teams[0]
        docs = week_docs(deps.gateway, team.manager.email, team.id, week.label)
        first = docs.get(team.reps[0].email, {})
        result.urls = {
            "emulator": emulator.base_url + "/",
            "calendar": f"{emulator.base_url}/view/calendar/{team.manager.email}?week={week.label}",
            f"doc of {team.reps[0].name}": str(first.get("webViewLink", "")),
            "tracker": str(result.counts.get("tracker_url", "")),
        }
        if serve:
            _serve_until_interrupted(result, progress)
        return result
    finally:
        emulator.stop()


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


def _cycle(
    deps: Deps, week: Week, emulator: Any, result: DemoResult, progress: Callable[[str], None]
) -> None:
    result.reports.extend(run_week(deps, week, emulator.store.set_now, progress))


def run_week(
    deps: Deps,
    week: Week,
    set_clock: Callable[[datetime], None],
    progress: Callable[[str], None] = lambda _m: None,
) -> list[JobReport]:
    """The weekly cycle that ends with the 1:1s of ``week``: install (a no-op once done),
    Thursday's prepare, the reps writing, Friday's remind and collect, Monday's collect.
    ``set_clock`` moves the Workspace's clock to each step's moment."""
    from service.jobs.install import install

    zone = deps.teams[0].timezone
    reports: list[JobReport] = []

    def at(spec: str) -> datetime:
        when = moment(week, spec, zone)
        set_clock(when)
        return when

    def job(name: str, spec: str) -> None:
        progress(f"{spec}: {name}")
        reports.append(run_named(name, deps, at(spec)))

    progress("installing folders and templates")
    reports.append(install(deps, at("THU 08:30")))
    job("prepare", "THU 09:00")
    _reps_write(deps, week, at, until="FRI 12:00", progress=progress)
    job("remind", "FRI 12:00")
    _reps_write(deps, week, at, until="FRI 16:00", progress=progress)
    job("collect", "FRI 16:00")
    _reps_write(deps, week, at, until="MON 07:00", progress=progress)
    job("collect", "MON 07:00")
    return reports


def _reps_write(
    deps: Deps,
    week: Week,
    at: Callable[[str], datetime],
    *,
    until: str,
    progress: Callable[[str], None],
) -> None:
    """Reps whose moment falls before ``until`` fill in their doc (once: an answered hint is
    no longer a hint, so a re-run writes nothing)."""
    team = deps.teams[0]
    gw = deps.gateway
    limit = moment(week, until, team.timezone)
    docs = week_docs(gw, team.manager.email, team.id, week.label)
    start = moment(week, "THU 09:00", team.timezone)
    writers = sorted(
        (moment(week, persona.submit_at, team.timezone), index, rep, persona)
        for index, (rep, persona) in enumerate(zip(team.reps, PERSONAS, strict=False))
        if persona.submit_at is not None and rep.email in docs
    )
    for when, index, rep, persona in writers:
        if when >= limit or when < start or persona.submit_at is None:
            continue
        at(persona.submit_at)
        doc = read_doc(gw, rep.email, docs[rep.email]["id"])
        answers = answers_for(index, rep.name.split()[0])
        if not fill_requests(doc, answers):
            continue  # already filled in: a re-run writes nothing
        kept = carried_over(doc) if persona.keeps_commitments else frozenset()
        requests = fill_requests(doc, answers, kept)
        progress(f"{persona.submit_at}: {rep.name} fills in the doc")
        service = gw.client("docs", rep.email)
        body = {"requests": requests}
        gw.execute(
            service.documents().batchUpdate(documentId=doc["documentId"], body=body),
            rep.email,
            "demo rep edit",
        )
