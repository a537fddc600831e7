"""Crash convergence (issue 9): each job is killed before its 1st, 2nd, ..., Nth Google call,
then run again cleanly; the Workspace must end up exactly as after one clean run, with no
duplicate file, doc, event, invitation or tracker row. Running a job three times in a row
changes nothing either.

A team of four keeps N small enough to try every call. The kill is a BaseException raised by
the rate limiter (which every call passes through), so no ``except Exception`` in the jobs can
swallow it, as with a process killed mid-run. Each attempt starts from a copy of the state
the job starts from; the Workspace is compared through the emulator's store, ids and run
times normalized away.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bootstrap import build_deps, build_gateway
from service.demo.personas import answers_for
from service.demo.rep_edits import fill_requests
from service.demo.runner import demo_config
from service.demo.timeline import moment
from service.domain.week import Week
from service.google.drive import read_doc, week_docs
from service.google.ratelimit import RateLimiter
from service.jobs.base import Deps, JobReport
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import load_config
from tests.e2e.workspace_snapshot import difference, snapshot
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
WEEK = Week.parse("2027-03-01")
ZONE = "America/New_York"
JOBS = ("install", "prepare", "remind", "collect")
WHEN = {"install": "THU 08:30", "prepare": "THU 09:00", "remind": "FRI 12:00",
        "collect": "FRI 16:00"}  # fmt: skip


class Crash(BaseException):
    """The process dies here."""


class CrashingLimiter(RateLimiter):
    """Lets ``calls`` Google calls through, then kills the run."""

    def __init__(self, calls: int) -> None:
        super().__init__()
        self.left = calls

    def acquire(self, api: str, kind: str, user: str, count: int = 1) -> None:
        """Count down; die at zero."""
        self.left -= count
        if self.left < 0:
            raise Crash
        super().acquire(api, kind, user, count)


@dataclass
class Stage:
    """The state a job starts from, what one clean run leaves, and how many calls it made."""

    before: Path
    after: dict[str, Any]
    calls: int


def write_config(directory: Path) -> Path:
    shutil.copytree(ROOT / "config" / "example", directory)
    org = yaml.safe_load((directory / "org.yaml").read_text())
    org["teams"] = org["teams"][:1]
    org["teams"][0]["reps"] = org["teams"][0]["reps"][:4]
    (directory / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    return directory


def deps_for(config_dir: Path, emulator: Emulator, limiter: RateLimiter | None = None) -> Deps:
    config = demo_config(
        load_config(config_dir), emulator.base_url, emulator.service_account_file, config_dir
    )
    return build_deps(config, gateway=build_gateway(config, limiter=limiter))


def run(job: str, deps: Deps, emulator: Emulator) -> JobReport:
    now = moment(WEEK, WHEN[job], ZONE)
    emulator.store.set_now(now)
    if job == "install":
        return install(deps, now)
    return run_named(job, deps, now)


def reps_write(deps: Deps, emulator: Emulator) -> None:
    """Two of the four reps fill in their doc before the deadline."""
    team, gw = deps.teams[0], deps.gateway
    emulator.store.set_now(moment(WEEK, "FRI 11:00", ZONE))
    docs = week_docs(gw, team.manager.email, team.id, WEEK.label)
    for index, rep in enumerate(team.reps[:2]):
        doc = read_doc(gw, rep.email, docs[rep.email]["id"])
        body = {"requests": fill_requests(doc, answers_for(index, rep.name.split()[0]))}
        request = (
            gw.client("docs", rep.email)
            .documents()
            .batchUpdate(documentId=doc["documentId"], body=body)
        )
        gw.execute(request, rep.email, "rep edit")


def started(state: Path) -> Emulator:
    emulator = Emulator(state, port=0)
    emulator.start()
    return emulator


@pytest.fixture(scope="module")
def stages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Stage]:
    """One clean week, saving the state before each job and the Workspace after it."""
    root = tmp_path_factory.mktemp("crash")
    config_dir = write_config(root / "config")
    state = root / "clean"
    out: dict[str, Stage] = {}
    for job in JOBS:
        before = root / f"before-{job}"
        if state.exists():
            shutil.copytree(state, before)
        else:
            before.mkdir()
        emulator = started(state)
        try:
            deps = deps_for(config_dir, emulator)
            report = run(job, deps, emulator)
            assert report.ok, [t.error for t in report.teams]
            out[job] = Stage(before, snapshot(emulator), deps.gateway.counter.total)
            if job == "prepare":
                reps_write(deps, emulator)
        finally:
            emulator.stop()
    out["config"] = Stage(config_dir, {}, 0)
    return out


def attempt(
    stages: dict[str, Stage], job: str, tmp: Path, body: Callable[[Deps, Emulator], None]
) -> dict[str, Any]:
    state = tmp / "state"
    shutil.copytree(stages[job].before, state)
    emulator = started(state)
    try:
        body(deps_for(stages["config"].before, emulator), emulator)
        return snapshot(emulator)
    finally:
        emulator.stop()


@pytest.mark.parametrize("job", JOBS)
def test_three_runs_in_a_row_leave_what_one_run_leaves(
    job: str, stages: dict[str, Stage], tmp_path: Path
) -> None:
    def thrice(deps: Deps, emulator: Emulator) -> None:
        for _ in range(3):
            assert run(job, deps, emulator).ok

    diff = difference(attempt(stages, job, tmp_path, thrice), stages[job].after)
    assert not diff, json.dumps(diff, default=str)


@pytest.mark.parametrize("job", JOBS)
def test_killed_before_any_call_then_rerun_converges(
    job: str, stages: dict[str, Stage], tmp_path: Path
) -> None:
    calls = stages[job].calls
    assert calls > 0
    mismatches = []
    for k in range(calls):

        def crash_then_rerun(deps: Deps, emulator: Emulator, k: int = k) -> None:
            crashing = deps_for(stages["config"].before, emulator, CrashingLimiter(k))
            with pytest.raises(Crash):
                run(job, crashing, emulator)
            assert run(job, deps, emulator).ok

        got = attempt(stages, job, tmp_path / str(k), crash_then_rerun)
        diff = difference(got, stages[job].after)
        if diff:
            mismatches.append((k, diff))
    assert mismatches == [], f"{job}: {len(mismatches)} of {calls} crash points diverge"
