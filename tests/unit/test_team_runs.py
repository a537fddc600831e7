"""Several teams at once: every team's job runs (the real APScheduler firing a shared cycle
time, and /tasks called for two teams together), the same team's job never twice at once."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from flask import Flask

from service.bootstrap import build_deps
from service.domain.model import Team
from service.jobs import registry
from service.jobs.base import Deps, TeamReport
from service.run_log import MemoryRunLog
from service.settings import Config, load_config
from service.web import create_app
from service.web.scheduler import scheduled_jobs, scheduler_init_app, scheduler_shutdown
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # Thu 09:00 in New York
NEW_YORK = ("east", "west", "north")
AUTH = {"X-Oneonone-Task-Secret": "s3cret"}
WAIT = 20.0  # seconds before a test gives up waiting for a thread (never slept)


class Gate:
    """What the fake job does: note the team, then wait until ``together`` teams are inside
    at the same moment (only possible when they really run side by side), or for ``release``."""

    def __init__(self, together: int = 1) -> None:
        self.barrier = threading.Barrier(together, timeout=WAIT)
        self.release = threading.Event()
        self.release.set()
        self.held: set[str] = set()  # teams whose runs wait for ``release``
        self.hold_dry_runs_only = False
        self.entered: list[str] = []
        self.inside = threading.Event()
        self.done: list[str] = []
        self.all_done = threading.Event()
        self.expected: set[str] = set()
        self.lock = threading.Lock()


GATE = Gate()


def gated_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    with GATE.lock:
        GATE.entered.append(team.id)
        GATE.inside.set()
    GATE.barrier.wait()
    if team.id in GATE.held and (deps.dry_run or not GATE.hold_dry_runs_only):
        assert GATE.release.wait(WAIT)
    with GATE.lock:
        GATE.done.append(team.id)
        if set(GATE.done) >= GATE.expected:
            GATE.all_done.set()
    report = TeamReport(job="prepare", team=team.id, week="2026-11-30")
    report.count("docs_created", 1)
    return report


def _team(team_id: str, timezone: str | None = None) -> dict[str, object]:
    team: dict[str, object] = {
        "id": team_id,
        "name": f"Team {team_id}",
        "manager": {"name": f"M {team_id}", "email": f"m.{team_id}@example.com"},
        "reps": [{"name": f"R {team_id}", "email": f"r.{team_id}@example.com"}],
    }
    if timezone:
        team["timezone"] = timezone
    return team


@pytest.fixture
def config(tmp_path: Path) -> Config:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    write_fake_service_account(target / "service-account.json")
    org = yaml.safe_load((target / "org.yaml").read_text())
    org["teams"] = [_team(t) for t in NEW_YORK] + [_team("london", "Europe/London")]
    (target / "org.yaml").write_text(yaml.safe_dump(org))
    return load_config(target)


@pytest.fixture
def app(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    global GATE
    monkeypatch.setitem(registry.JOBS, "prepare", ("tests.unit.test_team_runs", "gated_team_job"))
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    GATE = Gate()
    app = create_app(
        config,
        deps=lambda dry_run: build_deps(config, dry_run=dry_run),
        clock=lambda: NOW,
        run_log=MemoryRunLog(),
    )
    yield app
    scheduler_shutdown(app)


def test_the_scheduler_fires_a_shared_cycle_time_for_every_team(app: Flask) -> None:
    GATE.barrier = threading.Barrier(len(NEW_YORK), timeout=WAIT)
    GATE.expected = set(NEW_YORK)
    scheduler = scheduler_init_app(app, start=False)
    assert scheduler is not None
    executed = threading.Event()
    scheduler.add_listener(lambda _event: executed.set(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    # The scheduler's own triggers, at the time passed in: New York's three teams share
    # Thursday 09:00 (NOW); London's team has its own 09:00 (next week by then).
    due_at = {
        job.id: job.trigger.get_next_fire_time(None, NOW - timedelta(minutes=1))
        for job in scheduler.get_jobs()
    }
    firing = {job_id for job_id, at in due_at.items() if at == NOW}
    assert firing
    assert datetime(2026, 12, 3, 9, tzinfo=UTC) in due_at.values()  # London's prepare
    # That moment has come: what is due then fires as soon as the scheduler wakes up.
    for job in scheduler.get_jobs():
        if job.id in firing:
            job.modify(next_run_time=datetime.now(UTC) - timedelta(seconds=1))
        else:
            job.pause()
    scheduler.start()
    assert GATE.all_done.wait(WAIT), f"ran for {GATE.done}, entered {GATE.entered}"
    assert executed.wait(WAIT)
    assert sorted(GATE.done) == sorted(NEW_YORK)  # each once, all three side by side
    status = app.test_client().get("/status?format=json", headers=AUTH).get_json()
    last = {t["team"]: t["jobs"]["prepare"]["last"] for t in status["teams"]}
    assert {team for team, run in last.items() if run} == set(NEW_YORK)


def test_scheduled_entries_group_teams_sharing_a_moment(app: Flask) -> None:
    entries = {e.id: e for e in scheduled_jobs(app)}
    shared = entries["collect:FRI-16:00:America/New_York"]
    assert shared.job == "collect" and shared.teams == frozenset(NEW_YORK)
    assert entries["collect:FRI-16:00:Europe/London"].teams == frozenset({"london"})
    assert len(entries) == 2 * 4  # prepare, remind, two collects; per time zone


def _post(app: Flask, path: str, out: dict[str, int]) -> None:
    out[path] = app.test_client().post(path, headers=AUTH).status_code


def test_two_teams_at_once_both_run(app: Flask) -> None:
    GATE.barrier = threading.Barrier(2, timeout=WAIT)  # each waits until the other is in
    GATE.expected = {"east", "west"}
    codes: dict[str, int] = {}
    threads = [
        threading.Thread(target=_post, args=(app, f"/tasks/prepare?team={team}", codes))
        for team in ("east", "west")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert codes == {"/tasks/prepare?team=east": 200, "/tasks/prepare?team=west": 200}


def test_the_same_team_twice_at_once_runs_once(app: Flask) -> None:
    GATE.release.clear()  # the first run holds on until the second has been answered
    GATE.held = {"east"}
    GATE.expected = {"east"}
    codes: dict[str, int] = {}
    first = threading.Thread(target=_post, args=(app, "/tasks/prepare?team=east", codes))
    first.start()
    assert GATE.inside.wait(WAIT)  # the first run is inside the job
    second = app.test_client().post("/tasks/prepare?team=east", headers=AUTH)
    assert second.status_code == 409
    assert "already running for team east" in second.get_json()["error"]
    # A run for every team leaves east to the run under way and says so.
    everyone = app.test_client().post("/tasks/prepare", headers=AUTH)
    assert everyone.status_code == 200
    body = everyone.get_json()
    assert body["already_running"] == ["east"]
    assert sorted(t["team"] for t in body["teams"]) == ["london", "north", "west"]
    GATE.release.set()
    first.join(WAIT)
    assert codes == {"/tasks/prepare?team=east": 200}
    assert GATE.done.count("east") == 1


def test_a_dry_run_does_not_hold_up_a_real_run(app: Flask) -> None:
    GATE.release.clear()  # the dry run holds on while the real run goes through
    GATE.held, GATE.hold_dry_runs_only = {"east"}, True
    GATE.expected = {"east"}
    codes: dict[str, int] = {}
    dry = threading.Thread(target=_post, args=(app, "/tasks/prepare?team=east&dry_run=1", codes))
    dry.start()
    assert GATE.inside.wait(WAIT)
    real = app.test_client().post("/tasks/prepare?team=east", headers=AUTH)
    assert real.status_code == 200
    GATE.release.set()
    dry.join(WAIT)
    assert codes == {"/tasks/prepare?team=east&dry_run=1": 200}
