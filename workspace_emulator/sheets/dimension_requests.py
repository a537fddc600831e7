"""batchUpdate requests on rows and columns as such: sizes (updateDimensionProperties,
autoResizeDimensions) and groups (addDimensionGroup, deleteDimensionGroup)."""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.sheets import mask as field_mask
from workspace_emulator.sheets.defaults import COLUMN_PIXELS, ROW_PIXELS
from workspace_emulator.sheets.model import SheetsError, cell, grid, sheet_by_id
from workspace_emulator.sheets.sheet_requests import Context, handles
from workspace_emulator.sheets.values import render


def _dimension_range(ctx: Context, rng: dict[str, Any]) -> tuple[dict[str, Any], str, range]:
    sheet = sheet_by_id(ctx.spreadsheet, int(rng.get("sheetId", 0)))
    dimension = rng.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise SheetsError("dimension must be ROWS or COLUMNS.")
    size = grid(sheet)[0 if dimension == "ROWS" else 1]
    start, end = int(rng.get("startIndex", 0)), int(rng.get("endIndex", size))
    if not 0 <= start <= end <= size:
        raise SheetsError(f"Invalid dimension range [{start}, {end}) on a grid of {size}.")
    return sheet, dimension, range(start, end)


@handles("updateDimensionProperties")
def update_dimension_properties(ctx: Context, body: dict[str, Any]) -> None:
    """Masked pixelSize / hiddenByUser for each row or column of the range."""
    sheet, dimension, indexes = _dimension_range(ctx, body.get("range") or {})
    mask = field_mask.paths(body.get("fields"))
    meta = sheet.setdefault("rowMeta" if dimension == "ROWS" else "colMeta", {})
    for i in indexes:
        props = meta.get(str(i), {})
        field_mask.apply(props, body.get("properties") or {}, mask)
        if props:
            meta[str(i)] = props
        else:
            meta.pop(str(i), None)


@handles("autoResizeDimensions")
def auto_resize_dimensions(ctx: Context, body: dict[str, Any]) -> None:
    """Fit columns to their longest shown text; rows to 21 px. The width per character is
    what Google gave for Arial 10 (1,024 "A" -> 8,691 px in the gspread recording)."""
    sheet, dimension, indexes = _dimension_range(ctx, body.get("dimensions") or {})
    meta = sheet.setdefault("rowMeta" if dimension == "ROWS" else "colMeta", {})
    for i in indexes:
        if dimension == "ROWS":
            size = ROW_PIXELS
        else:
            texts = [
                str(render(cell(sheet, r, i), "FORMATTED_VALUE", sheet=sheet) or "")
                for r in range(len(sheet["rows"]))
            ]
            longest = max((len(t) for t in texts), default=0)
            size = round(longest * 8.48 + 7) if longest else COLUMN_PIXELS
        meta.setdefault(str(i), {})["pixelSize"] = size
        if size == (ROW_PIXELS if dimension == "ROWS" else COLUMN_PIXELS):
            meta[str(i)].pop("pixelSize")
            if not meta[str(i)]:
                del meta[str(i)]


def _groups(sheet: dict[str, Any], dimension: str) -> list[dict[str, Any]]:
    key = "rowGroups" if dimension == "ROWS" else "columnGroups"
    groups: list[dict[str, Any]] = sheet.setdefault(key, [])
    return groups


def _group_range(sheet: dict[str, Any], dimension: str, span: range) -> dict[str, Any]:
    out: dict[str, Any] = {"dimension": dimension, "startIndex": span.start, "endIndex": span.stop}
    if sheet["properties"]["sheetId"]:
        out = {"sheetId": sheet["properties"]["sheetId"], **out}
    return out


@handles("addDimensionGroup")
def add_dimension_group(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Group rows/columns (depth = 1 + the groups it nests in); the reply lists all groups."""
    sheet, dimension, span = _dimension_range(ctx, body.get("range") or {})
    groups = _groups(sheet, dimension)
    depth = 1 + sum(
        1 for g in groups
        if g["range"]["startIndex"] <= span.start and span.stop <= g["range"]["endIndex"]
    )  # fmt: skip
    groups.append({"range": _group_range(sheet, dimension, span), "depth": depth})
    groups.sort(key=lambda g: (g["depth"], g["range"]["startIndex"]))
    control = "rowGroupControlAfter" if dimension == "ROWS" else "columnGroupControlAfter"
    sheet["properties"]["gridProperties"].setdefault(control, True)  # as Google sets it
    return {"dimensionGroups": json_copy(groups)}


@handles("deleteDimensionGroup")
def delete_dimension_group(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Remove the deepest group over exactly that span; the reply lists what is left."""
    sheet, dimension, span = _dimension_range(ctx, body.get("range") or {})
    groups = _groups(sheet, dimension)
    same = [g for g in groups if (g["range"]["startIndex"], g["range"]["endIndex"]) == (
        span.start, span.stop)]  # fmt: skip
    if not same:
        raise SheetsError("No dimension group matches the range.")
    groups.remove(max(same, key=lambda g: g["depth"]))
    return {"dimensionGroups": json_copy(groups)} if groups else {}
