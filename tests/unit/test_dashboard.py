"""The tracker's Dashboard: the pace table counted by hand, and charts requested once."""

from __future__ import annotations

from typing import Any

from service.domain.dashboard import DASHBOARD, PACE_CHART, pace_rows, tracker_charts
from service.domain.tracker_layout import TEAM_HEALTH, THIS_WEEK
from service.google.managed_sheet import SheetState
from service.google.sheet_charts import chart_requests, charts_for

WEEK = "2026-12-07"


def this_week(*paces: object, week: str = WEEK) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for pace in paces:
        row: list[Any] = [""] * len(THIS_WEEK.headers)
        row[THIS_WEEK.index("Week")], row[THIS_WEEK.index("Pace")] = week, pace
        rows.append(row)
    return rows


def test_reps_counted_by_the_verdict_their_pace_cell_reads() -> None:
    paces = [
        "49% of goal, 32% of month gone · ahead",
        "30% of goal, 32% of month gone · on pace",
        "26% of goal, 32% of month gone · behind",
        "24% of goal, 32% of month gone · behind",
        "9% of goal, 9% of month gone · too early to tell",
        "",
    ]
    table = [THIS_WEEK.headers, *this_week(*paces)]
    table += this_week(paces[0], week="2026-11-30")  # last week's row: not counted
    assert pace_rows(table, WEEK) == [
        DASHBOARD.headers,
        ["ahead", 1],
        ["on pace", 1],
        ["behind", 2],
        ["too early to tell", 1],
        ["no pace", 1],
    ]


def test_the_pace_chart_keeps_its_id_when_renamed() -> None:
    layouts = [TEAM_HEALTH, DASHBOARD]
    charts = {c.title: (i, c.spec) for i, c in enumerate(tracker_charts(state({}).sheet_ids))}
    renamed = {t: v for t, v in charts.items() if t != PACE_CHART}
    renamed["Pace this week (reps by % of goal)"] = (7, {"title": "old"})
    (update,) = chart_requests(state(renamed), charts_for(state(renamed), layouts))
    assert update["updateChartSpec"]["chartId"] == 7
    assert update["updateChartSpec"]["spec"]["title"] == PACE_CHART


def state(charts: dict[str, tuple[int, dict[str, Any]]]) -> SheetState:
    ids = {TEAM_HEALTH.title: 104, DASHBOARD.title: 105}
    return SheetState("f", "u", sheet_ids=ids, charts=charts)


def test_charts_are_added_once_and_follow_moved_columns() -> None:
    layouts = [TEAM_HEALTH, DASHBOARD]
    fresh = chart_requests(state({}), charts_for(state({}), layouts))
    assert [next(iter(r)) for r in fresh] == ["addChart"] * 4
    existing = {c.title: (i, c.spec) for i, c in enumerate(tracker_charts(state({}).sheet_ids))}
    assert chart_requests(state(existing), charts_for(state(existing), layouts)) == []
    title = "Average energy by week (1-5)"
    moved = dict(existing)
    old_id, spec = moved[title]
    old = {**spec, "basicChart": {**spec["basicChart"], "series": []}}
    moved[title] = (old_id, old)
    (update,) = chart_requests(state(moved), charts_for(state(moved), layouts))
    assert update["updateChartSpec"]["chartId"] == old_id
    assert charts_for(state({}), [TEAM_HEALTH]) == []  # a roll-up has no Dashboard
