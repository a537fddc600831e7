"""`oneonone serve` (waitress) shuts down gracefully on SIGTERM during a job.

The service runs as a real subprocess against the emulator (with a little latency per call so
that `prepare` takes a few seconds). A `/tasks/prepare` request starts the job; SIGTERM arrives
while it runs. With time to drain, the job finishes and answers; with none, it is stopped
between two Google calls. Either way: `/tasks` answers 503 meanwhile, the process exits 0,
the scheduler lock is free for another process, and a re-run converges with nothing
duplicated.
"""

from __future__ import annotations

import fcntl
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bootstrap import build_deps
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import load_config
from tests.e2e.workspace_snapshot import difference, snapshot
from workspace_emulator.core.faults import FaultConfig
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
SECRET = "shutdown-test-secret"
AUTH = {"X-Oneonone-Task-Secret": SECRET}


def write_config(directory: Path, emulator: Emulator) -> Path:
    """The example team cut to four reps, pointed at ``emulator``, state under ``directory``."""
    config = directory / "config"
    config.mkdir()
    for name in ("org.yaml", "schedule.yaml", "metrics.yaml", "metrics.csv", "program.yaml"):
        (config / name).write_bytes((ROOT / "config" / "example" / name).read_bytes())
    org = yaml.safe_load((config / "org.yaml").read_text())
    org["teams"] = org["teams"][:1]
    org["teams"][0]["reps"] = org["teams"][0]["reps"][:4]
    (config / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    google = yaml.safe_load((ROOT / "config" / "example" / "google.yaml").read_text())
    google["endpoint"] = emulator.base_url
    google["auth"]["key_file"] = str(emulator.service_account_file)
    (config / "google.yaml").write_text(yaml.safe_dump(google))
    service = {
        "status_file": str(directory / "state" / "status.json"),
        "scheduler_lock": str(directory / "state" / "scheduler.lock"),
    }
    (config / "service.yaml").write_text(yaml.safe_dump(service))
    return config


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    stdout: str = ""  # what it printed after its first line, once it has exited

    def post(self, path: str) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(self.url + path, method="POST", headers=AUTH)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    def exit_code(self) -> int:
        """Wait (bounded) for the process to end."""
        code = self.process.wait(timeout=60)
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.read().decode()
        return code


@contextmanager
def serving(config: Path, drain_seconds: float, **env: str) -> Iterator[Served]:
    """`oneonone serve` on a free port; killed at the end if it is still running."""
    log = config.parent / "serve.log"
    with log.open("w") as stderr:
        command = ["serve", "--config", str(config), "--port", "0"]
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", *command, "--drain-seconds", str(drain_seconds)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            bufsize=0,  # unbuffered: select() then tells the truth about what is left
            env={**os.environ, "ONEONONE_TASK_SECRET": SECRET, **env},
            cwd=config.parent,
        )
    assert process.stdout is not None
    try:
        before, line = [], ""
        deadline = time.monotonic() + 60
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while not line.startswith("serving on http://"):  # JSON log lines may come first
                ready = selector.select(timeout=max(0.0, deadline - time.monotonic()))
                line = process.stdout.readline().decode() if ready else ""
                assert line, (before, log.read_text())
                before.append(line)
        served = Served(process, line.split()[-1].removesuffix("/status"), log)
        yield served
        served.stdout = "".join(before[:-1]) + served.stdout
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[Emulator, Path]]:
    emulator = Emulator(tmp_path / "workspace", port=0, faults=FaultConfig(latency_ms=(40, 60)))
    emulator.start()
    try:
        config = write_config(tmp_path, emulator)
        report = install(build_deps(load_config(config)), datetime.now(UTC))
        assert report.ok, [t.error for t in report.teams]
        yield emulator, config
    finally:
        emulator.stop()


def start_job_then_sigterm(served: Served, emulator: Emulator) -> threading.Thread:
    """POST /tasks/prepare in a thread; SIGTERM once the job has made a few calls."""
    before = sum(emulator.stats().values())
    job = threading.Thread(target=lambda: served.answers.append(served.post("/tasks/prepare")))
    job.start()
    deadline = time.monotonic() + 60
    while sum(emulator.stats().values()) < before + 5:
        assert time.monotonic() < deadline, "the job never started"
        assert job.is_alive(), served.answers
        time.sleep(0.02)
    served.process.send_signal(signal.SIGTERM)
    return job


def wait_for_draining(served: Served) -> None:
    """/tasks answers 503 once the signal is handled (409 before: prepare is running)."""
    deadline = time.monotonic() + 10
    while True:
        code, _body = served.post("/tasks/prepare")
        if code == 503:
            return
        assert code == 409 and time.monotonic() < deadline, code
        time.sleep(0.05)


def lock_is_free(config: Path) -> bool:
    path = Path(load_config(config).service.scheduler_lock)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def converges(emulator: Emulator, config: Path) -> dict[str, Any]:
    """Run prepare again twice: the second run changes nothing and nothing is duplicated.
    Returns the Workspace after the first re-run."""
    deps = build_deps(load_config(config))
    assert run_named("prepare", deps, datetime.now(UTC)).ok
    once = snapshot(emulator)
    assert run_named("prepare", deps, datetime.now(UTC)).ok
    assert difference(snapshot(emulator), once) == {}
    for kind in ("files", "docs", "events"):
        assert max(once[kind].values()) == 1, (kind, once[kind].most_common(1))
    return once


def test_sigterm_lets_a_running_job_finish(workspace: tuple[Emulator, Path]) -> None:
    emulator, config = workspace
    with serving(config, drain_seconds=60) as served:
        job = start_job_then_sigterm(served, emulator)
        wait_for_draining(served)
        assert served.get("/healthz") == 200  # still answering probes while draining
        assert served.get("/readyz") == 503  # but no longer ready for traffic
        job.join(timeout=120)
        assert served.exit_code() == 0, served.log.read_text()
    text = served.log.read_text()  # plain text on a terminal, the run's labels at the end
    assert "INFO service.web.serving SIGTERM received: draining" in text
    assert "prepare: 1 team(s)" in text and "[job=prepare run_id=" in text
    [(code, body)] = served.answers
    assert code == 200 and body["ok"], body
    assert lock_is_free(config)
    after_serve = snapshot(emulator)
    assert difference(converges(emulator, config), after_serve) == {}  # it had finished


def test_sigterm_stops_a_job_at_a_safe_point_when_drain_time_is_up(
    workspace: tuple[Emulator, Path],
) -> None:
    emulator, config = workspace
    with serving(config, drain_seconds=0.2, K_SERVICE="oneonone") as served:  # as on Cloud Run
        job = start_job_then_sigterm(served, emulator)
        job.join(timeout=120)
        assert served.exit_code() == 0, served.log.read_text()
    [(code, body)] = served.answers
    assert code == 500, body
    assert "shutting down" in body["teams"][0]["error"]
    logged = [json.loads(line) for line in served.stdout.splitlines()]  # Cloud Logging's form
    stopped = [e for e in logged if "JobStopped" in e["message"]]
    assert stopped and stopped[0]["severity"] == "WARNING", logged
    labels = stopped[0]["logging.googleapis.com/labels"]
    assert labels["job"] == "prepare" and labels["team"] == "east-ae" and labels["run_id"]
    assert labels["week"] == body["teams"][0]["week"] or not body["teams"][0]["week"]
    assert any(e["message"] == "stopped; scheduler lock released" for e in logged)
    assert lock_is_free(config)
    stopped = snapshot(emulator)
    assert difference(converges(emulator, config), stopped) != {}  # the re-run finished it
