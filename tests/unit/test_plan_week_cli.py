"""`oneonone plan-week --input PROBLEM.json` (contract 2) through the CLI's main()."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.cli import main


def problem(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "week_start": "2026-03-09",
        "timezone": "America/New_York",
        "manager": {
            "email": "mia.manager@example.com",
            "busy": [{"start": "2026-03-11T13:00:00-04:00", "end": "2026-03-11T14:00:00-04:00"}],
        },
        "reps": [
            {"email": f"rep{i}@example.com", "tenure": "standard", "busy": []} for i in range(10)
        ],
    }
    data["reps"][0]["tenure"] = "veteran"
    data["reps"][1]["tenure"] = "veteran"
    data["reps"][9]["tenure"] = "new"
    data.update(changes)
    return data


def run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: Any, raw: str | None = None
) -> tuple[int, str, str]:
    path = tmp_path / "problem.json"
    path.write_text(raw if raw is not None else json.dumps(data))
    code = main(["plan-week", "--input", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_team_of_ten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(tmp_path, capsys, problem())
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"meetings", "unscheduled"}
    assert result["unscheduled"] == []
    meetings = {m["rep"]: m for m in result["meetings"]}
    assert len(meetings) == 10
    days = [m["start"][:10] for m in result["meetings"]]
    assert [days.count(d) for d in ("2026-03-09", "2026-03-10", "2026-03-11")] == [4, 4, 2]
    # Wednesday 13:00-14:00 is taken: the veterans meet at 14:00 and 15:00.
    assert meetings["rep0@example.com"] == {
        "rep": "rep0@example.com",
        "start": "2026-03-11T14:00:00-04:00",
        "end": "2026-03-11T14:45:00-04:00",
    }
    assert meetings["rep1@example.com"]["start"] == "2026-03-11T15:00:00-04:00"
    assert meetings["rep9@example.com"]["start"].startswith("2026-03-09")


def test_rules_previous_slot_and_unscheduled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = problem(
        rules={"days": ["MON", "TUE"], "max_per_day": {"MON": 4, "TUE": 1}, "holidays": []}
    )
    data["reps"][5]["previous"] = {"weekday": "TUE", "time": "16:00"}
    code, out, err = run(tmp_path, capsys, data)
    assert code == 0, err
    result = json.loads(out)
    assert {
        "rep": "rep5@example.com",
        "start": "2026-03-10T16:00:00-04:00",
        "end": "2026-03-10T16:45:00-04:00",
    } in result["meetings"]
    assert len(result["meetings"]) == 5
    # The new rep and four standard reps meet (rep5 in last week's slot, the earlier reps in
    # the list in the other places); the veterans rep0 and rep1 are left out first.
    assert [u["rep"] for u in result["unscheduled"]] == [
        f"rep{i}@example.com" for i in (0, 1, 6, 7, 8)
    ]
    for item in result["unscheduled"]:
        assert item["reason"] == (
            "all possible slots taken by other reps (1:1s booked: Mon 4/4, Tue 1/1)"
        )
    everyone = {m["rep"] for m in result["meetings"]} | {u["rep"] for u in result["unscheduled"]}
    assert len(everyone) == 10


def test_configured_holiday_and_country(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = problem(week_start="2026-09-07", rules={"holidays": ["2026-09-08"]})
    data["manager"]["busy"] = []
    code, out, _ = run(tmp_path, capsys, data)
    days = {m["start"][:10] for m in json.loads(out)["meetings"]}
    assert code == 0 and "2026-09-08" not in days and "2026-09-07" in days
    data["country"] = "US"  # Labor Day
    code, out, _ = run(tmp_path, capsys, data)
    result = json.loads(out)
    assert {m["start"][:10] for m in result["meetings"]} == {"2026-09-09"}
    assert result["unscheduled"][0]["reason"] == (
        "all possible slots taken by other reps "
        "(1:1s booked: Mon holiday (Labor Day), Tue holiday, Wed 4/4)"
    )


def test_dst_week_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = problem(week_start="2026-11-02")
    data["manager"]["busy"] = []
    code, out, _ = run(tmp_path, capsys, data)
    assert code == 0
    assert {m["start"][-6:] for m in json.loads(out)["meetings"]} == {"-05:00"}


def test_rep_timezone_and_fixed_meetings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = problem(
        fixed=[
            {
                "rep": "Moved@Example.com",
                "start": "2026-03-09T13:00:00-04:00",
                "end": "2026-03-09T13:45:00-04:00",
            }
        ],
    )
    data["reps"] = [
        {"email": "far@example.com", "tenure": "new", "busy": [], "timezone": "Asia/Tokyo"},
        {"email": "near@example.com", "tenure": "new", "busy": [], "timezone": "America/Chicago"},
        {"email": "moved@example.com", "tenure": "standard", "busy": []},
    ]
    code, out, _ = run(tmp_path, capsys, data)
    assert code == 0
    result = json.loads(out)
    # The fixed 1:1 holds Monday 13:00 and its buffer; its rep (any letter case) is not
    # booked again, and is listed once, with the time they already have.
    assert result["meetings"] == [
        {
            "rep": "near@example.com",
            "start": "2026-03-09T14:00:00-04:00",
            "end": "2026-03-09T14:45:00-04:00",
        }
    ]
    assert result["unscheduled"][0]["rep"] == "far@example.com"
    assert "working hours (09:00-18:00 Asia/Tokyo)" in result["unscheduled"][0]["reason"]
    assert result["unscheduled"][1] == {
        "rep": "moved@example.com",
        "reason": "already has a 1:1 this week (Mon 13:00)",
    }


def test_first_in_line_and_veterans_left_out_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Monday is a holiday: 8 places for 10 reps. Veterans (rep0, rep1) wait, unless one of
    # them was left out last week: then the last standard rep waits instead.
    data = problem(rules={"holidays": ["2026-03-09"]})
    data["manager"]["busy"] = []
    code, out, _ = run(tmp_path, capsys, data)
    assert code == 0
    assert [u["rep"] for u in json.loads(out)["unscheduled"]] == [
        "rep0@example.com",
        "rep1@example.com",
    ]
    data["reps"][1]["first_in_line"] = True
    code, out, _ = run(tmp_path, capsys, data)
    assert code == 0
    assert [u["rep"] for u in json.loads(out)["unscheduled"]] == [
        "rep0@example.com",
        "rep8@example.com",
    ]


def test_busy_and_fixed_far_from_the_week_are_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    far = [
        {"start": "9999-12-31T23:00:00-12:00", "end": "9999-12-31T23:45:00-12:00"},
        {"start": "0001-01-01T00:00:00+14:00", "end": "0001-01-01T00:45:00+14:00"},
    ]
    data = problem(timezone="Pacific/Kiritimati", fixed=[{"rep": "rep0@example.com", **far[0]}])
    data["manager"]["busy"] = far
    data["reps"][1]["busy"] = far
    code, out, err = run(tmp_path, capsys, data)
    assert code == 0, err
    assert len(json.loads(out)["meetings"]) == 10


def test_no_reps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, problem(reps=[]))
    assert code == 0 and json.loads(out) == {"meetings": [], "unscheduled": []}


def _without(key: str) -> dict[str, Any]:
    data = problem()
    del data[key]
    return data


def _rep_change(**change: Any) -> dict[str, Any]:
    data = problem()
    data["reps"][0].update(change)
    return data


BAD = {
    "not JSON": (None, "{nope", "not JSON"),
    "not an object": ([1, 2], None, "expected a JSON object"),
    "missing week_start": (_without("week_start"), None, "week_start: is required"),
    "missing reps": (_without("reps"), None, "reps: is required"),
    "not a Monday": (problem(week_start="2026-03-10"), None, "is a Tuesday, not a Monday"),
    "bad date": (problem(week_start="2026-02-30"), None, "week_start"),
    "unknown zone": (problem(timezone="Mars/Olympus"), None, "not a known IANA time zone"),
    "naive time": (
        _rep_change(busy=[{"start": "2026-03-09T13:00:00", "end": "2026-03-09T14:00:00"}]),
        None,
        "reps.0.busy.0.start",
    ),
    "bad time": (
        _rep_change(busy=[{"start": "13h", "end": "2026-03-09T14:00:00Z"}]),
        None,
        "reps.0.busy.0.start",
    ),
    "end before start": (
        _rep_change(busy=[{"start": "2026-03-09T14:00:00Z", "end": "2026-03-09T13:00:00Z"}]),
        None,
        "is not after start",
    ),
    "bad tenure": (_rep_change(tenure="guru"), None, "reps.0.tenure"),
    "unknown key": (_rep_change(nickname="x"), None, "reps.0.nickname: unknown key"),
    "bad previous": (_rep_change(previous={"weekday": "MON", "time": "25:00"}), None, "previous"),
    "bad rules": (problem(rules={"window": ["13:00", "13:30"]}), None, "cannot hold"),
    "duplicate rep": (problem(reps=[_rep_change()["reps"][0]] * 2), None, "appears twice"),
    "duplicate rep in another case": (
        problem(
            reps=[
                {"email": "ana@example.com", "tenure": "new", "busy": []},
                {"email": "Ana@Example.com", "tenure": "veteran", "busy": []},
            ]
        ),
        None,
        "rep 'Ana@Example.com' appears twice (as 'ana@example.com')",
    ),
    "fixed for someone else": (
        problem(
            fixed=[
                {
                    "rep": "x@example.com",
                    "start": "2026-03-09T13:00:00-04:00",
                    "end": "2026-03-09T13:45:00-04:00",
                }
            ]
        ),
        None,
        "fixed.0.rep: 'x@example.com' is not one of the reps",
    ),
    "unknown country": (problem(country="XX"), None, "no known public holidays"),
    "nested too deeply": (None, "[" * 1800 + "]" * 1800, "nested too deeply"),
    "week at the end of time": (problem(week_start="9999-12-27"), None, "too far in the past"),
    "week at the start of time": (
        problem(week_start="0001-01-01", timezone="Asia/Tokyo"),
        None,
        "too far in the past",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_exits_2_with_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, raw, expected = BAD[case]
    code, out, err = run(tmp_path, capsys, data, raw)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("oneonone plan-week: ")
    assert expected in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan-week", "--input", str(tmp_path / "none.json")]) == 2
    assert "no such file" in capsys.readouterr().err
