"""The "1:1 service log" on the emulator, through the real clients: made once in the admin's
My Drive and shared with nobody, appended once per run, read the same by every process (here
``oneonone run`` in a process of its own and the web app), kept across restarts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from service.bootstrap import build_run_log
from service.google import tags
from service.google.drive import find_files
from service.google.service_log import NAME, SheetRunLog
from service.run_log import Entry
from service.settings import load_config
from service.web import create_app
from tests.integration.docs_builders import NOW, ROOT, write_config
from workspace_emulator.core.server import Emulator

AUTH = {"X-Oneonone-Task-Secret": "s3cret"}


def entry(run: str, team: str = "t-x", error: str | None = None) -> Entry:
    return {
        "run": run, "started": NOW.isoformat(), "job": "collect", "team": team,
        "week": "2026-10-19", "seconds": 1.5, "api_calls": 12, "counts": {"submitted": 3},
        "warnings": 1, "error": error, "skipped": None,
    }  # fmt: skip


def calls(log: SheetRunLog) -> dict[str, int]:
    return log.gateway.counter.snapshot()


def test_one_append_per_run_and_every_instance_reads_the_same(
    emulator: Emulator, tmp_path: Path
) -> None:
    config = load_config(write_config(emulator, tmp_path, "slog1"))
    one, two = build_run_log(config), build_run_log(config)
    assert isinstance(one, SheetRunLog) and isinstance(two, SheetRunLog)
    assert one.read() == []  # none yet, and reading makes none
    one.gateway.counter = type(one.gateway.counter)()
    one.append([entry("r1")])
    assert calls(one) == {
        "drive.files.list": 2,  # is there one? then: is ours the only one?
        "drive.files.create": 1,
        "sheets.spreadsheets.values.update": 1,  # the header row
        "sheets.spreadsheets.values.append": 1,
    }
    before = calls(one)
    one.append([entry("r2", "t-a"), entry("r2", "t-b", error='=IMPORTRANGE("x")')])
    after = calls(one)
    assert {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)} == {
        "sheets.spreadsheets.values.append": 1
    }
    two.append([entry("r3")])
    assert calls(two) == {"drive.files.list": 1, "sheets.spreadsheets.values.append": 1}
    expected = [entry("r1"), entry("r2", "t-a"), entry("r2", "t-b", "=IMPORTRANGE(\"x\")"),
                entry("r3")]  # fmt: skip
    assert one.read() == expected
    assert two.read() == expected


def test_the_log_is_the_admins_alone(emulator: Emulator, tmp_path: Path) -> None:
    config = load_config(write_config(emulator, tmp_path, "slog2"))
    run_log = build_run_log(config)
    assert isinstance(run_log, SheetRunLog)
    run_log.append([entry("r1")])
    gw, admin = run_log.gateway, config.admin_user
    query = tags.drive_query(kind=tags.KIND_SERVICE_LOG)
    (log,) = find_files(gw, admin, query, fields="id,name,parents")
    assert log["name"] == NAME
    listed = (
        gw.client("drive", admin)
        .permissions()
        .list(fileId=log["id"], fields="permissions(emailAddress,role)")
    )
    assert gw.execute(listed, admin, "log")["permissions"] == [
        {"emailAddress": admin, "role": "owner"}
    ]
    roots = find_files(gw, admin, tags.drive_query(kind=tags.KIND_ROOT), fields="id")
    assert not set(log.get("parents", [])) & {r["id"] for r in roots}
    manager = config.org.teams[0].manager.email
    assert find_files(gw, manager, query) == []


def test_a_run_in_another_process_and_the_apps_runs_show_everywhere(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONEONONE_TASK_SECRET", "s3cret")
    directory = write_config(emulator, tmp_path / "config", "slog3")
    cli = [sys.executable, "-m", "service.cli", "run", "remind", "--config", str(directory)]
    done = subprocess.run(
        [*cli, "--now", NOW.isoformat()], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "history:" not in done.stderr  # it reached the log

    app = create_app(load_config(directory))
    assert app.test_client().post("/tasks/remind", headers=AUTH).status_code == 200
    web = app.test_client().get("/status?format=json", headers=AUTH).get_json()
    assert [run["job"] for run in web["recent"]] == ["remind", "remind"]
    assert web["history"]["problems"] == []
    restarted = create_app(load_config(directory))
    again = restarted.test_client().get("/status?format=json", headers=AUTH).get_json()
    assert again["recent"] == web["recent"]
