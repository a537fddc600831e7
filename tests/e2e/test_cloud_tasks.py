"""The cloud_tasks executor end to end: `oneonone serve` as a real process, Cloud Tasks on the
emulator (queues as queue.yaml makes them), the example org's three teams.

The cron request enqueues one task per team; the emulator dispatches them to the service with
OIDC tokens (the test decides when, by passing the time in), each team's prepare runs through
the HTTP endpoint, a team whose manager is suspended fails once and converges on its retry,
a repeated cron request enqueues nothing, and a task request without a valid token for the
configured invoker is refused. What prepare wrote is counted in the Workspace with the real
client libraries, independently of the service.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from google.cloud import tasks_v2

from service.bootstrap import build_deps
from service.domain.cycle import week_to_prepare
from service.domain.week import Week
from service.google.cloud_tasks import queue_specs
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import load_config
from service.settings.org import teams_of
from tests.e2e.workspace_reader import WorkspaceReader
from workspace_emulator.core.server import Emulator
from workspace_emulator.tasks.model import TASKS
from workspace_emulator.testing import tasks_client

ROOT = Path(__file__).resolve().parents[2]
SECRET = "cloud-tasks-test-secret"
PROJECT, LOCATION = "acme-sales", "europe-west1"
INVOKER = "tasks-invoker@acme-sales.iam.gserviceaccount.com"
PARENT = f"projects/{PROJECT}/locations/{LOCATION}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(directory: Path, emulator: Emulator, service_url: str) -> Path:
    """The example org (three teams) on ``emulator``, with the cloud_tasks executor."""
    config = directory / "config"
    config.mkdir()
    for name in ("org.yaml", "schedule.yaml", "metrics.yaml", "metrics.csv", "program.yaml"):
        (config / name).write_bytes((ROOT / "config" / "example" / name).read_bytes())
    google = yaml.safe_load((ROOT / "config" / "example" / "google.yaml").read_text())
    google["endpoint"] = emulator.base_url
    google["auth"]["key_file"] = str(emulator.service_account_file)
    (config / "google.yaml").write_text(yaml.safe_dump(google))
    service = {
        "status_file": str(directory / "state" / "status.json"),
        "scheduler_lock": str(directory / "state" / "scheduler.lock"),
        "executor": "cloud_tasks",
        "cloud_tasks": {"project": PROJECT, "location": LOCATION, "service_url": service_url,
                        "invoker_service_account": INVOKER},
    }  # fmt: skip
    (config / "service.yaml").write_text(yaml.safe_dump(service))
    return config


def create_queues(emulator: Emulator) -> None:
    """The queues of queue.yaml, made through the Cloud Tasks API."""
    client = tasks_client(emulator)
    for queue in queue_specs((ROOT / "queue.yaml").read_text(), PARENT):
        client.create_queue(parent=PARENT, queue=queue)


@dataclass
class Service:
    url: str
    process: subprocess.Popen[bytes]

    def call(
        self, path: str, headers: dict[str, str] | None = None, method: str = "POST"
    ) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(self.url + path, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Emulator, Service, Path]]:
    emulator = Emulator(tmp_path / "workspace", port=0, dispatch_tasks=False).start()
    port = free_port()
    config = write_config(tmp_path, emulator, f"http://127.0.0.1:{port}")
    process: subprocess.Popen[bytes] | None = None
    try:
        report = install(build_deps(load_config(config)), datetime.now(UTC))
        assert report.ok, [t.error for t in report.teams]
        create_queues(emulator)
        with (tmp_path / "serve.log").open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "serve", "--config", str(config),
                 "--port", str(port), "--no-scheduler"],
                stdout=subprocess.PIPE, stderr=log, cwd=tmp_path,
                env={**os.environ, "ONEONONE_TASK_SECRET": SECRET},
            )  # fmt: skip
        assert process.stdout is not None
        while "serving on http://" not in (line := process.stdout.readline().decode()):
            assert line, (tmp_path / "serve.log").read_text()
        yield emulator, Service(f"http://127.0.0.1:{port}", process), config
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=60)
            assert process.stdout is not None
            process.stdout.close()
        emulator.stop()


def queued(emulator: Emulator, job: str) -> dict[str, str]:
    """team -> week of the tasks waiting on ``job``'s queue, through the Cloud Tasks client."""
    client = tasks_client(emulator)
    view = tasks_v2.Task.View.FULL
    tasks = client.list_tasks(request={"parent": f"{PARENT}/queues/oneonone-{job}",
                                       "response_view": view})  # fmt: skip
    out = {}
    for task in tasks:
        query = parse_qs(urlsplit(task.http_request.url).query)
        out[query["team"][0]] = query["week"][0]
    return out


def run_queue(emulator: Emulator, start: datetime, until: datetime) -> list[int]:
    """Dispatch what falls due from ``start`` to ``until``, a second at a time (the queue
    starts one team a second), until no task is left; the answers' statuses."""
    statuses, now = [], start
    while now <= until and emulator.store.ids(TASKS):
        statuses += [attempt.status for attempt in emulator.tasks.run_due(now)]
        now += timedelta(seconds=1)
    return statuses


def team_docs(reader: WorkspaceReader, manager: str, team: str, week: str) -> list[str]:
    """The names of the team's 1:1 docs of ``week``, as its manager's Drive lists them."""
    query = (
        "trashed = false and appProperties has { key='kind' and value='rep_doc' } and "
        f"appProperties has {{ key='team' and value='{team}' }} and "
        f"appProperties has {{ key='week' and value='{week}' }}"
    )
    return [f["name"] for f in reader.files(manager, query)]


def test_cron_fans_out_per_team_tasks_that_run_retry_and_converge(
    world: tuple[Emulator, Service, Path],
) -> None:
    emulator, service, config = world
    teams = {team.id: team for team in teams_of(load_config(config))}
    assert len(teams) == 4  # the sample org: three sales teams and the director's leads
    suspended = teams["central-ae"].manager.email
    emulator.admin_console.suspend(suspended)  # its first attempt fails

    status, body = service.call("/tasks/prepare", {"X-Oneonone-Task-Secret": SECRET}, "GET")
    assert status == 200, body
    assert sorted(body["enqueued"]) == sorted(teams) and body["api_calls"] == len(teams)
    weeks = queued(emulator, "prepare")
    assert sorted(weeks) == sorted(teams)

    now = emulator.store.now()
    first = run_queue(emulator, now, now + timedelta(seconds=5))
    assert sorted(first) == [200, 200, 200, 500], first  # the leads team books around her
    assert sorted(queued(emulator, "prepare")) == ["central-ae"]  # waiting for its retry

    emulator.admin_console.restore(suspended)
    assert run_queue(emulator, now + timedelta(seconds=30), now + timedelta(seconds=55)) == []
    assert run_queue(emulator, now + timedelta(seconds=60), now + timedelta(minutes=10)) == [200]
    assert queued(emulator, "prepare") == {}

    reader = WorkspaceReader(emulator.base_url, str(emulator.service_account_file))
    for team_id, team in teams.items():
        week = Week.parse_monday(weeks[team_id])
        names = team_docs(reader, team.manager.email, team_id, weeks[team_id])
        assert names and len(names) == len(set(names)) == len(team.reps_due(week)), names

    again, body = service.call("/tasks/prepare", {"X-Oneonone-Task-Secret": SECRET}, "GET")
    assert again == 200 and body["enqueued"] == []
    assert sorted(body["already_enqueued"]) == sorted(teams)
    assert queued(emulator, "prepare") == {}

    status, page = service.call("/status?format=json", {"X-Oneonone-Task-Secret": SECRET}, "GET")
    assert status == 200
    last = {t["team"]: t["jobs"]["prepare"]["last"] for t in page["teams"]}
    assert sorted(last) == sorted(teams) and all(not run.get("error") for run in last.values())


def kind_count(reader: WorkspaceReader, user: str, kind: str, team: str = "") -> int:
    query = f"trashed = false and appProperties has {{ key='kind' and value='{kind}' }}"
    if team:
        query += f" and appProperties has {{ key='team' and value='{team}' }}"
    return len(reader.files(user, query))


def test_collect_tasks_then_one_roll_up_per_director_once_its_teams_are_done(
    world: tuple[Emulator, Service, Path],
) -> None:
    emulator, service, config = world
    loaded = load_config(config)
    teams = {team.id: team for team in teams_of(loaded)}
    now = datetime.now(UTC)
    week = week_to_prepare(now, loaded.org.timezone)
    assert run_named("prepare", build_deps(loaded), now, week=week).ok  # setup, in process
    suspended = teams["emea-ae"].manager.email
    emulator.admin_console.suspend(suspended)

    path = f"/tasks/collect?week={week.monday.isoformat()}"
    status, body = service.call(path, {"X-Oneonone-Task-Secret": SECRET}, "GET")
    assert status == 200 and sorted(body["enqueued"]) == sorted(teams), body
    assert body["rollups_enqueued"] == 1 and body["api_calls"] == len(teams) + 1  # one director

    start = emulator.store.now()
    first = run_queue(emulator, start, start + timedelta(seconds=5))
    assert sorted(first) == [200, 200, 200, 500, 503], first  # the roll-up waits for emea-ae
    assert run_queue(emulator, start + timedelta(seconds=20), start + timedelta(seconds=55)) == [
        503
    ]
    emulator.admin_console.restore(suspended)
    rest = run_queue(emulator, start + timedelta(seconds=56), start + timedelta(minutes=30))
    assert rest == [200, 200], rest  # emea-ae's retry, then the roll-up
    assert not emulator.store.ids(TASKS)

    reader = WorkspaceReader(emulator.base_url, str(emulator.service_account_file))
    for team in teams.values():
        assert kind_count(reader, team.manager.email, "tracker", team.id) == 1, team.id
    director = next(iter({t.director.email for t in teams.values() if t.director}))
    assert kind_count(reader, director, "rollup") == 1


def test_a_team_task_needs_the_invokers_oidc_token(
    world: tuple[Emulator, Service, Path],
) -> None:
    emulator, service, _config = world
    path = "/tasks/remind?team=east-ae"
    assert service.call(path)[0] == 401
    wrong_audience = emulator.id_tokens.issue("https://elsewhere.example", INVOKER)
    stranger = emulator.id_tokens.issue(service.url, "someone@acme-sales.iam.gserviceaccount.com")
    for token in (wrong_audience, stranger, "not.a.token"):
        status, body = service.call(path, {"Authorization": f"Bearer {token}"})
        assert status == 403, body
    expired = emulator.id_tokens.issue(service.url, INVOKER, now=time.time() - 7200)
    assert service.call(path, {"Authorization": f"Bearer {expired}"})[0] == 403
    good = emulator.id_tokens.issue(service.url, INVOKER)
    status, body = service.call(path, {"Authorization": f"Bearer {good}"})
    assert status == 200 and [t["team"] for t in body["teams"]] == ["east-ae"]
