"""A stored spreadsheet as a person would see it in Sheets: shown values, cell formats
(fill, bold, italic, text colour), conditional formats evaluated per row, HYPERLINK cells as
links, the frozen header kept in view, rows hidden by the user or the basic filter left out, and
the grid trimmed to its data. Sizes are drawn as Sheets draws them: each column at its pixelSize
(100 by default); a row at its pixelSize when one was set, else as tall as its lines; text wraps
only where wrapStrategy is WRAP, is cut at the cell's edge where it is CLIP, and by default
(OVERFLOW_CELL) runs on over empty cells to its right.

Builds plain data for the Jinja2 template ``templates/spreadsheet.html``; nothing here writes
HTML, so everything user-supplied is escaped by the template engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from workspace_emulator.core.links import local_href
from workspace_emulator.sheets.defaults import COLUMN_PIXELS
from workspace_emulator.sheets.filters import hidden_rows
from workspace_emulator.sheets.model import cell
from workspace_emulator.sheets.values import effective, render

MAX_ROWS = 200  # rows drawn per sheet; the page says how many more there are
_REF = r"\$?([A-Z]{1,2})\$?(\d+)"
_TEXT_EQ = re.compile(rf'^={_REF}\s*=\s*"([^"]*)"$')
_NUM_CMP = re.compile(rf"^={_REF}\s*(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)$")
_AND_NUM = re.compile(
    rf"^=AND\(ISNUMBER\({_REF}\),\s*{_REF}\s*(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)\)$", re.I
)


@dataclass(frozen=True)
class ShownCell:
    """One cell as drawn: its text, link and CSS."""

    text: str = ""
    href: str = ""
    style: str = ""
    wrap: str = "spill"  # wrap, clip or spill (overflow over an empty cell to the right)
    note: str = ""  # the cell's note (Sheets marks the corner and shows it on hover)


@dataclass
class ShownSheet:
    """One tab as drawn."""

    title: str
    sheet_id: int = 0  # the page's #gid=N opens the tab, as a Sheets link does
    rows: list[list[ShownCell]] = field(default_factory=list)
    frozen_rows: int = 0
    grid_rows: int = 0
    grid_columns: int = 0
    more_rows: int = 0
    filtered_rows: int = 0  # rows the basic filter hides (not drawn, as in Sheets)
    empty_rows: int = 0  # grid rows below the last value (not drawn; the page says how many)
    charts: list[dict[str, Any]] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)  # pixels per column drawn
    heights: list[int | None] = field(default_factory=list)  # per row: set pixels, or None

    @property
    def width(self) -> int:
        """The drawn grid's width in pixels."""
        return sum(self.widths)


def shown_sheets(spreadsheet: dict[str, Any]) -> list[ShownSheet]:
    """Every tab of ``spreadsheet`` as drawn, in order."""
    default = spreadsheet["properties"].get("defaultFormat", {})
    sheets = [_sheet(sheet, default) for sheet in spreadsheet["sheets"]]
    for shown, sheet in zip(sheets, spreadsheet["sheets"], strict=True):
        shown.charts = [_chart(spreadsheet, chart) for chart in sheet.get("charts", [])]
    return sheets


def _chart(spreadsheet: dict[str, Any], chart: dict[str, Any]) -> dict[str, Any]:
    """What an embedded basic chart plots: its title, type, x labels and each series."""
    spec = chart.get("spec", {})
    basic = spec.get("basicChart", {})

    def values(holder: dict[str, Any]) -> list[Any]:
        out: list[Any] = []
        for source in holder.get("sourceRange", {}).get("sources", []):
            sheet = next(
                (s for s in spreadsheet["sheets"]
                 if s["properties"]["sheetId"] == int(source.get("sheetId", 0))), None,
            )  # fmt: skip
            if sheet is None:
                continue
            height, width = value_size(sheet)
            for r in range(int(source.get("startRowIndex", 0)),
                           min(int(source.get("endRowIndex", height)), height)):  # fmt: skip
                for c in range(int(source.get("startColumnIndex", 0)),
                               min(int(source.get("endColumnIndex", width)), width)):  # fmt: skip
                    out.append(effective((cell(sheet, r, c) or {}).get("userEnteredValue"), sheet))
        return out

    domains = basic.get("domains", [])
    labels = (
        [str(v if v is not None else "") for v in values(domains[0].get("domain", {}))]
        if domains
        else []
    )
    series = [values(s.get("series", {})) for s in basic.get("series", [])]
    return {
        "id": chart.get("chartId"),
        "title": str(spec.get("title", "")),
        "type": str(basic.get("chartType", "LINE")),
        "labels": labels,
        "series": series,
        "header_rows": int(basic.get("headerCount", 0)),
    }


def _sheet(sheet: dict[str, Any], default: dict[str, Any]) -> ShownSheet:
    props = sheet["properties"]
    grid = props.get("gridProperties", {})
    height, width = value_size(sheet)
    shown = ShownSheet(
        title=str(props.get("title", "")),
        sheet_id=int(props.get("sheetId", 0)),
        frozen_rows=int(grid.get("frozenRowCount", 0)),
        grid_rows=int(grid.get("rowCount", 0)),
        grid_columns=int(grid.get("columnCount", 0)),
        more_rows=max(0, height - MAX_ROWS),
    )
    rules = list(sheet.get("conditionalFormats", []))
    by_filter = hidden_rows(sheet)
    by_user = {int(r) for r, meta in sheet.get("rowMeta", {}).items() if meta.get("hiddenByUser")}
    drawn = [r for r in range(min(height, MAX_ROWS)) if r not in by_filter | by_user]
    columns, rows = sheet.get("colMeta", {}), sheet.get("rowMeta", {})
    shown.widths = [
        int(columns.get(str(c), {}).get("pixelSize", COLUMN_PIXELS)) for c in range(width)
    ]
    for r in drawn:
        cells = [_cell(sheet, r, c, default, rules) for c in range(width)]
        shown.rows.append([_spill(cells, c) for c in range(width)])
        size = rows.get(str(r), {}).get("pixelSize")
        shown.heights.append(int(size) if size is not None else None)
    shown.frozen_rows = sum(1 for r in drawn if r < shown.frozen_rows)
    shown.filtered_rows = len(by_filter)
    shown.empty_rows = max(0, shown.grid_rows - height)
    return shown


def value_size(sheet: dict[str, Any]) -> tuple[int, int]:
    """(rows, columns) up to the last cell holding a value: what is drawn (a cell with only a
    format, like the rows below a table, is part of the grid's empty rows)."""
    height = width = 0
    for r, line in enumerate(sheet["rows"]):
        for c, stored in enumerate(line):
            if stored and stored.get("userEnteredValue") is not None:
                height, width = max(height, r + 1), max(width, c + 1)
    return height, width


def _spill(cells: list[ShownCell], c: int) -> ShownCell:
    """Overflowing text runs on only over an empty cell; next to a filled one it is cut."""
    here = cells[c]
    if here.wrap != "spill" or (c + 1 < len(cells) and not cells[c + 1].text):
        return here
    return ShownCell(here.text, here.href, here.style, "clip", here.note)


def _cell(
    sheet: dict[str, Any], r: int, c: int, default: dict[str, Any], rules: list[dict[str, Any]]
) -> ShownCell:
    stored = cell(sheet, r, c) or {}
    fmt = _merge(default, stored.get("userEnteredFormat") or {})
    for rule in rules:
        boolean = rule.get("booleanRule")
        if boolean and _in_ranges(rule.get("ranges", []), r, c) and _holds(sheet, rule, r):
            fmt = _merge(fmt, boolean.get("format", {}))
            break  # Sheets applies the first matching rule
    text = str(render(stored, "FORMATTED_VALUE", sheet=sheet) or "") if stored else ""
    formula = str((stored.get("userEnteredValue") or {}).get("formulaValue", ""))
    href = ""
    link = re.match(r'^=HYPERLINK\("((?:[^"]|"")*)"', formula, re.I)
    if link:
        href = local_href(link.group(1).replace('""', '"'))
    wrap = {"WRAP": "wrap", "CLIP": "clip"}.get(str(fmt.get("wrapStrategy", "")), "spill")
    return ShownCell(
        text=text, href=href, style=_css(fmt), wrap=wrap, note=str(stored.get("note", ""))
    )


def _in_ranges(ranges: list[dict[str, Any]], r: int, c: int) -> bool:
    for rng in ranges:
        if int(rng.get("startRowIndex", 0)) <= r < int(rng.get("endRowIndex", 10**9)) and int(
            rng.get("startColumnIndex", 0)
        ) <= c < int(rng.get("endColumnIndex", 10**9)):
            return True
    return False


def _holds(sheet: dict[str, Any], rule: dict[str, Any], r: int) -> bool:
    """Whether a rule's condition holds on row ``r`` (0-based). Custom formulas are written
    for the first row of the rule's range; a relative row moves with the row drawn."""
    condition = rule["booleanRule"].get("condition", {})
    values = [str(v.get("userEnteredValue", "")) for v in condition.get("values", [])]
    if condition.get("type") != "CUSTOM_FORMULA" or len(values) != 1:
        return False
    first = min((int(g.get("startRowIndex", 0)) for g in rule.get("ranges", [])), default=0)
    formula = values[0].strip()

    def value(column: str, row: str) -> Any:
        target = (
            int(row) - 1 + (r - first) if not _absolute_row(formula, column, row) else int(row) - 1
        )
        col = _column_index(column)
        return effective((cell(sheet, target, col) or {}).get("userEnteredValue"), sheet)

    if match := _TEXT_EQ.match(formula):
        return str(value(match.group(1), match.group(2)) or "") == match.group(3)
    if match := _NUM_CMP.match(formula):
        got = value(match.group(1), match.group(2))
        return _compare(got, match.group(3), float(match.group(4)))
    if match := _AND_NUM.match(formula):
        got = value(match.group(3), match.group(4))
        return _compare(got, match.group(5), float(match.group(6)))
    return False


def _absolute_row(formula: str, column: str, row: str) -> bool:
    return f"{column}${row}" in formula


def _compare(got: Any, op: str, limit: float) -> bool:
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    return {
        "<=": got <= limit, ">=": got >= limit, "<": got < limit, ">": got > limit,
        "=": got == limit,
    }[op]  # fmt: skip


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


_PAIRS = (("backgroundColor", "backgroundColorStyle"), ("foregroundColor", "foregroundColorStyle"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``; a colour set one way replaces the other way's (a rule's
    ``backgroundColor`` wins over the default format's ``backgroundColorStyle``)."""
    out = dict(base)
    for plain, styled in _PAIRS:
        if plain in over and styled not in over:
            out.pop(styled, None)
        elif styled in over and plain not in over:
            out.pop(plain, None)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _color(color: dict[str, Any] | None) -> str:
    if not color:
        return ""
    rgb = color.get("rgbColor", color)
    channels = [round(255 * float(rgb.get(k, 0) or 0)) for k in ("red", "green", "blue")]
    return "#{:02x}{:02x}{:02x}".format(*channels)


def _css(fmt: dict[str, Any]) -> str:
    rules: list[str] = []
    background = _color(fmt.get("backgroundColorStyle") or fmt.get("backgroundColor"))
    if background and background != "#ffffff":
        rules.append(f"background-color:{background}")
    text = fmt.get("textFormat", {})
    if text.get("bold"):
        rules.append("font-weight:bold")
    if text.get("italic"):
        rules.append("font-style:italic")
    if text.get("strikethrough"):
        rules.append("text-decoration:line-through")
    foreground = _color(text.get("foregroundColorStyle") or text.get("foregroundColor"))
    if foreground and foreground != "#000000":
        rules.append(f"color:{foreground}")
    if fmt.get("verticalAlignment") in ("TOP", "MIDDLE"):
        rules.append("vertical-align:" + str(fmt["verticalAlignment"]).lower())
    return ";".join(rules)
