"""Hypothesis fuzzing of the configuration loader (issue 13): whatever YAML a customer writes,
``load_config`` returns a configuration or raises ``ConfigError`` whose every problem is one
line naming the file and, when the file has content, the line; never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from service.errors import ConfigError
from service.settings import load_config
from tests.unit.test_config_hostile import ORG

FILES = ["org.yaml", "schedule.yaml", "program.yaml", "google.yaml", "metrics.yaml"]
KEYS = [
    "company", "timezone", "country", "directors", "teams", "id", "name", "manager", "email",
    "reports_to", "reps", "tenure", "cadence", "role", "start_date", "left_on", "cycle",
    "prepare", "remind", "deadline", "collect", "day", "time", "rules", "days", "window",
    "max_per_day", "veteran_days", "new_rep_days", "holidays", "tiers", "a", "b", "privacy",
    "min_group_size", "auth", "mode", "key_file", "endpoint", "source", "kind", "path", "<<",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(
        ["16:00", "09:00", "2019-02-30", "2026-03-09", "MON", "x@example.com", "Mars/Olympus",
         "US", "veteran", "yes", "~", ".nan", "-.inf", "1_000", "0x1F", "1:30:00"]
    ),
)  # fmt: skip
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=20,
)
NOISE = [": ", "- ", "&a ", "*a", "!!int ", "!!timestamp ", "!!bool ", "{", "}", "[", "]",
         "'", '"', "\t", "#", "? ", "<<: ", "---\n", "\n  ", "%YAML 1.1\n", "\x00", "\ufeff",
         "!!python/object:os.system ", "|", ">", "16:00", "2019-02-30", "\\", "\r"]  # fmt: skip


@st.composite
def yaml_text(draw: st.DrawFn) -> str:
    """A YAML document (a valid org, or random data) with a few textual mutations."""
    if draw(st.booleans()):
        text = ORG
    else:
        text = yaml.safe_dump(
            draw(DATA), default_flow_style=draw(st.sampled_from([None, True, False]))
        )
    for _ in range(draw(st.integers(0, 4))):
        lines = text.splitlines(keepends=True) or [""]
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "duplicate", "delete"]))
        if action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "delete":
            del lines[at]
        else:
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.sampled_from(NOISE)) + line[cut:]
        text = "".join(lines)
    return text


def check(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "org.yaml").write_text(ORG)
        (directory / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_config(directory)
        except ConfigError as exc:
            assert exc.problems
            substantial = any(
                line.strip("\ufeff \t\r") and not line.lstrip().startswith("#")
                for line in text.splitlines()
            )
            for problem in exc.problems:
                assert "\n" not in problem, problem
                assert problem.startswith(str(directory)), problem
                if substantial and not problem.endswith(("UTF-8 text", "nested too deeply")):
                    assert "line " in problem, (text, problem)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(FILES), text=yaml_text())
def test_any_yaml_loads_or_is_refused_in_located_lines(name: str, text: str) -> None:
    check(name, text)


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(FILES), text=st.text(max_size=200))
def test_any_text_loads_or_is_refused_in_located_lines(name: str, text: str) -> None:
    check(name, text)


def test_examples_found_by_the_fuzzer(tmp_path: Path) -> None:
    found: list[Any] = [
        ("org.yaml", "teams:\n  - !!timestamp id: east\n"),
        ("org.yaml", "{? '\n\n    ' : null}\n"),
        ("org.yaml", "\ufeff"),
    ]
    for name, text in found:
        check(name, text)
