"""The cloud_tasks executor without a network: task names, configuration, and the fan-out of
``/tasks/<job>`` onto a fake Cloud Tasks client (the emulator runs it for real in e2e)."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from flask import Flask
from google.api_core import exceptions

from service.bootstrap import build_deps
from service.domain.model import Team
from service.domain.week import Week
from service.errors import ConfigError
from service.google.cloud_tasks import TaskQueue, director_key, task_id
from service.jobs import registry
from service.jobs.base import Deps, TeamReport
from service.run_log import MemoryRunLog
from service.settings import Config, load_config
from service.web import create_app
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # a Thursday
SECRET = {"X-Oneonone-Task-Secret": "s3cret"}
CLOUD = {
    "project": "acme-sales",
    "location": "europe-west1",
    "service_url": "https://oneonone.example.com",
    "invoker_service_account": "tasks-invoker@acme-sales.iam.gserviceaccount.com",
}


def fake_team_job(deps: Deps, team: Team, now: datetime, week: Week | None = None) -> TeamReport:
    """Stands in for a job: says which team and week it ran."""
    return TeamReport(job="prepare", team=team.id, week=(week or Week.of(now.date())).label)


class FakeCloudTasks:
    """What CloudTasksClient.create_task does with names: 409 for a name already used."""

    def __init__(self) -> None:
        self.tasks: dict[str, dict[str, Any]] = {}

    def create_task(self, *, parent: str, task: dict[str, Any]) -> dict[str, Any]:
        if task["name"] in self.tasks:
            raise exceptions.Conflict("Requested entity already exists")
        if "refused" in task["http_request"]["url"]:
            raise exceptions.PermissionDenied("The principal lacks cloudtasks.tasks.create")
        self.tasks[task["name"]] = {"parent": parent, **task}
        return task

    def list_tasks(self, *, parent: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(http_request=SimpleNamespace(url=t["http_request"]["url"]))
                for t in self.tasks.values() if t["parent"] == parent]  # fmt: skip


def write_config(tmp_path: Path, **service: Any) -> Config:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    write_fake_service_account(target / "service-account.json")
    (target / "service.yaml").write_text(yaml.safe_dump(service))
    return load_config(target)


@pytest.fixture
def fake() -> FakeCloudTasks:
    return FakeCloudTasks()


@pytest.fixture
def app(tmp_path: Path, fake: FakeCloudTasks, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setitem(registry.JOBS, "prepare", (__name__, "fake_team_job"))
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    config = write_config(tmp_path, executor="cloud_tasks", cloud_tasks=CLOUD)
    assert config.service.cloud_tasks is not None
    queue = TaskQueue(config.service.cloud_tasks, fake)
    return create_app(
        config,
        deps=lambda dry_run: build_deps(config, dry_run=dry_run),
        clock=lambda: NOW,
        run_log=MemoryRunLog(),
        task_queue=lambda: queue,
    )


def test_task_ids_are_one_per_job_team_week_and_run_day() -> None:
    week = Week.parse_monday("2026-11-30")
    friday, monday = date(2026, 11, 27), date(2026, 11, 30)
    first = task_id("collect", "east-ae", week, friday)
    assert first == task_id("collect", "east-ae", week, friday)
    assert first.endswith("-collect-east-ae-20261130-20261127")
    assert first != task_id("collect", "east-ae", week, monday)  # Monday's re-collect
    assert first != task_id("remind", "east-ae", week, friday)
    odd = task_id("prepare", "team/1 ü", week, friday)
    assert "team_1__" in odd and odd.replace("-", "").replace("_", "").isalnum()


def test_the_cloud_tasks_executor_needs_its_settings(tmp_path: Path) -> None:
    assert write_config(tmp_path / "a").service.executor == "in_process"
    with pytest.raises(ConfigError, match="cloud_tasks"):
        write_config(tmp_path / "b", executor="cloud_tasks")
    with pytest.raises(ConfigError, match="service_url"):
        write_config(tmp_path / "c", executor="cloud_tasks",
                     cloud_tasks={**CLOUD, "service_url": "https://x.example/tasks"})  # fmt: skip
    queues = write_config(tmp_path / "d", executor="cloud_tasks", cloud_tasks=CLOUD)
    assert queues.service.cloud_tasks is not None
    assert queues.service.cloud_tasks.queues.collect == "oneonone-collect"


def test_a_cron_request_enqueues_one_task_per_team_once(app: Flask, fake: FakeCloudTasks) -> None:
    client = app.test_client()
    first = client.get("/tasks/prepare", headers=SECRET)
    assert first.status_code == 200, first.get_json()
    body = first.get_json()
    assert sorted(body["enqueued"]) == ["central-ae", "east-ae", "emea-ae", "leads"]
    assert body["already_enqueued"] == [] and body["api_calls"] == 4
    assert len(fake.tasks) == 4
    task = next(t for t in fake.tasks.values() if "east-ae" in t["name"])
    assert task["parent"] == "projects/acme-sales/locations/europe-west1/queues/oneonone-prepare"
    assert task["http_request"]["url"] == (
        "https://oneonone.example.com/tasks/prepare?team=east-ae&week=2026-11-30"
    )
    assert task["http_request"]["oidc_token"] == {
        "service_account_email": CLOUD["invoker_service_account"],
        "audience": "https://oneonone.example.com",
    }
    again = client.get("/tasks/prepare", headers=SECRET).get_json()
    assert again["enqueued"] == [] and len(again["already_enqueued"]) == 4
    assert len(fake.tasks) == 4


def test_a_team_task_runs_the_job_in_the_request(app: Flask, fake: FakeCloudTasks) -> None:
    path = "/tasks/prepare?team=east-ae&week=2026-11-30"
    answer = app.test_client().post(path, headers=SECRET)
    assert answer.status_code == 200
    assert [(t["team"], t["week"]) for t in answer.get_json()["teams"]] == [
        ("east-ae", "2026-11-30")
    ]
    assert fake.tasks == {}
    dry = app.test_client().post("/tasks/prepare?dry_run=1", headers=SECRET)
    assert dry.status_code == 200 and len(dry.get_json()["teams"]) == 4  # in process


def test_a_refused_enqueue_is_a_500_naming_the_team(tmp_path: Path, fake: FakeCloudTasks) -> None:
    refused = {**CLOUD, "service_url": "https://refused.example"}
    config = write_config(tmp_path, executor="cloud_tasks", cloud_tasks=refused)
    assert config.service.cloud_tasks is not None
    queue = TaskQueue(config.service.cloud_tasks, fake)
    app = create_app(config, clock=lambda: NOW, run_log=MemoryRunLog(), task_queue=lambda: queue)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ONEONONE_TASK_SECRET", "s3cret")
        answer = app.test_client().get("/tasks/remind", headers=SECRET)
    assert answer.status_code == 500
    errors = answer.get_json()["errors"]
    assert sorted(errors) == ["central-ae", "east-ae", "emea-ae", "leads"]
    assert "lacks cloudtasks.tasks.create" in errors["east-ae"]


def test_collect_leaves_roll_ups_to_a_task_per_director_that_waits(
    app: Flask, fake: FakeCloudTasks
) -> None:
    client = app.test_client()
    body = client.get("/tasks/collect", headers=SECRET).get_json()
    assert len(body["enqueued"]) == 4 and body["rollups_enqueued"] == 1
    assert body["api_calls"] == 5
    urls = sorted(t["http_request"]["url"] for t in fake.tasks.values())
    teams = [u for u in urls if "team=" in u]
    assert len(teams) == 4 and all(u.endswith("&rollups=0") for u in teams)
    (rollup,) = [u for u in urls if "rollup=" in u]
    assert "@" not in rollup and "%40" not in rollup  # a key, not the director's address
    path = rollup.removeprefix("https://oneonone.example.com")
    waiting = client.post(path, headers=SECRET)
    assert waiting.status_code == 503 and waiting.get_json() == {"waiting_for": 4}
    assert waiting.headers["Retry-After"] == "60"
    unknown = client.post(f"/tasks/collect?rollup={director_key('x@y.z')}&week=2026-11-30",
                          headers=SECRET)  # fmt: skip
    assert unknown.status_code == 400
