"""Log lines: JSON for Cloud Logging (severity, message, labels) or text, chosen by the
environment or service.yaml; a run's labels (job, team, week, run id) on every line it logs,
across the job's thread pool, and on no line after it."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from service.bootstrap import build_deps
from service.domain.model import Team
from service.jobs import registry
from service.jobs.base import Deps, TeamReport
from service.logs import LABELS_KEY, add_labels, configure_logging, labelled
from service.settings import load_config
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
log = logging.getLogger("tests.unit.test_logs")


def logging_team_job(deps: Deps, team: Team, now: datetime) -> TeamReport:
    log.info("before the week is known")
    add_labels(week="2026-11-30")
    log.info("team job working")
    return TeamReport(job="prepare", team=team.id, week="2026-11-30")


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out = io.StringIO()
    yield out
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("setting", "environ", "as_json"),
    [
        ("auto", {"K_SERVICE": "oneonone"}, True),  # Cloud Run
        ("auto", {"GAE_SERVICE": "default"}, True),  # App Engine
        ("auto", {}, False),  # a terminal
        ("json", {}, True),
        ("text", {"K_SERVICE": "oneonone"}, False),
    ],
)
def test_format_follows_google_cloud_or_the_setting(
    stream: io.StringIO, setting: str, environ: dict[str, str], as_json: bool
) -> None:
    configure_logging(setting, environ=environ, stream=stream)
    with labelled(job="collect", run_id="r1"):
        log.warning("three docs late")
    line = stream.getvalue().strip()
    if as_json:
        entry = json.loads(line)
        assert entry["severity"] == "WARNING" and entry["message"] == "three docs late"
        assert entry[LABELS_KEY] == {"job": "collect", "run_id": "r1"}
    else:
        assert line.endswith("WARNING tests.unit.test_logs three docs late [job=collect run_id=r1]")


def test_json_line_keeps_the_traceback_in_the_message(stream: io.StringIO) -> None:
    configure_logging("json", stream=stream)
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("job crashed")
    [entry] = lines(stream)
    assert entry["severity"] == "ERROR"
    assert entry["message"].startswith("job crashed\nTraceback")
    assert "ValueError: boom" in entry["message"]
    assert LABELS_KEY not in entry  # outside any run


def test_every_line_of_a_run_carries_its_labels_and_none_leak_after(
    stream: io.StringIO, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(EXAMPLE, config_dir)
    write_fake_service_account(config_dir / "service-account.json")
    deps = build_deps(load_config(config_dir))
    deps.teams = (deps.teams[0], dataclasses.replace(deps.teams[0], id="west-ae"))
    monkeypatch.setitem(registry.JOBS, "prepare", ("tests.unit.test_logs", "logging_team_job"))
    configure_logging("json", stream=stream)
    registry.run_named("prepare", deps, NOW)
    registry.run_named("prepare", deps, NOW, {"west-ae"})
    log.info("after the runs")
    entries = lines(stream)
    first, second = entries[:5], entries[5:-1]
    working = [e for e in first if e["message"] == "team job working"]
    assert sorted(e[LABELS_KEY]["team"] for e in working) == ["east-ae", "west-ae"]
    for entry in working:
        assert entry[LABELS_KEY]["week"] == "2026-11-30"
    for entry in first + second:
        assert entry[LABELS_KEY]["job"] == "prepare", entry
    assert len({e[LABELS_KEY]["run_id"] for e in first}) == 1
    assert len({e[LABELS_KEY]["run_id"] for e in first + second}) == 2
    summary = [e for e in second if e["message"].startswith("prepare: 1 team")]
    assert summary and summary[0][LABELS_KEY]["team"] == "west-ae"  # a one-team run
    assert entries[-1]["message"] == "after the runs" and LABELS_KEY not in entries[-1]
