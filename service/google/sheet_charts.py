"""Our native charts in a managed spreadsheet: added once, found again by title, and their spec
replaced only when the ranges they chart moved (a column added to Team Health); a re-run with
nothing changed sends no chart request. Requests go in the run's one batchUpdate.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from service.domain.dashboard import (
    DASHBOARD,
    ROLLUP_DASHBOARD,
    Chart,
    rollup_charts,
    tracker_charts,
)
from service.domain.rollup import TEAMS
from service.domain.tracker_layout import TEAM_HEALTH, TabLayout

if TYPE_CHECKING:
    from service.google.managed_sheet import SheetState

CHART_FIELDS = "charts(chartId,spec)"  # asked for in the run's spreadsheets.get


def read_charts(sheet: dict[str, Any]) -> dict[str, tuple[int, dict[str, Any]]]:
    """A sheet's charts by title, as spreadsheets.get lists them."""
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for chart in sheet.get("charts", []):
        spec = chart.get("spec", {})
        out.setdefault(str(spec.get("title", "")), (int(chart["chartId"]), spec))
    return out


def charts_for(state: SheetState, layouts: Sequence[TabLayout]) -> list[tuple[str, Chart]]:
    """(tab title, chart) for every chart the written tabs call for."""
    titles = {layout.title for layout in layouts}
    if {DASHBOARD.title, TEAM_HEALTH.title} <= titles:
        return [(DASHBOARD.title, c) for c in tracker_charts(state.sheet_ids)]
    if {ROLLUP_DASHBOARD.title, TEAMS.title} <= titles:
        return [(ROLLUP_DASHBOARD.title, c) for c in rollup_charts(state.sheet_ids, TEAMS)]
    return []


def chart_requests(state: SheetState, wanted: Sequence[tuple[str, Chart]]) -> list[dict[str, Any]]:
    """addChart for a chart we do not have yet, updateChartSpec for one whose data moved or
    that has an older title."""
    requests: list[dict[str, Any]] = []
    for tab, chart in wanted:
        found = state.charts.get(chart.title)
        older = [state.charts[t] for t in chart.formerly if t in state.charts]
        if found is None and older:
            requests.append({"updateChartSpec": {"chartId": older[0][0], "spec": chart.spec}})
        elif found is None:
            anchor = {"sheetId": state.sheet_ids[tab], "rowIndex": chart.row,
                      "columnIndex": chart.column}  # fmt: skip
            body = {"spec": chart.spec, "position": {"overlayPosition": {"anchorCell": anchor}}}
            requests.append({"addChart": {"chart": body}})
        elif _ranges(found[1]) != _ranges(chart.spec):
            requests.append({"updateChartSpec": {"chartId": found[0], "spec": chart.spec}})
    return requests


def _ranges(spec: Any) -> list[tuple[tuple[str, int], ...]]:
    """The ranges a spec charts, comparable whatever else Google filled in."""
    return [tuple(sorted((k, int(v)) for k, v in r.items() if v or k != "sheetId"))
            for r in _sources(spec)]  # fmt: skip


def _sources(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, dict))
            else:
                yield from _sources(value)
    elif isinstance(node, list):
        for value in node:
            yield from _sources(value)
