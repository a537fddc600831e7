"""Four consecutive weeks of the whole cycle on the emulator, time given as an argument:
commitments carry over from one week's doc to the next, cadence is honoured (a biweekly and
a monthly rep), re-runs duplicate nothing, and the tracker's KPIs add up to its rows."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bootstrap import build_deps
from service.demo.runner import demo_config, run_week
from service.domain.doc_parser import parse_document
from service.domain.kpis import Status
from service.domain.model import Team
from service.domain.week import Week
from service.google import tags
from service.google.calendar import our_events
from service.google.drive import read_doc, week_docs
from service.google.managed_sheet import a1, find_sheet
from service.jobs.base import Deps, JobReport
from service.jobs.booking.book import week_bounds
from service.logs import LABELS_KEY, JsonFormatter, LabelsFilter
from service.settings import load_config
from tests.helpers import keep_first_team
from workspace_emulator.core.server import Emulator

ROOT = Path(__file__).resolve().parents[2]
FIRST = Week.parse("2027-03-01")  # fixed: no holiday; US clocks change on Sunday 2027-03-14
WEEKS = [FIRST, FIRST.next(), FIRST.next().next(), FIRST.next().next().next()]
BIWEEKLY, MONTHLY = "drew.diaz@example.com", "gray.garcia@example.com"


@dataclass
class Run:
    deps: Deps
    reports: dict[str, list[JobReport]]
    logs: list[str]
    json_logs: list[str]  # the same lines as Cloud Logging gets them


class Capture(logging.Handler):
    def __init__(self, formatter: logging.Formatter | None = None) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        if formatter is not None:
            self.setFormatter(formatter)
            self.addFilter(LabelsFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("four-weeks")
    config_dir = root / "config"
    shutil.copytree(ROOT / "config" / "example", config_dir)
    keep_first_team(config_dir)
    org = yaml.safe_load((config_dir / "org.yaml").read_text())
    for rep in org["teams"][0]["reps"]:
        if rep["email"] == BIWEEKLY:
            rep["cadence"] = "biweekly"
        if rep["email"] == MONTHLY:
            rep["cadence"] = "monthly"
    (config_dir / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    emulator = Emulator(root / "workspace", port=0)
    emulator.start()
    capture, logger = Capture(), logging.getLogger()
    json_capture = Capture(JsonFormatter())
    level = logger.level
    logger.addHandler(capture)
    logger.addHandler(json_capture)
    logger.setLevel(logging.INFO)
    try:
        config = demo_config(
            load_config(config_dir), emulator.base_url, emulator.service_account_file, root
        )
        deps = build_deps(config)
        reports = {week.label: run_week(deps, week, emulator.store.set_now) for week in WEEKS}
        # The last week once more, as a crashed-and-restarted scheduler would.
        reports["again"] = run_week(deps, WEEKS[-1], emulator.store.set_now)
        logger.removeHandler(capture)
        logger.removeHandler(json_capture)
        yield Run(deps, reports, capture.lines, json_capture.lines)
    finally:
        logger.removeHandler(capture)
        logger.removeHandler(json_capture)
        logger.setLevel(level)
        emulator.stop()


def team(run: Run) -> Team:
    return run.deps.teams[0]


def test_every_job_succeeded(run: Run) -> None:
    for label, reports in run.reports.items():
        for report in reports:
            assert report.ok, (label, report.job, [t.error for t in report.teams])


def test_cadence_decides_who_gets_a_doc_and_a_1on1(run: Run) -> None:
    gw, manager = run.deps.gateway, team(run).manager.email
    biweekly = monthly = 0
    for week in WEEKS:
        due = {rep.email for rep in team(run).reps_due(week)}
        docs = week_docs(gw, manager, team(run).id, week.label)
        assert set(docs) == due, week
        start, end = week_bounds(week, team(run).timezone)
        events = our_events(
            gw, manager, "primary", start, end,
            kind=tags.KIND_ONE_ON_ONE, team=team(run).id, week=week.label,
        )  # fmt: skip
        booked = [e for e in events if e.get("status") != "cancelled"]
        assert sorted(e["extendedProperties"]["private"]["rep"] for e in booked) == sorted(due)
        biweekly += BIWEEKLY in docs
        monthly += MONTHLY in docs
    assert biweekly == 2
    assert monthly == sum(week.is_first_of_month for week in WEEKS) <= 1


def test_commitments_carry_over_and_are_marked_kept(run: Run) -> None:
    gw, manager = run.deps.gateway, team(run).manager.email
    avery, finley = "avery.adams@example.com", "finley.fox@example.com"
    second = week_docs(gw, manager, team(run).id, WEEKS[1].label)
    kept = parse_document(read_doc(gw, manager, second[avery]["id"]))
    texts = [c.text for c in kept.commitments]
    assert any("Avery sends the Acme proposal" in t for t in texts), texts
    assert any("Join the" in t for t in texts), texts  # the manager's commitment too
    assert all(c.done for c in kept.commitments)
    not_kept = parse_document(read_doc(gw, manager, second[finley]["id"]))
    assert not_kept.commitments and not any(c.done for c in not_kept.commitments)


def tracker(run: Run) -> dict[str, list[dict[str, Any]]]:
    gw, manager = run.deps.gateway, team(run).manager.email
    sheet, count = find_sheet(gw, manager, kind=tags.KIND_TRACKER, team=team(run).id)
    assert sheet is not None and count == 1
    titles = ["This Week", "History", "Team Health"]
    request = (
        gw.client("sheets", manager)
        .spreadsheets()
        .values()
        .batchGet(
            spreadsheetId=sheet["id"],
            ranges=[a1(t, "A1:Z") for t in titles],
            valueRenderOption="UNFORMATTED_VALUE",
        )
    )
    blocks = gw.execute(request, manager, "tracker")["valueRanges"]
    out: dict[str, list[dict[str, Any]]] = {}
    for title, block in zip(titles, blocks, strict=True):
        header, *rows = block.get("values", [[]])
        out[title] = [dict(zip(header, row, strict=False)) for row in rows if any(row)]
    return out


def test_history_has_one_row_per_rep_and_week_and_kpis_add_up(run: Run) -> None:
    tabs = tracker(run)
    history = tabs["History"]
    keys = [(row["Email"], row["Week"]) for row in history]
    assert len(keys) == len(set(keys))  # collect ran twice a week, and the last week twice
    for week in WEEKS:
        rows = [row for row in history if row["Week"] == week.label]
        due = team(run).reps_due(week)
        assert {row["Email"] for row in rows} == {rep.email for rep in due}
        submitted = sum(row["Status"] in (Status.ON_TIME, Status.LATE) for row in rows)
        (health,) = [row for row in tabs["Team Health"] if row["Week"] == week.label]
        assert health["Reps due"] == len(due)
        assert health["Submitted"] == submitted
        assert health["Submission rate"] == pytest.approx(submitted / len(due), abs=1e-4)
        assert submitted == len(due) - 1  # one rep never submits
    latest = {row["Week"] for row in tabs["This Week"]}
    assert latest == {WEEKS[-1].label}


def test_no_personal_data_in_logs_at_info(run: Run) -> None:
    """Four weeks of jobs log at INFO without a doc's words, an energy score or an address,
    as text and as Cloud Logging's JSON lines (labels included)."""
    assert run.logs and run.json_logs  # the jobs do log
    for text in ("\n".join(run.logs), "\n".join(run.json_logs)):
        for secret in ("Acme", "rough week", "Energy this week", "@example.com", "proposal"):
            assert secret not in text


def test_every_json_log_line_of_a_run_names_job_run_team_and_week(run: Run) -> None:
    entries = [json.loads(line) for line in run.json_logs]
    assert entries
    for entry in entries:
        assert entry["severity"] in ("INFO", "WARNING", "ERROR") and entry["message"]
        labels = entry[LABELS_KEY]
        assert labels["job"] in ("install", "prepare", "remind", "collect"), entry
        assert labels["run_id"], entry
    team_lines = [  # a team's part of a run (the run's own summary line is run-level)
        e
        for e in entries
        if "team" in e[LABELS_KEY]
        and e[LABELS_KEY]["job"] != "install"
        and not (e.get("logger") == "service.jobs.base" and " team(s), " in e["message"])
    ]
    assert team_lines
    for entry in team_lines:
        assert entry[LABELS_KEY]["team"] == "east-ae"
        assert entry[LABELS_KEY]["week"] in {week.label for week in WEEKS}, entry
    runs = {e[LABELS_KEY]["run_id"] for e in entries}
    assert len(runs) > len(WEEKS)  # one id per run, not one per process
