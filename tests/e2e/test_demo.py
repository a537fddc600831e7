"""PRODUCT.md contract 4: `oneonone demo --json`, twice on the same state, same counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def demo(state: Path, cwd: Path | None = None) -> dict[str, object]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "demo",
            "--state",
            str(state),
            "--json",
            "--port",
            "0",
            "--week",
            "2027-03-01",  # fixed, so that no public holiday takes a day away
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    counts: dict[str, object] = json.loads(done.stdout)
    return counts


@pytest.mark.slow
def test_demo_runs_a_whole_week_and_is_idempotent(tmp_path: Path) -> None:
    first = demo(tmp_path / "state")
    assert first["reps"] == 10
    assert first["docs"] == 10
    assert first["events"] == 10  # 4 Mon, 4 Tue, 2 Wed around the seeded busy times
    assert first["tracker_rows"] == 10
    assert first["submissions"] == 9  # one rep never submits
    assert str(first["tracker_url"]).startswith("http://127.0.0.1:")
    second = demo(tmp_path / "state")
    assert {k: v for k, v in second.items() if k != "tracker_url"} == {
        k: v for k, v in first.items() if k != "tracker_url"
    }


@pytest.mark.slow
def test_demo_with_a_relative_state_directory(tmp_path: Path) -> None:
    """`make demo` uses the default `--state state/demo`, relative to where it runs."""
    counts = demo(Path("state") / "demo", cwd=tmp_path)
    assert counts["docs"] == 10 and counts["tracker_rows"] == 10
    assert (tmp_path / "state" / "demo" / "workspace" / "service-account.json").is_file()
