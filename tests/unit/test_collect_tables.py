"""The collect job's table building (no Google): a whole week, a re-run, a manager's note."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.bootstrap import build_deps
from service.domain.kpis import OneOnOne
from service.domain.model import Commitment, Person, Rep, Section, Submission, Team
from service.domain.pacing import Pace, PaceStatus
from service.domain.tracker_layout import ENERGY, HISTORY, NOTES, TEAM_HEALTH, THIS_WEEK, Cell
from service.domain.week import Week
from service.jobs.base import Deps
from service.jobs.collect.job import build_tables
from service.jobs.collect.read import TeamWeek, deadline_of, pace_from_rows, without_private_tabs
from service.settings import load_config
from tests.helpers import write_fake_service_account

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "example"
ZONE = "America/New_York"
WEEK = Week.parse("2026-12-07")
NOW = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)  # Friday 16:00 New York
DEADLINE = deadline_of("FRI", "15:00", WEEK, ZONE)
REPS = ("avery", "blake", "casey", "drew")
TEAM = Team(
    id="east-ae",
    name="East AEs",
    manager=Person("Morgan", "morgan@example.com", ZONE),
    reps=tuple(Rep(n.title(), f"{n}@example.com", ZONE) for n in REPS),
    timezone=ZONE,
    director=Person("Dana", "dana@example.com", ZONE),
)


@pytest.fixture
def deps(tmp_path: Path) -> Deps:
    target = tmp_path / "config"
    shutil.copytree(EXAMPLE, target)
    write_fake_service_account(target / "service-account.json")
    return build_deps(load_config(target))


def submission(rep: str, edited: datetime | None, energy: int, wins: str) -> Submission:
    return Submission(
        rep_email=f"{rep}@example.com",
        week=WEEK,
        sections={"wins": Section(wins), "plan": Section("plan"), "skill_updates": Section("")},
        energy=energy,
        missing=() if wins else ("wins",),
        commitments=(Commitment("send deck", done=False),),
        last_edit=edited,
    )


def team_week() -> TeamWeek:
    data = TeamWeek()
    formula = '=IMPORTRANGE("x","y")'
    data.submissions = {
        "avery@example.com": submission("avery", DEADLINE - timedelta(hours=2), 2, formula),
        "blake@example.com": submission("blake", DEADLINE + timedelta(minutes=5), 4, "big deal"),
        "drew@example.com": submission("drew", None, 3, ""),
    }
    data.docs = {f"{r}@example.com": {"webViewLink": f"https://docs/{r}"} for r in REPS}
    data.paces = {
        "avery@example.com": Pace(0.35, 0.5, PaceStatus.BEHIND),
        "blake@example.com": Pace(0.6, 0.5, PaceStatus.AHEAD),
    }
    last_week = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
    data.meetings = [
        OneOnOne("avery@example.com", last_week, last_week + timedelta(minutes=45)),
        OneOnOne("blake@example.com", last_week, last_week + timedelta(minutes=45), declined=True),
    ]
    return data


def column(table: list[list[object]], layout_header: str) -> list[object]:
    at = THIS_WEEK.index(layout_header)
    return [row[at] for row in table[1:]]


def collected_last_week(*reps: str) -> dict[str, list[list[Cell]]]:
    """A tracker whose History has last week's rows for ``reps`` (last week was collected)."""
    row: dict[str, Cell] = dict.fromkeys(HISTORY.headers, "")
    rows = [
        [
            {**row, "Week": WEEK.previous().label, "Email": f"{r}@example.com"}[h]
            for h in HISTORY.headers
        ]
        for r in reps
    ]
    header: list[Cell] = list(HISTORY.headers)
    return {"History": [header, *rows]}


def test_a_full_week(deps: Deps) -> None:
    tables = build_tables(
        deps, TEAM, WEEK, NOW, DEADLINE, team_week(), collected_last_week(*REPS[:3])
    )
    tw = tables["This Week"][1]
    assert tw[0] == THIS_WEEK.headers
    assert column(tw, "Email") == [f"{r}@example.com" for r in REPS]
    assert column(tw, "Status") == ["on time", "late", "missing", "missing"]
    assert column(tw, ENERGY) == [2, 4, "", ""]
    assert column(tw, "Wins") == ['=IMPORTRANGE("x","y")', "big deal", "", ""]
    assert column(tw, "Last edit") == ["2026-12-04 13:00", "2026-12-04 15:05", "", ""]
    assert column(tw, "Doc")[0] == '=HYPERLINK("https://docs/avery","Open doc")'
    flags = column(tw, "Flags")
    assert flags[0] == "low energy: energy 2/5; behind pace"
    assert flags[1] == "late: edited after the deadline"
    assert flags[2] == flags[3] == "missing: no doc yet — ask for it before the 1:1"
    health = tables["Team Health"][1]
    assert [row[0] for row in health[1:]] == [WEEK.previous().label, WEEK.label]
    last, this = health[1], health[2]
    assert last[TEAM_HEALTH.index("1:1s due")] == 2
    assert last[TEAM_HEALTH.index("1:1s held")] == 1  # blake declined
    assert last[TEAM_HEALTH.index("Completion rate")] == 0.5
    # Of the three reps due then, avery had a 1:1 held (on 1 December, in November's week).
    assert last[TEAM_HEALTH.index("Coverage (month)")] == round(1 / 3, 4)
    assert last[TEAM_HEALTH.index("Reps due")] == ""
    for header in ("1:1s due", "1:1s held", "Completion rate", "Coverage (month)"):
        assert this[TEAM_HEALTH.index(header)] == ""  # this week's 1:1s are ahead
    assert this[TEAM_HEALTH.index("Submission rate")] == 0.5
    assert this[TEAM_HEALTH.index("On-time rate")] == 0.25
    assert this[TEAM_HEALTH.index("Avg energy (1-5)")] == 3.0
    assert this[TEAM_HEALTH.index("Energy trend")] == "=SPARKLINE(N$2:N3)"
    assert len(tables["Commitments"][1]) == 3  # avery's and blake's "send deck"


def test_rerun_is_identical_and_keeps_notes(deps: Deps) -> None:
    first = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, team_week(), {})
    sheet = {title: [list(r) for r in table] for title, (_l, table) in first.items()}
    sheet["This Week"][2][THIS_WEEK.index(NOTES)] = "call Blake first"
    again = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, team_week(), sheet)
    assert [len(t) for _l, t in again.values()] == [len(t) for _l, t in first.values()]
    assert again["This Week"][1][2][THIS_WEEK.index(NOTES)] == "call Blake first"
    assert again["History"][1][2][HISTORY.index(NOTES)] == "call Blake first"


def test_next_week_moves_this_week_and_flags_open_commitments(deps: Deps) -> None:
    first = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, team_week(), {})
    sheet = {title: [list(r) for r in table] for title, (_l, table) in first.items()}
    nxt = WEEK.next()
    data = team_week()
    data.submissions = {
        k: Submission(**{**v.__dict__, "week": nxt, "last_edit": DEADLINE + timedelta(days=6)})
        for k, v in data.submissions.items()
    }
    later = build_tables(
        deps,
        TEAM,
        nxt,
        NOW + timedelta(days=7),
        deadline_of("FRI", "15:00", nxt, ZONE),
        data,
        sheet,
    )
    tw = later["This Week"][1]
    assert set(column(tw, "Week")) == {nxt.label} and len(tw) == 5
    assert len(later["History"][1]) == 9
    assert "commitments open 2 weeks" in str(column(tw, "Flags")[0])


def test_private_tabs_are_dropped_and_pace_is_read() -> None:
    doc = {"tabs": [{"tabProperties": {"title": "Notes"}}, {"tabProperties": {"title": "Private"}}]}
    assert [t["tabProperties"]["title"] for t in without_private_tabs(doc)["tabs"]] == ["Notes"]
    items = (
        "Metric | Goal | Actual | Pace to goal",
        "Pipeline | $100,000 | $40,000 | 40% of goal, 50% of month gone · behind",
        "Calls | 50 | 30 | 60% of goal, 50% of month gone · ahead",
        "Churn | 10 | 9 | 90% of goal, 50% of month gone · behind",
        "Demos | 20 | 11",  # a row the rep typed without a pace: not counted
    )
    rows = Section("x", items=items)
    pace = pace_from_rows(rows, lower_is_better=["churn"])
    assert pace is not None and pace.text() == "50% of goal, 50% of month gone · on pace"
    assert pace_from_rows(Section("x", items=("Old | 10 | 5 | 568% · ahead",))) is None


def test_last_weeks_doc_is_linked_from_history(deps: Deps) -> None:
    history = [HISTORY.headers, [""] * len(HISTORY.headers)]
    history[1][HISTORY.index("Week")] = WEEK.previous().label
    history[1][HISTORY.index("Email")] = "Avery@example.com"
    history[1][HISTORY.index("Doc")] = '=HYPERLINK("https://docs/avery-last","Open doc")'
    tables = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, team_week(), {"History": history})
    links = column(tables["This Week"][1], "Last week's doc")
    assert links == ['=HYPERLINK("https://docs/avery-last","Last week\'s doc")', "", "", ""]


def test_last_weeks_1_1s_held_reach_history(deps: Deps) -> None:
    last = build_tables(deps, TEAM, WEEK.previous(), NOW, DEADLINE, TeamWeek(), {})
    previous = {title: table for title, (_layout, table) in last.items()}
    history = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, team_week(), previous)["History"][1]
    held = {
        (row[HISTORY.index("Week")], row[HISTORY.index("Email")]): row[HISTORY.index("1:1 held")]
        for row in history[1:]
    }
    before = WEEK.previous().label
    # team_week(): avery held on Tuesday, blake declined, casey and drew had none
    assert [held[(before, f"{r}@example.com")] for r in REPS] == ["yes", "no", "no", "no"]
    assert [held[(WEEK.label, f"{r}@example.com")] for r in REPS] == ["", "", "", ""]


def test_last_week_1on1_figures_only_once_it_was_collected(deps: Deps) -> None:
    """A tracker without last week's rows (that week was never prepared) gets no row for it;
    one with them gets its 1:1 figures, zeros included (no 1:1 was booked)."""
    data = team_week()
    data.meetings = []
    tables = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, data, {})
    assert [row[0] for row in tables["Team Health"][1][1:]] == [WEEK.label]
    tables = build_tables(deps, TEAM, WEEK, NOW, DEADLINE, data, collected_last_week("avery"))
    last = tables["Team Health"][1][1]
    assert last[0] == WEEK.previous().label
    assert (last[TEAM_HEALTH.index("1:1s due")], last[TEAM_HEALTH.index("1:1s held")]) == (0, 0)
    assert last[TEAM_HEALTH.index("Completion rate")] == ""
    assert last[TEAM_HEALTH.index("Coverage (month)")] == 0


def test_coverage_counts_the_1on1s_up_to_the_end_of_last_week(deps: Deps) -> None:
    """Run on a Tuesday, collect must not count this week's Monday 1:1 into last week's
    coverage."""
    data = team_week()
    monday = datetime(2026, 12, 14, 19, 0, tzinfo=UTC)
    data.meetings = [OneOnOne("blake@example.com", monday, monday + timedelta(minutes=45))]
    tuesday = datetime(2026, 12, 15, 15, 0, tzinfo=UTC)
    history = collected_last_week("blake")["History"]
    history[1][HISTORY.index("Week")] = WEEK.label  # the week of Dec 7 was collected
    tables = build_tables(deps, TEAM, WEEK.next(), tuesday, DEADLINE, data, {"History": history})
    last = tables["Team Health"][1][1]
    assert last[0] == WEEK.label
    assert last[TEAM_HEALTH.index("Coverage (month)")] == 0
