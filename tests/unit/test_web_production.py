"""The production web pieces in-process: request size limit and security headers; the
shutdown's pieces (/tasks refused while draining, runs refused and counted, the gateway's
safe point); `serve` refusing a port in use in one line."""

from __future__ import annotations

import shutil
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from service.bootstrap import build_deps, build_gateway
from service.cli import main
from service.domain.model import Team
from service.errors import JobStopped
from service.jobs import registry
from service.jobs.base import Deps, TeamReport
from service.run_log import MemoryRunLog
from service.settings import Config, load_config
from service.web import create_app
from service.web.app import runtime_of
from tests.helpers import keep_first_team, write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
AUTH = {"X-Oneonone-Task-Secret": "s3cret"}
RELEASE = threading.Event()
STARTED = threading.Event()


def slow_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    STARTED.set()
    RELEASE.wait(10)
    return TeamReport(job="prepare", team=team.id, week="2026-11-30")


@pytest.fixture
def config(tmp_path: Path) -> Config:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    keep_first_team(target)
    write_fake_service_account(target / "service-account.json")
    return load_config(target)


@pytest.fixture
def app(config: Config, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setitem(
        registry.JOBS, "prepare", ("tests.unit.test_web_production", "slow_team_job")
    )
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    RELEASE.clear()
    STARTED.clear()
    yield create_app(
        config, clock=lambda: datetime(2026, 11, 26, tzinfo=UTC), run_log=MemoryRunLog()
    )
    RELEASE.set()


def test_tasks_answer_503_while_draining_and_other_pages_still_answer(app: Flask) -> None:
    runtime_of(app).lifecycle.draining.set()
    client = app.test_client()
    response = client.post("/tasks/prepare", headers=AUTH)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert not STARTED.is_set()
    assert client.get("/healthz").status_code == 200
    assert client.get("/status?format=json").status_code == 200


def test_a_running_job_is_counted_and_new_runs_are_refused_while_draining(app: Flask) -> None:
    runtime = runtime_of(app)
    thread = threading.Thread(target=runtime.run, args=["prepare"])
    thread.start()
    assert STARTED.wait(10)
    assert runtime.lifecycle.running == 1
    runtime.lifecycle.draining.set()
    assert runtime.run("remind") is None  # e.g. the scheduler firing during the drain
    assert not runtime.lifecycle.wait_idle(0.05)
    RELEASE.set()
    assert runtime.lifecycle.wait_idle(10)
    thread.join()
    assert [run["job"] for run in runtime.history.runs()] == ["prepare"]


def test_jobs_built_by_the_app_stop_before_their_next_google_call(app: Flask) -> None:
    runtime = runtime_of(app)
    deps = runtime.deps(False)
    runtime.lifecycle.stop_jobs.set()
    request = deps.gateway.client("drive", "a@example.com").files().list()
    with pytest.raises(JobStopped, match="shutting down"):
        deps.gateway.execute(request, "a@example.com", "list files")


def test_a_gateway_not_stopped_makes_its_call(config: Config) -> None:
    gateway = build_gateway(config)  # token_uri points at a closed port: the call is tried
    request = gateway.client("drive", "a@example.com").files().list()
    gateway.max_attempts = 1
    with pytest.raises(Exception) as raised:
        gateway.execute(request, "a@example.com", "list files")
    assert not isinstance(raised.value, JobStopped)
    assert build_deps(config).gateway.stop.is_set() is False


def test_serve_on_a_port_in_use_is_one_line_exit_2(
    config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--config", str(config.directory), "--port", str(port)])
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("oneonone serve: cannot listen on 127.0.0.1:") and "\n" not in err


def test_html_pages_carry_security_headers(app: Flask) -> None:
    response = app.test_client().get("/status", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy  # no script may run on the page
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_json_answers_are_not_sniffed_or_framed_either(app: Flask) -> None:
    for path in ("/healthz", "/status?format=json", "/tasks/prepare"):
        response = app.test_client().get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_a_large_request_body_gets_413_and_runs_nothing(app: Flask) -> None:
    client = app.test_client()
    body = b"x" * (64 * 1024 + 1)
    response = client.post("/tasks/prepare", data=body, headers=AUTH)
    assert response.status_code == 413
    assert not STARTED.is_set()
    assert client.post("/status", data=body).status_code == 413  # before routing, too
