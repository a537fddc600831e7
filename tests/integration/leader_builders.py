"""Test helpers for the leaders' own 1:1s on the emulator: an org of two teams of reps under a
director, and the director's team of the two managers (``role: manager``), with metrics that
put the reps in different tiers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from service.bootstrap import build_deps
from service.jobs.base import Deps
from service.settings import load_config
from service.templates.prefill import body_content
from tests.integration.docs_builders import write_config
from workspace_emulator.core.server import Emulator

# Attainment of the three metrics' goals by rep, as a share of what the month's pace expects.
FORMS = (1.4, 1.1, 0.95, 0.85, 0.5)


def people(tag: str) -> dict[str, Any]:
    """The org's addresses in the test's own namespace."""
    return {
        "dana": f"dana.{tag}@example.com",
        "morgan": f"morgan.{tag}@example.com",
        "quinn": f"quinn.{tag}@example.com",
        "val": f"val.{tag}@example.com",
        "a": [f"a{i}.{tag}@example.com" for i in range(5)],
        "b": [f"b{i}.{tag}@example.com" for i in range(4)],
    }


def leader_deps(emulator: Emulator, directory: Path, tag: str, *, vp: bool = False) -> Deps:
    """Deps for the org (as the CLI builds them); with ``vp``, Dana reports to Val, a VP who
    has 1:1s with Dana (``role: director``) on Mondays."""
    write_config(emulator, directory, tag)
    p = people(tag)

    def reps(prefix: str) -> list[dict[str, Any]]:
        return [
            {"name": f"{prefix.upper()}{i} Rep", "email": email, "start_date": "2020-01-06"}
            for i, email in enumerate(p[prefix])
        ]

    org = {
        "company": "Test Co",
        "timezone": "America/New_York",
        "directors": [{"name": "Dana Director", "email": p["dana"]}],
        "teams": [
            {"id": f"a-{tag}", "name": "Team A", "reports_to": p["dana"], "reps": reps("a"),
             "manager": {"name": "Morgan Manager", "email": p["morgan"]}},
            {"id": f"b-{tag}", "name": "Team B", "reports_to": p["dana"], "reps": reps("b"),
             "manager": {"name": "Quinn Quade", "email": p["quinn"]}},
            {"id": f"leads-{tag}", "name": "Managers",
             "manager": {"name": "Dana Director", "email": p["dana"]},
             "reps": [
                 {"name": "Morgan Manager", "email": p["morgan"], "role": "manager"},
                 {"name": "Quinn Quade", "email": p["quinn"], "role": "manager"},
             ]},
        ],
    }  # fmt: skip
    if vp:
        org["teams"][2]["reports_to"] = p["val"]
        org["teams"].append({
            "id": f"vp-{tag}", "name": "Directors",
            "manager": {"name": "Val Vp", "email": p["val"]},
            "reps": [{"name": "Dana Director", "email": p["dana"], "role": "director"}],
        })  # fmt: skip
        schedule = yaml.safe_load((directory / "schedule.yaml").read_text())
        rules = {"days": ["MON"], "window": ["09:00", "12:00"], "max_per_day": {"MON": 4},
                 "veteran_days": [], "new_rep_days": []}  # fmt: skip
        schedule["teams"] = {f"vp-{tag}": {"rules": rules}}
        (directory / "schedule.yaml").write_text(yaml.safe_dump(schedule))
    (directory / "org.yaml").write_text(yaml.safe_dump(org))
    goals = {"pipeline_created": 120000, "meetings_booked": 24, "closed_won": 60000}
    lines = ["rep_email,metric,goal,actual"]
    # Prepare runs on Thursday 2026-10-15: 11 of October's 22 working days gone (50 %).
    for email, form in zip([*p["a"], *p["b"]], FORMS + FORMS[:4], strict=True):
        lines += [f"{email},{m},{g},{round(g * 0.5 * form)}" for m, g in goals.items()]
    (directory / "metrics.csv").write_text("\n".join(lines) + "\n")
    return build_deps(load_config(directory))


def doc_tables(doc: dict[str, Any]) -> list[list[list[str]]]:
    """Every table of the doc's body as rows of cell texts."""
    tables = []
    for element in body_content(doc):
        table = element.get("table")
        if table is None:
            continue
        rows = []
        for row in table["tableRows"]:
            cells = []
            for cell in row["tableCells"]:
                text = "".join(
                    run.get("textRun", {}).get("content", "")
                    for part in cell.get("content", [])
                    for run in part.get("paragraph", {}).get("elements", [])
                )
                cells.append(text.strip())
            rows.append(cells)
        tables.append(rows)
    return tables


_PACE = re.compile(r"^(\d+)% of goal, (\d+)% of \w+ gone · (.+)$")


def tier_by_hand(pace: str, a: float = 1.0, b: float = 0.8) -> str | None:
    """A rep's tier from the Pace text a tracker shows (attainment over the share gone)."""
    match = _PACE.match(pace)
    if match is None or match.group(3) in ("too early to tell", "unknown"):
        return None
    ratio = int(match.group(1)) / int(match.group(2))
    return "A" if ratio >= a else "B" if ratio >= b else "C"
