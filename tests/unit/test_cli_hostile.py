"""Hostile command-line values (issue 13, a class found while hardening): a date at the ends
of the calendar, a port out of range or a data directory that is a file is refused by
argparse in one line with exit 2, before any configuration is read or any job runs (they
used to end as "internal error: OverflowError" or a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli import main

# (argv; "{file}" is an existing file, expected end of the error line)
CASES: list[tuple[list[str], str]] = [
    (["run", "prepare", "--now", "9999-12-31T00:00:00+00:00"], "argument --now: "
     "'9999-12-31T00:00:00+00:00' is outside the years 2000-2999"),
    (["run", "collect", "--now", "0001-01-01T00:00:00+00:00"], "is outside the years 2000-2999"),
    (["run", "remind", "--now", "garbage"], "argument --now: 'garbage' is not a time as ISO 8601"),
    (["run", "remind", "--now", "2026-13-01T00:00"], "is not a time as ISO 8601"),
    (["demo", "--week", "9999-12-27", "--json"], "argument --week: '9999-12-27' is outside"),
    (["demo", "--port", "70000"], "argument --port: 70000 is not a port (0-65535)"),
    (["demo", "--state", "{file}"], "is a file, not a directory"),
    (["emulator", "--port", "99999"], "argument --port: 99999 is not a port (0-65535)"),
    (["emulator", "--port", "-1"], "argument --port: -1 is not a port (0-65535)"),
    (["emulator", "--port", "http"], "argument --port: 'http' is not a port number"),
    (["emulator", "--state", "{file}"], "is a file, not a directory"),
    (["serve", "--port", "65536"], "argument --port: 65536 is not a port (0-65535)"),
    (["serve", "--drain-seconds", "nan"], "argument --drain-seconds: must be between 0 and 3600 "
     "seconds"),
    (["serve", "--drain-seconds", "-5"], "must be between 0 and 3600 seconds"),
    (["serve", "--drain-seconds", "inf"], "must be between 0 and 3600 seconds"),
    (["serve", "--drain-seconds", "soon"], "argument --drain-seconds: not a number of seconds: "
     "'soon'"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_hostile_arguments_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    file = tmp_path / "a-file"
    file.write_text("not a directory")
    argv = [str(file) if a == "{file}" else a for a in argv]
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"oneonone {argv[0]}: error: "), err
    assert err[-1].endswith(expected) or expected in err[-1], err
    assert not any("Traceback" in line for line in err)


# ``--week`` of run and book is checked by ``week_of``: one "oneonone <command>: --week: ..."
# line and exit 2 (the same line whether the date is impossible, not a Monday or too far).
WEEKS: list[tuple[str, str]] = [
    ("9999-12-27", "--week: 9999-12-27 is outside the years 2000-2999"),
    ("0001-01-01", "--week: 0001-01-01 is outside the years 2000-2999"),
    ("2026-02-30", "is not a date (YYYY-MM-DD)"),
    ("next week", "is not a date (YYYY-MM-DD)"),
]


@pytest.mark.parametrize(("week", "expected"), WEEKS, ids=[w for w, _ in WEEKS])
def test_hostile_weeks_are_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], week: str, expected: str
) -> None:
    code = main(["book", "--week", week, "--dry-run", "--config", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert err[0].startswith("oneonone book: --week: ") and expected in err[0], err
