"""The tracker's Dashboard tab: a small table of this week's reps by pace verdict (ahead, on
pace, behind: judged against the share of the month gone, as the Pace column reads), and the native
charts over Team Health and that table (made once; their ranges are open-ended, so they follow
the rows each week adds). Pure: chart specs are plain Sheets API dictionaries.
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/charts
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from service.domain.pacing import PaceStatus, parse_pace
from service.domain.tracker_layout import (
    AVG_ENERGY,
    TEAM_HEALTH,
    THIS_WEEK,
    Cell,
    Column,
    Row,
    TabLayout,
)
from service.domain.tracker_upsert import read_rows

BUCKET = "Pace this week"
DASHBOARD: Final = TabLayout(
    "Dashboard", (Column(BUCKET, width=140), Column("Reps")), key=(BUCKET,), sheet_id=105
)
# The verdicts in the order a manager reads them; a rep whose metrics are missing has no pace.
BUCKETS: Final = (PaceStatus.AHEAD, PaceStatus.ON_PACE, PaceStatus.BEHIND, PaceStatus.EARLY)
NO_PACE = "no pace"
PACE_CHART = "Pace this week (reps ahead, on pace, behind)"


@dataclass(frozen=True)
class Chart:
    """A chart we keep on a tab: its title (how it is found again), spec and anchor cell."""

    title: str
    spec: dict[str, Any]
    row: int
    column: int
    formerly: tuple[str, ...] = ()  # titles it had before (found again by those, and renamed)


def pace_rows(this_week: Sequence[Sequence[Cell]], week_label: str) -> list[Row]:
    """How many of this week's reps are ahead, on pace, behind, or too early to tell, as their
    Pace cell says (header first). Attainment alone would put everyone "under 80%" early in a
    month; the verdict weighs it against the share of the month gone."""
    at_week, at_pace = THIS_WEEK.index("Week"), THIS_WEEK.index("Pace")
    counts = dict.fromkeys([str(status) for status in BUCKETS] + [NO_PACE], 0)
    for row in read_rows(THIS_WEEK, this_week):
        if str(row[at_week]) != week_label:
            continue
        pace = parse_pace(row[at_pace])
        name = str(pace.status) if pace is not None and pace.status in BUCKETS else NO_PACE
        counts[name] += 1
    rows: list[Row] = [list(DASHBOARD.headers)]
    rows.extend([name, n] for name, n in counts.items())
    return rows


def _source(sheet_id: int, column: int) -> dict[str, Any]:
    grid = {"sheetId": sheet_id, "startRowIndex": 0, "startColumnIndex": column,
            "endColumnIndex": column + 1}  # fmt: skip
    return {"sourceRange": {"sources": [grid]}}


def basic_chart(
    title: str, kind: str, sheet_id: int, domain: int, series: Sequence[int], unit: str
) -> dict[str, Any]:
    """A line or column chart of columns of one tab, the header row naming the series."""
    return {
        "title": title,
        "basicChart": {
            "chartType": kind,
            "legendPosition": "BOTTOM_LEGEND",
            "headerCount": 1,
            "axis": [{"position": "LEFT_AXIS", "title": unit}],
            "domains": [{"domain": _source(sheet_id, domain)}],
            "series": [
                {"series": _source(sheet_id, column), "targetAxis": "LEFT_AXIS"}
                for column in series
            ],
        },
    }


def tracker_charts(sheet_ids: Mapping[str, int]) -> list[Chart]:
    """The Dashboard's four charts, over Team Health (by week) and the pace table."""
    health, board = sheet_ids[TEAM_HEALTH.title], sheet_ids[DASHBOARD.title]
    week = TEAM_HEALTH.index("Week")
    col = TEAM_HEALTH.index
    return [
        Chart("Submission and on-time rate by week", basic_chart(
            "Submission and on-time rate by week", "LINE", health, week,
            [col("Submission rate"), col("On-time rate")], "share of reps due"), 0, 3),
        Chart("Average energy by week (1-5)", basic_chart(
            "Average energy by week (1-5)", "LINE", health, week, [col(AVG_ENERGY)],
            "energy (1-5)"), 0, 10),
        Chart("1:1s held vs due by week", basic_chart(
            "1:1s held vs due by week", "COLUMN", health, week,
            [col("1:1s due"), col("1:1s held")], "1:1s"), 20, 3),
        Chart(PACE_CHART, basic_chart(PACE_CHART, "COLUMN", board, 0, [1], "reps"), 20, 10,
              formerly=("Pace this week (reps by % of goal)",)),
    ]  # fmt: skip


ROLLUP_DASHBOARD: Final = TabLayout(
    "Dashboard", (Column("About these charts"),), key=("About these charts",), sheet_id=207
)
ROLLUP_NOTE = "Each team this week, from the Teams tab (hidden figures are not charted)."


def rollup_charts(sheet_ids: Mapping[str, int], teams: TabLayout) -> list[Chart]:
    """The roll-up Dashboard's charts: the Teams tab's figures side by side per team."""
    tab = sheet_ids[teams.title]
    team = teams.index("Team")
    pace = next(h for h in teams.headers if h.startswith("Avg") and h != AVG_ENERGY)
    specs = [
        ("Submission and on-time rate by team", ["Submission rate", "On-time rate"], "share"),
        ("Average energy by team (1-5)", [AVG_ENERGY], "energy (1-5)"),
        ("1:1 completion rate by team", ["Completion rate"], "share of 1:1s due"),
        ("Pace by team", [pace], pace),
    ]
    return [
        Chart(title, basic_chart(title, "COLUMN", tab, team, [teams.index(h) for h in heads],
                                 unit), 2 + 20 * (i // 2), 7 * (i % 2) + 1)
        for i, (title, heads, unit) in enumerate(specs)
    ]  # fmt: skip
