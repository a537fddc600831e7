"""The tracker's Dashboard: the pace table counted by hand, and charts requested once."""

from __future__ import annotations

from typing import Any

from service.domain.dashboard import DASHBOARD, pace_rows, tracker_charts
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


def test_pace_bands_counted() -> None:
    table = [THIS_WEEK.headers, *this_week(0.5, 0.79, 0.8, 0.99, 1.0, "49% of goal, x", "")]
    table += this_week(0.1, week="2026-11-30")  # last week's row: not counted
    assert pace_rows(table, WEEK) == [
        DASHBOARD.headers,
        ["under 80%", 3],  # 0.5, 0.79, 0.49
        ["80-99%", 2],  # 0.8, 0.99
        ["100% and over", 1],  # 1.0
        ["no pace", 1],  # ""
    ]


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
