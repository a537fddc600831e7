"""Run history shared by every process: two app instances (as two workers or two App Engine
instances) show the same runs, a restart loses nothing, a Workspace outage keeps the runs
locally and says so, and one append is made per run."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from flask import Flask

from service.bootstrap import build_deps
from service.domain.model import Team
from service.errors import WorkspaceError
from service.jobs import registry
from service.jobs.base import Deps, JobReport, TeamReport
from service.run_history import ROLLUPS, RunHistory
from service.run_log import MemoryRunLog, SpillFile
from service.settings import Config, load_config
from service.web import create_app
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
AUTH = {"X-Oneonone-Task-Secret": "s3cret"}
TEAMS = ("east", "west", "north")


def counting_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    report = TeamReport(job="prepare", team=team.id, week="2026-11-30")
    report.count("docs_created", 2)
    report.warnings.append(f"{team.manager.email}: no metrics in the source")
    return report


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    job = ("tests.unit.test_run_history", "counting_team_job")
    monkeypatch.setitem(registry.JOBS, "prepare", job)
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    write_fake_service_account(target / "service-account.json")
    org = yaml.safe_load((target / "org.yaml").read_text())
    org["teams"] = [
        {
            "id": t,
            "name": f"Team {t}",
            "manager": {"name": f"M {t}", "email": f"m.{t}@example.com"},
            "reps": [{"name": f"R {t}", "email": f"r.{t}@example.com"}],
        }
        for t in TEAMS
    ]
    (target / "org.yaml").write_text(yaml.safe_dump(org))
    return load_config(target)


def instance(config: Config, log: MemoryRunLog, state: str) -> Flask:
    """One process or instance: its own memory and its own local disk (``state``)."""
    local = config.directory / state / "spill.jsonl"
    cfg = replace(config, service=config.service.model_copy(update={"status_file": str(local)}))
    return create_app(
        cfg, deps=lambda dry_run: build_deps(cfg, dry_run=dry_run), clock=lambda: NOW, run_log=log
    )


def recent(app: Flask) -> list[tuple[str, str]]:
    """(run, team) of the runs /status lists, newest first."""
    body = app.test_client().get("/status?format=json", headers=AUTH).get_json()
    return [(run["run"], run["team"]) for run in body["recent"]]


def test_two_instances_show_the_same_runs_and_a_restart_loses_nothing(config: Config) -> None:
    log = MemoryRunLog()
    one, two = instance(config, log, "a"), instance(config, log, "b")
    assert one.test_client().post("/tasks/prepare?team=east", headers=AUTH).status_code == 200
    assert two.test_client().post("/tasks/prepare", headers=AUTH).status_code == 200
    assert len(recent(one)) == 4  # east alone, then the three teams
    assert recent(one) == recent(two)
    restarted = instance(config, log, "c")  # a new process on a fresh disk
    assert recent(restarted) == recent(one)
    assert log.appends == 2  # one append per run, every team of the run in it


def test_status_reads_the_shared_log_at_most_every_few_seconds(config: Config) -> None:
    log = MemoryRunLog()
    clock = [0.0]
    history = RunHistory(log, read_every=30.0, monotonic=lambda: clock[0])
    history.runs()
    history.runs()
    assert log.reads == 1
    log.entries.append({"run": "r-other", "team": "east", "job": "remind", "started": "x"})
    assert history.last("remind", "east") is None  # another process's run, not read yet
    clock[0] = 31.0
    assert history.last("remind", "east") is not None
    assert log.reads == 2


def test_an_outage_keeps_runs_locally_says_so_and_catches_up(config: Config) -> None:
    log = MemoryRunLog()
    log.down = WorkspaceError("Google did not answer (timed out)")
    app = instance(config, log, "a")
    client = app.test_client()
    assert client.post("/tasks/prepare?team=east", headers=AUTH).status_code == 200  # ran
    status = client.get("/status?format=json", headers=AUTH).get_json()
    assert status["teams"][0]["jobs"]["prepare"]["last"]["counts"] == {"docs_created": 2}
    problems = " ".join(status["history"]["problems"])
    assert "could not be written (Google did not answer (timed out))" in problems
    assert "spill.jsonl (this machine only)" in problems
    assert "could not be read" in problems
    assert "could not be written" in client.get("/status").get_data(as_text=True)

    log.down = None  # back: the next run writes the waiting one with its own, in one append
    assert client.post("/tasks/prepare?team=west", headers=AUTH).status_code == 200
    assert log.appends == 1
    assert sorted(e["team"] for e in log.entries) == ["east", "west"]
    assert SpillFile(config.directory / "a" / "spill.jsonl").read() == []
    other = instance(config, log, "b")
    assert [t for _run, t in recent(other)] == ["west", "east"]
    assert recent(other) == recent(app)


def test_without_a_disk_runs_wait_in_memory(config: Config, tmp_path: Path) -> None:
    log = MemoryRunLog()
    log.down = WorkspaceError("refused")
    blocked = tmp_path / "file"
    blocked.write_text("")
    history = RunHistory(log, spill=SpillFile(blocked / "spill.jsonl"))  # not a directory
    history.record(_report())
    assert history.write_problem is not None and "in memory" in history.write_problem
    assert [e["team"] for e in history.runs()] == ["east", ROLLUPS]


def test_dry_runs_write_nothing(config: Config) -> None:
    log = MemoryRunLog()
    app = instance(config, log, "a")
    assert app.test_client().post("/tasks/prepare?dry_run=1", headers=AUTH).status_code == 200
    assert log.appends == 0 and recent(app) == []


def _report() -> JobReport:
    report = JobReport(job="collect", started=NOW, dry_run=False, api_calls={"sheets.x": 7})
    east = TeamReport(job="collect", team="east", week="2026-11-30", counts={"submitted": 3})
    east.warnings.append("jordan.james@example.com: energy 2")
    first = TeamReport(job="rollup", team="dana.director@example.com", counts={"teams": 2})
    second = TeamReport(job="rollup", team="lee.director@example.com", error="quota")
    report.teams = [east, first, second]
    return report


def test_entries_hold_counts_and_errors_never_people(config: Config) -> None:
    log = MemoryRunLog()
    RunHistory(log).record(_report())
    text = json.dumps(log.entries)
    assert "@" not in text and "jordan" not in text and "energy" not in text
    east, rollups = log.entries
    assert east["counts"] == {"submitted": 3} and east["warnings"] == 1
    assert east["api_calls"] == 7 and east["week"] == "2026-11-30" and east["error"] is None
    assert rollups["team"] == ROLLUPS and rollups["counts"] == {"teams": 2}
    assert rollups["error"] == "quota" and east["run"] == rollups["run"]


def test_an_append_retried_after_a_lost_reply_is_shown_once(config: Config) -> None:
    log = MemoryRunLog()
    history = RunHistory(log)
    history.record(_report())
    log.entries.extend(json.loads(json.dumps(log.entries)))  # the same rows written twice
    assert len(RunHistory(log).runs()) == 2
