"""Hypothesis fuzzing of the planner's input (issue 9): whatever JSON arrives, `plan-week`
answers a plan (exit 0) or one clear line (exit 2); it never crashes with a traceback."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.cli import main
from tests.unit.test_plan_week_cli import problem

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            "MON",
            "13:00",
            "2026-03-09",
            "2026-03-09T13:00:00-04:00",
            "not-a-time",
            "America/New_York",
            "Mars/Olympus",
            "veteran",
            "x@example.com",
            "@",
        ]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = ["week_start", "timezone", "manager", "reps", "rules"]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid problem with one part replaced by something random (or dropped)."""
    data: dict[str, Any] = problem()
    data["rules"] = {"days": ["MON", "TUE"], "max_per_day": {"MON": 2, "TUE": 2}}
    where = draw(st.sampled_from([*KEYS, "rep", "busy", "rule"]))
    value = draw(JSON)
    if where == "rep":
        field = draw(st.sampled_from(["email", "tenure", "busy", "previous"]))
        data["reps"][draw(st.integers(0, 9))][field] = value
    elif where == "busy":
        data["manager"]["busy"] = [{"start": value, "end": draw(JSON)}]
    elif where == "rule":
        names = ["days", "window", "meeting_minutes", "buffer_minutes", "max_per_day", "holidays"]
        data["rules"][draw(st.sampled_from(names))] = value
    elif draw(st.booleans()):
        data.pop(where, None)
    else:
        data[where] = value
    return data


def answer(data: Any, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "problem.json"
        path.write_text(json.dumps(data))
        code = main(["plan-week", "--input", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def check(code: int, out: str, err: str) -> None:
    if code == 0:
        result = json.loads(out)
        assert set(result) == {"meetings", "unscheduled"}
    else:
        assert code == 2, err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("oneonone plan-week: "), err
        assert "Traceback" not in err


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=mutated())
def test_a_mutated_problem_gets_a_plan_or_one_clear_line(
    data: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    check(*answer(data, capsys))


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=JSON)
def test_any_json_gets_a_plan_or_one_clear_line(
    data: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    check(*answer(data, capsys))
