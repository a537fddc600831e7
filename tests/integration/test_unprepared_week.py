"""A job run by hand never invents a week: collect and remind on a week ``prepare`` never
made docs for say so in one line and write nothing; ``--week`` picks a prepared week; a date
that is not a Monday is refused, not moved to its Monday. On the emulator, through the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from service.cli import main
from service.domain.week import Week
from service.google import tags
from service.google.drive import find_files
from service.settings import load_config
from tests.integration.docs_builders import write_config
from workspace_emulator.core.server import Emulator

WEEK = Week(date(2026, 10, 19))  # prepared below
THURSDAY = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # 09:00 New York, before WEEK
TUESDAY = datetime(2026, 10, 27, 14, 0, tzinfo=UTC)  # a week nobody prepared: 2026-10-26


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ours(config_dir: Path, kind: str, user: str) -> list[dict[str, object]]:
    config = load_config(config_dir)
    from service.bootstrap import build_gateway

    return find_files(build_gateway(config), user, tags.drive_query(kind=kind), fields="id")


def test_collect_and_remind_on_an_unprepared_week_write_nothing(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(write_config(emulator, tmp_path, "unprep1"))
    for job, outcome in (("collect", "nothing written"), ("remind", "nothing sent")):
        code, out, err = run(
            capsys, "run", job, "--config", directory, "--now", TUESDAY.isoformat()
        )
        assert code == 0, err
        line = (
            f"- t-unprep1 week of 2026-10-26: the week of 2026-10-26 was not prepared for team "
            f"t-unprep1 (no 1:1 docs): {outcome}; run prepare for it, or pick a prepared week "
            "with --week"
        )
        assert line in out.splitlines()
        assert "warning" not in out  # one line, not one per rep
        assert "API calls: 1 (drive.files.list 1)" in out  # the look for the week's docs
    manager, director = "morgan.unprep1@example.com", "dana.unprep1@example.com"
    assert ours(Path(directory), tags.KIND_TRACKER, manager) == []  # no tracker, no rows
    assert ours(Path(directory), tags.KIND_ROLLUP, director) == []  # no roll-up either


def test_week_picks_a_prepared_week(
    emulator: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directory = str(write_config(emulator, tmp_path, "unprep2"))
    assert run(capsys, "install", "--config", directory)[0] == 0
    code, out, err = run(
        capsys, "run", "prepare", "--week", WEEK.label, "--config", directory,
        "--now", THURSDAY.isoformat(),
    )  # fmt: skip
    assert code == 0, out + err
    assert "- t-unprep2 week of 2026-10-19:" in out
    code, out, err = run(
        capsys, "run", "collect", "--week", WEEK.label, "--config", directory,
        "--now", TUESDAY.isoformat(),
    )  # fmt: skip
    assert code == 0, out + err
    assert "- t-unprep2 week of 2026-10-19: " in out
    assert "tracker_rows 10" in out and "not prepared" not in out


@pytest.mark.parametrize("command", [["run", "collect"], ["run", "prepare"], ["book"]])
def test_a_week_that_is_not_a_monday_is_refused(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *command, "--week", "2026-10-20", "--config", str(tmp_path))
    assert code == 2 and out == ""
    assert err == (
        f"oneonone {command[0]}: --week: 2026-10-20 is a Tuesday, not a Monday "
        "(its week is 2026-10-19)\n"
    )
    code, _out, err = run(capsys, *command, "--week", "next monday", "--config", str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "is not a date (YYYY-MM-DD)" in err
