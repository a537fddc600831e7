"""The Flask service: task authentication, running jobs, status, scheduler wiring."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from service.bootstrap import build_deps
from service.domain.model import Team
from service.domain.week import Week
from service.jobs import registry
from service.jobs.base import Deps, TeamReport
from service.run_log import MemoryRunLog
from service.settings import Config, load_config
from service.web import create_app
from service.web.scheduler import scheduled_jobs, scheduler_init_app, scheduler_shutdown
from service.web.task_auth import authorize
from tests.helpers import keep_first_team, write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
CALLS: list[tuple[str, str]] = []


def fake_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    CALLS.append((team.id, now.isoformat()))
    report = TeamReport(job="fake", team=team.id, week="2026-11-30")
    report.count("docs_created", 3)
    if deps.dry_run:
        report.count("dry_run")
    return report


def failing_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    raise RuntimeError("<script>alert(1)</script>")


@pytest.fixture
def config(tmp_path: Path) -> Config:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    keep_first_team(target)
    write_fake_service_account(target / "service-account.json")
    return load_config(target)


@pytest.fixture
def run_log() -> MemoryRunLog:
    return MemoryRunLog()  # what the Workspace service log is to every instance


@pytest.fixture
def app(config: Config, monkeypatch: pytest.MonkeyPatch, run_log: MemoryRunLog) -> Iterator[Flask]:
    monkeypatch.setitem(registry.JOBS, "prepare", ("tests.unit.test_web", "fake_team_job"))
    monkeypatch.setitem(registry.JOBS, "collect", ("tests.unit.test_web", "failing_team_job"))
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    monkeypatch.delenv("GAE_APPLICATION", raising=False)
    monkeypatch.delenv("GAE_ENV", raising=False)
    CALLS.clear()
    app = create_app(
        config,
        deps=lambda dry_run: build_deps(config, dry_run=dry_run),
        clock=lambda: NOW,
        run_log=run_log,
    )
    yield app


def test_healthz(app: Flask) -> None:
    assert app.test_client().get("/healthz").get_json() == {"ok": True}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Appengine-Cron": "true"},  # forged: we are not on App Engine
        {"X-Oneonone-Task-Secret": "wrong"},
        {"Authorization": "Bearer forged.token.here"},
    ],
)
def test_unauthenticated_tasks_run_nothing(app: Flask, headers: dict[str, str]) -> None:
    response = app.test_client().post("/tasks/prepare", headers=headers)
    assert response.status_code in (401, 403)
    assert CALLS == []


def test_task_with_secret_runs_job_and_records_history(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/tasks/prepare", headers={"X-Oneonone-Task-Secret": "s3cret"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True
    assert body["teams"] == [
        {"team": "east-ae", "week": "2026-11-30", "counts": {"docs_created": 3}, "error": None}
    ]
    assert CALLS == [("east-ae", NOW.isoformat())]
    status = client.get("/status?format=json").get_json()
    prepare = status["teams"][0]["jobs"]["prepare"]
    assert prepare["last"]["counts"] == {"docs_created": 3}
    assert prepare["next"].startswith("2026-12-03T09:00")


def test_dry_run_flag_reaches_job(app: Flask) -> None:
    response = app.test_client().post(
        "/tasks/prepare?dry_run=1", headers={"X-Oneonone-Task-Secret": "s3cret"}
    )
    assert response.get_json()["teams"][0]["counts"] == {"docs_created": 3, "dry_run": 1}


def test_unknown_job_and_team(app: Flask) -> None:
    client = app.test_client()
    auth = {"X-Oneonone-Task-Secret": "s3cret"}
    assert client.post("/tasks/nope", headers=auth).status_code == 404
    assert client.post("/tasks/prepare?team=ghost", headers=auth).status_code == 400


def test_failing_team_is_reported_and_escaped_on_status(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/tasks/collect", headers={"X-Oneonone-Task-Secret": "s3cret"})
    assert response.status_code == 500
    assert "internal error" in response.get_json()["teams"][0]["error"]
    page = client.get("/status", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "FAILED" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_app_engine_cron_trusted_only_on_app_engine(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAE_APPLICATION", "s~oneonone")
    monkeypatch.setenv("GAE_ENV", "standard")
    response = app.test_client().get("/tasks/prepare", headers={"X-Appengine-Cron": "true"})
    assert response.status_code == 200


def test_oidc_token_checked_for_audience_and_account(config: Config) -> None:
    task_auth = config.service.task_auth.model_copy(
        update={
            "oidc_audience": "https://svc",
            "oidc_service_account": "cron@p.iam.gserviceaccount.com",
        }
    )
    good = {"email": "cron@p.iam.gserviceaccount.com", "email_verified": True}
    other = {"email": "someone@p.iam.gserviceaccount.com", "email_verified": True}
    seen: list[str] = []

    def verify(claims: dict[str, object]):  # type: ignore[no-untyped-def]
        def check(token: str, audience: str) -> dict[str, object]:
            seen.append(audience)
            return claims

        return check

    headers = {"Authorization": "Bearer t"}
    assert authorize(headers, task_auth, environ={}, verify=verify(good)) == (True, "oidc")
    assert authorize(headers, task_auth, environ={}, verify=verify(other))[0] is False
    assert seen == ["https://svc", "https://svc"]


def test_history_survives_restart(app: Flask, config: Config, run_log: MemoryRunLog) -> None:
    app.test_client().post("/tasks/prepare", headers={"X-Oneonone-Task-Secret": "s3cret"})
    again = create_app(config, clock=lambda: NOW, run_log=run_log)
    last = again.test_client().get("/status?format=json").get_json()
    assert last["teams"][0]["jobs"]["prepare"]["last"]["counts"] == {"docs_created": 3}


def test_scheduler_has_the_weekly_cycle_and_one_instance(app: Flask, config: Config) -> None:
    jobs = {e.id: (e.job, str(e.trigger), e.teams) for e in scheduled_jobs(app)}
    prepare = jobs["prepare:THU-09:00:America/New_York"]
    assert prepare[0] == "prepare" and prepare[2] == {"east-ae"}
    assert "day_of_week='thu', hour='9', minute='0'" in prepare[1]
    assert sorted(job for job, _, _ in jobs.values()) == ["collect", "collect", "prepare", "remind"]
    first = scheduler_init_app(app, start=False)
    other = create_app(config, run_log=MemoryRunLog())
    try:
        assert first is not None
        assert scheduler_init_app(other, start=False) is None  # the lock keeps one scheduler
    finally:
        scheduler_shutdown(app)
    again = scheduler_init_app(other, start=False)  # released: another process may take over
    assert again is not None
    scheduler_shutdown(other)


def refused_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    report = TeamReport(job="remind", team=team.id, week="2026-11-30")
    report.error = "cannot act as jordan.james@example.com: delegation is not granted"
    return report


def test_status_masks_addresses_for_callers_without_credentials(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry.JOBS, "remind", ("tests.unit.test_web", "refused_team_job"))
    client = app.test_client()
    auth = {"X-Oneonone-Task-Secret": "s3cret"}
    assert client.post("/tasks/remind", headers=auth).status_code == 500
    anonymous = json.dumps(client.get("/status?format=json").get_json(), ensure_ascii=False)
    assert "jordan.james@example.com" not in anonymous and "j…@example.com" in anonymous
    page = client.get("/status").get_data(as_text=True)
    assert "jordan.james" not in page
    admin = client.get("/status?format=json", headers=auth).get_data(as_text=True)
    assert "jordan.james@example.com" in admin


def weekly_team_job(deps: Deps, team: Team, now: datetime, week: Week | None = None) -> TeamReport:
    report = TeamReport(job="remind", team=team.id, week=week.label if week else "2026-11-30")
    if week is None:
        report.skipped = "the week of 2026-11-30 was not prepared for team east-ae: nothing sent"
    else:
        report.count("reminded", 2)
    return report


def test_week_parameter_and_a_skipped_week_on_status(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry.JOBS, "remind", ("tests.unit.test_web", "weekly_team_job"))
    client = app.test_client()
    auth = {"X-Oneonone-Task-Secret": "s3cret"}
    refused = client.post("/tasks/remind?week=2026-12-08", headers=auth)
    assert refused.status_code == 400
    assert refused.get_json()["error"] == (
        "week: 2026-12-08 is a Tuesday, not a Monday (its week is 2026-12-07)"
    )
    chosen = client.post("/tasks/remind?week=2026-12-07", headers=auth).get_json()
    assert chosen["teams"] == [
        {"team": "east-ae", "week": "2026-12-07", "counts": {"reminded": 2}, "error": None}
    ]
    skipped = client.post("/tasks/remind", headers=auth)
    assert skipped.status_code == 200  # nothing to do is not a failure
    assert "not prepared" in skipped.get_json()["teams"][0]["skipped"]
    last = client.get("/status?format=json").get_json()["teams"][0]["jobs"]["remind"]["last"]
    assert "not prepared" in last["skipped"] and last["error"] is None
    page = client.get("/status").get_data(as_text=True)
    assert "skipped" in page and "was not prepared for team east-ae" in page
