"""batchUpdate requests on embedded charts: ``addChart``, ``updateChartSpec``,
``updateEmbeddedObjectPosition`` and ``deleteEmbeddedObject``. A chart is stored on the sheet
its position names (``charts``), so ``spreadsheets.get`` lists it under ``sheets[].charts`` as
Google does, and it goes with its sheet. Its spec is kept as given, every source range checked,
with the defaults Google fills in (fonts, hidden rows skipped).
https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/charts
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.defaults import new_id
from workspace_emulator.sheets.model import SheetsError, sheet_by_id
from workspace_emulator.sheets.ranges import normalized
from workspace_emulator.sheets.sheet_requests import Context, handles

# The chart kinds of ChartSpec's union field "chart": exactly one must be set.
KINDS = ("basicChart", "pieChart", "bubbleChart", "candlestickChart", "orgChart",
         "histogramChart", "waterfallChart", "treemapChart", "scorecardChart")  # fmt: skip
WIDTH, HEIGHT = 600, 371  # Google's default overlay size in pixels


def _charts(spreadsheet: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for sheet in spreadsheet["sheets"]:
        for chart in sheet.get("charts", []):
            yield sheet, chart


def _sources(node: Any) -> Iterator[dict[str, Any]]:
    """Every GridRange under a ``sources`` list anywhere in a spec."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, dict))
            else:
                yield from _sources(value)
    elif isinstance(node, list):
        for value in node:
            yield from _sources(value)


def _checked_spec(spreadsheet: dict[str, Any], spec: Any) -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise SheetsError("spec is required.")
    kinds = [k for k in KINDS if k in spec]
    if len(kinds) != 1:
        raise SheetsError("A chart spec must set exactly one chart type.")
    out = json_copy(spec)
    # what Google fills in and answers (the fonts are the chart editor's defaults)
    out.setdefault("hiddenDimensionStrategy", "SKIP_HIDDEN_ROWS_AND_COLUMNS")
    out.setdefault("fontName", "Roboto")
    if out.get("title"):
        out.setdefault("titleTextFormat", {}).setdefault("fontFamily", "Roboto")
    for rng in _sources(out):
        fixed = normalized(spreadsheet, rng)
        rng.clear()
        rng.update(fixed)
    return out


def _position(spreadsheet: dict[str, Any], given: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """(the sheet holding the chart, its position as Google answers it)."""
    if given.get("newSheet"):
        raise SheetsError("position.newSheet: not supported by the emulator.")
    overlay = json_copy(given.get("overlayPosition") or {})
    anchor = overlay.get("anchorCell") or {}
    sheet_id = int(anchor.get("sheetId", given.get("sheetId", 0)))
    sheet_by_id(spreadsheet, sheet_id)  # raises for an unknown sheet
    anchor_out: dict[str, int] = {"sheetId": sheet_id} if sheet_id else {}
    for key in ("rowIndex", "columnIndex"):
        if int(anchor.get(key, 0)):
            anchor_out[key] = int(anchor[key])
    out: dict[str, Any] = {"anchorCell": anchor_out}
    for key in ("offsetXPixels", "offsetYPixels"):
        if int(overlay.get(key, 0)):
            out[key] = int(overlay[key])
    out["widthPixels"] = int(overlay.get("widthPixels") or WIDTH)
    out["heightPixels"] = int(overlay.get("heightPixels") or HEIGHT)
    return sheet_id, {"overlayPosition": out}


@handles("addChart")
def add_chart(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Add a chart over a sheet; Google mints the id when none is given."""
    given = body.get("chart") or {}
    ids = {int(c["chartId"]) for _s, c in _charts(ctx.spreadsheet)}
    chart_id = int(given.get("chartId") or new_id())
    if chart_id in ids:
        raise SheetsError(f"An object with ID {chart_id} already exists.")
    spec = _checked_spec(ctx.spreadsheet, given.get("spec"))
    sheet_id, position = _position(ctx.spreadsheet, given.get("position") or {})
    stored: dict[str, Any] = {"chartId": chart_id, "spec": spec, "position": position}
    sheet_by_id(ctx.spreadsheet, sheet_id).setdefault("charts", []).append(stored)
    return {"chart": json_copy(stored)}


@handles("updateChartSpec")
def update_chart_spec(ctx: Context, body: dict[str, Any]) -> None:
    """Replace a chart's whole spec (its id and position stay)."""
    chart_id = int(body.get("chartId", -1))
    for _sheet, chart in _charts(ctx.spreadsheet):
        if int(chart["chartId"]) == chart_id:
            chart["spec"] = _checked_spec(ctx.spreadsheet, body.get("spec"))
            return
    raise SheetsError(f"No chart with id: {chart_id}")


@handles("updateEmbeddedObjectPosition")
def update_embedded_object_position(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Move or resize a chart: the masked parts of ``newPosition`` (``*``: all of it); a new
    anchor on another sheet moves the chart there. Answers the chart's new position."""
    object_id = int(body.get("objectId", -1))
    found = [(s, c) for s, c in _charts(ctx.spreadsheet) if int(c["chartId"]) == object_id]
    if not found:
        raise SheetsError(f"No object with id: {object_id}")
    sheet, chart = found[0]
    given = body.get("newPosition") or {}
    mask = field_mask.paths(body.get("fields"))
    if given.get("overlayPosition") is not None and ["*"] not in mask:
        merged = json_copy(chart["position"])
        field_mask.apply(merged["overlayPosition"], given["overlayPosition"], mask)
        given = merged
    sheet_id, position = _position(ctx.spreadsheet, given)
    chart["position"] = position
    if int(sheet["properties"]["sheetId"]) != sheet_id:
        sheet["charts"].remove(chart)
        if not sheet["charts"]:
            del sheet["charts"]
        sheet_by_id(ctx.spreadsheet, sheet_id).setdefault("charts", []).append(chart)
    return {"position": json_copy(position)}


@handles("deleteEmbeddedObject")
def delete_embedded_object(ctx: Context, body: dict[str, Any]) -> None:
    """Delete a chart by its id."""
    object_id = int(body.get("objectId", -1))
    for sheet, chart in _charts(ctx.spreadsheet):
        if int(chart["chartId"]) == object_id:
            sheet["charts"].remove(chart)
            if not sheet["charts"]:
                del sheet["charts"]
            return
    raise SheetsError(f"No object with id: {object_id}")
