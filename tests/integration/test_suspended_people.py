"""A person the service cannot act as (suspended, renamed, gone from the domain) fails only
what needs them: a rep's team still gets its docs, 1:1s and tracker (the rep's own fill-in
block and reminder are left out, with what to do); a manager's own team fails with a clear
error, while the director's team of leads and the director's roll-up go on without it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from service.bootstrap import build_deps
from service.jobs.base import JobReport
from service.jobs.install.job import install
from service.jobs.registry import run_named
from service.settings import Config, load_config
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
THURSDAY = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # prepare, Thu 09:00 in New York
REMIND, COLLECT = THURSDAY + timedelta(days=1, hours=3), THURSDAY + timedelta(days=1, hours=7)
REP, MANAGER = "avery.adams@example.com", "quinn.quade@example.com"  # east-ae, central-ae


@pytest.fixture
def org(tmp_path: Path) -> Iterator[tuple[Emulator, Config]]:
    emulator = Emulator(tmp_path / "workspace", port=0).start()
    try:
        config_dir = tmp_path / "config"
        shutil.copytree(ROOT / "config" / "example", config_dir)
        google = yaml.safe_load((config_dir / "google.yaml").read_text())
        google["endpoint"] = emulator.base_url
        google["auth"]["key_file"] = str(emulator.service_account_file)
        (config_dir / "google.yaml").write_text(yaml.safe_dump(google))
        config = load_config(config_dir)
        emulator.store.set_now(THURSDAY)
        assert install(build_deps(config), THURSDAY).ok
        yield emulator, config
    finally:
        emulator.stop()


def week(emulator: Emulator, config: Config) -> dict[str, JobReport]:
    reports = {}
    for job, now in (("prepare", THURSDAY), ("remind", REMIND), ("collect", COLLECT)):
        emulator.store.set_now(now)
        reports[job] = run_named(job, build_deps(config), now)
    return reports


def by_team(report: JobReport) -> dict[str, tuple[str | None, list[str]]]:
    return {t.team: (t.error, t.warnings) for t in report.teams}


def test_a_rep_the_service_cannot_act_as_leaves_their_team_running(
    org: tuple[Emulator, Config],
) -> None:
    emulator, config = org
    emulator.admin_console.suspend(REP)
    reports = week(emulator, config)
    for job, report in reports.items():
        assert report.ok, (job, [(t.team, t.error) for t in report.teams])
    prepare, remind = by_team(reports["prepare"]), by_team(reports["remind"])
    assert any(
        w.startswith(f"{REP}: no fill-in block: the service cannot act as them (invalid_grant)")
        and "Admin console" in w
        for w in prepare["east-ae"][1]
    ), prepare["east-ae"][1]
    assert any(w.startswith(f"{REP}: not reminded") for w in remind["east-ae"][1])
    # Everyone due, the suspended rep too, has a doc and a 1:1 booked by the manager.
    counts = next(t.counts for t in reports["prepare"].teams if t.team == "east-ae")
    assert counts["docs_created"] == counts["one_on_ones_booked"] + counts.get("unscheduled", 0)
    assert counts["docs_created"] >= 8, counts


def test_a_manager_the_service_cannot_act_as_fails_their_team_alone(
    org: tuple[Emulator, Config],
) -> None:
    emulator, config = org
    emulator.admin_console.suspend(MANAGER)
    reports = week(emulator, config)
    for job, report in reports.items():
        teams = by_team(report)
        assert "invalid_grant" in str(teams["central-ae"][0]), (job, teams["central-ae"])
        others = {team: error for team, (error, _w) in teams.items() if team != "central-ae"}
        assert all(error is None for error in others.values()), (job, others)
    rollup = by_team(reports["collect"])["dana.director@example.com"]
    assert any("no tracker readable for team central-ae" in w for w in rollup[1]), rollup
