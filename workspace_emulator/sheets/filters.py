"""A sheet's basic filter: the criteria Google keeps for it and the rows they hide.

``setBasicFilter`` may give the criteria per column as ``filterSpecs`` (a list of
``{columnIndex, filterCriteria}``) or as the deprecated ``criteria`` map keyed by column index;
Google answers both, and ``filterSpecs`` wins when a request has both. A column's criteria
show a data row (every row of the range but its header) when the cell's shown text is not in
``hiddenValues``, its ``condition`` holds and its colour is the ``visible...Color`` asked for.
A row hidden by the filter is ``hiddenByFilter`` in ``rowMetadata`` and is not drawn in the
HTML view. Hidden rows are worked out from the current values whenever they are read; a
relative date (``TODAY``, ``PAST_WEEK``...) from the emulator's clock in the spreadsheet's time
zone (``set_clock``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta

from workspace_emulator.core.framework import ApiError, json_copy
from workspace_emulator.sheets.model import Cell, Sheet, SheetsError, cell
from workspace_emulator.sheets.values import EPOCH, effective, parse_input, render

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_NOT_EMULATED = ("CUSTOM_FORMULA", "ONE_OF_RANGE", "FILTER_EXPRESSION", "DATE_IS_VALID")
_RELATIVE = {"PAST_YEAR": relativedelta(years=-1), "PAST_MONTH": relativedelta(months=-1),
             "PAST_WEEK": relativedelta(weeks=-1), "YESTERDAY": relativedelta(days=-1),
             "TODAY": relativedelta(), "TOMORROW": relativedelta(days=1)}  # fmt: skip
TODAY: ContextVar[date | None] = ContextVar("today", default=None)  # see set_clock


def stored_filter(given: dict[str, Any], stored_range: dict[str, int]) -> dict[str, Any]:
    """The filter as Google keeps and answers it: the closed range, any ``sortSpecs``, and
    the criteria both as ``filterSpecs`` (by column) and as the ``criteria`` map."""
    specs: dict[int, dict[str, Any]] = {}
    if given.get("filterSpecs"):
        for spec in given["filterSpecs"]:
            specs[int(spec.get("columnIndex", 0))] = json_copy(spec.get("filterCriteria") or {})
    else:
        for key, criteria in (given.get("criteria") or {}).items():
            specs[_column_key(key)] = json_copy(criteria or {})
    first, last = stored_range.get("startColumnIndex", 0), stored_range["endColumnIndex"]
    out: dict[str, Any] = {"range": stored_range}
    if given.get("sortSpecs"):
        out["sortSpecs"] = json_copy(given["sortSpecs"])
    for column, criteria in sorted(specs.items()):
        if not first <= column < last:
            raise SheetsError(f"Column {column} is outside the filter's range.")
        _check(criteria)
        if criteria:
            out.setdefault("filterSpecs", []).append(
                {"columnIndex": column, "filterCriteria": criteria}
            )
            out.setdefault("criteria", {})[str(column)] = criteria
    return out


def _column_key(key: str) -> int:
    if not str(key).lstrip("-").isdigit():
        raise SheetsError(f"Invalid criteria key '{key}': a column index is expected.")
    return int(key)


def _check(criteria: dict[str, Any]) -> None:
    kind = (criteria.get("condition") or {}).get("type", "")
    if kind in _NOT_EMULATED:
        raise ApiError(501, f"A basic filter condition {kind} is not emulated.",
                       status="UNIMPLEMENTED")  # fmt: skip
    if kind and kind not in _CONDITIONS:
        raise SheetsError(f"Invalid filter condition type: {kind}")
    for value in (criteria.get("condition") or {}).get("values") or []:
        if "relativeDate" in value and value["relativeDate"] not in _RELATIVE:
            raise SheetsError(f"Invalid relativeDate: {value['relativeDate']}")


def set_clock(spreadsheet: dict[str, Any], now: datetime) -> None:
    """Make ``now`` (the emulator's clock) the moment relative dates are read from, in the
    spreadsheet's time zone, for the current call."""
    try:
        zone: tzinfo = ZoneInfo(str(spreadsheet["properties"].get("timeZone") or "Etc/GMT"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    TODAY.set(now.astimezone(zone).date())


def shift_columns(bfilter: dict[str, Any], shift: Callable[[int], int], gone: range) -> None:
    """Follow inserted or deleted columns: each spec moves with its column or goes with it."""
    specs = [s for s in bfilter.get("filterSpecs", []) if int(s["columnIndex"]) not in gone]
    for spec in specs:
        spec["columnIndex"] = shift(int(spec["columnIndex"]))
    bfilter.pop("filterSpecs", None)
    bfilter.pop("criteria", None)
    if specs:
        bfilter["filterSpecs"] = specs
        bfilter["criteria"] = {str(s["columnIndex"]): s["filterCriteria"] for s in specs}


def hidden_rows(sheet: Sheet) -> set[int]:
    """The 0-based rows the sheet's basic filter hides."""
    bfilter = sheet.get("basicFilter") or {}
    specs = bfilter.get("filterSpecs") or []
    if not specs:
        return set()
    rng = bfilter["range"]
    first = int(rng.get("startRowIndex", 0)) + 1  # the header row is never hidden
    last = min(int(rng.get("endRowIndex", len(sheet["rows"]))), len(sheet["rows"]))
    return {
        r for r in range(first, last)
        if not all(shows(spec["filterCriteria"], cell(sheet, r, int(spec["columnIndex"])), sheet)
                   for spec in specs)
    }  # fmt: skip


def shows(criteria: dict[str, Any], stored: Cell | None, sheet: Sheet) -> bool:
    """Whether a cell passes its column's criteria."""
    text = str(render(stored, "FORMATTED_VALUE", sheet=sheet) or "") if stored else ""
    if text in (criteria.get("hiddenValues") or []):
        return False
    for key, where in (("visibleBackgroundColor", "backgroundColor"),
                       ("visibleForegroundColor", "foregroundColor")):  # fmt: skip
        wanted = _rgb((criteria.get(key + "Style") or {}).get("rgbColor") or criteria.get(key))
        if wanted is not None and _rgb(_cell_color(stored, where)) != wanted:
            return False
    condition = criteria.get("condition")
    if not condition:
        return True
    value = effective((stored or {}).get("userEnteredValue"), sheet)
    operands = [_operand(v) for v in condition.get("values") or []]
    return bool(_CONDITIONS[condition.get("type", "")](value, text, operands))


def _cell_color(stored: Cell | None, where: str) -> dict[str, Any]:
    """A cell's fill or text colour; white and black when it has none."""
    fmt = (stored or {}).get("userEnteredFormat") or {}
    holder = fmt if where == "backgroundColor" else fmt.get("textFormat") or {}
    color = (holder.get(where + "Style") or {}).get("rgbColor") or holder.get(where)
    if color is None and where == "backgroundColor":
        return {"red": 1, "green": 1, "blue": 1}
    return dict(color or {})


def _rgb(color: dict[str, Any] | None) -> tuple[int, ...] | None:
    if color is None:
        return None
    return tuple(round(255 * float(color.get(k, 0) or 0)) for k in ("red", "green", "blue"))


def _operand(value: dict[str, Any]) -> Any:
    if "relativeDate" in value:
        today = TODAY.get()
        if today is None:
            raise RuntimeError("filters.set_clock was not called for this spreadsheet")
        return (today + _RELATIVE[value["relativeDate"]] - EPOCH).days
    entered, _fmt = parse_input(value.get("userEnteredValue", ""), "USER_ENTERED")
    return effective(entered)


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None


def _numbers(test: Callable[[float, list[float]], bool]) -> Callable[..., bool]:
    def check(value: Any, _text: str, operands: list[Any]) -> bool:
        number, limits = _number(value), [_number(o) for o in operands]
        if number is None or any(limit is None for limit in limits):
            return False
        return test(number, [limit for limit in limits if limit is not None])

    return check


def _texts(test: Callable[[str, list[str]], bool]) -> Callable[..., bool]:
    def check(_value: Any, text: str, operands: list[Any]) -> bool:
        return test(text.casefold(), [str(o if o is not None else "").casefold() for o in operands])

    return check


def _between(x: float, b: list[float]) -> bool:
    return min(b[0], b[1]) <= x <= max(b[0], b[1])


_CONDITIONS: dict[str, Callable[[Any, str, list[Any]], bool]] = {
    "NUMBER_GREATER": _numbers(lambda x, b: x > b[0]),
    "NUMBER_GREATER_THAN_EQ": _numbers(lambda x, b: x >= b[0]),
    "NUMBER_LESS": _numbers(lambda x, b: x < b[0]),
    "NUMBER_LESS_THAN_EQ": _numbers(lambda x, b: x <= b[0]),
    "NUMBER_EQ": _numbers(lambda x, b: x == b[0]),
    "NUMBER_NOT_EQ": _numbers(lambda x, b: x != b[0]),
    "NUMBER_BETWEEN": _numbers(_between),
    "NUMBER_NOT_BETWEEN": _numbers(lambda x, b: not _between(x, b)),
    # dates are serial numbers once entered, and so are the condition's dates
    "DATE_EQ": _numbers(lambda x, b: int(x) == b[0]),
    "DATE_NOT_EQ": _numbers(lambda x, b: int(x) != b[0]),
    "DATE_BEFORE": _numbers(lambda x, b: int(x) < b[0]),
    "DATE_AFTER": _numbers(lambda x, b: int(x) > b[0]),
    "DATE_ON_OR_BEFORE": _numbers(lambda x, b: int(x) <= b[0]),
    "DATE_ON_OR_AFTER": _numbers(lambda x, b: int(x) >= b[0]),
    "DATE_BETWEEN": _numbers(lambda x, b: _between(int(x), b)),
    "DATE_NOT_BETWEEN": _numbers(lambda x, b: not _between(int(x), b)),
    "TEXT_CONTAINS": _texts(lambda t, o: o[0] in t),
    "TEXT_NOT_CONTAINS": _texts(lambda t, o: o[0] not in t),
    "TEXT_STARTS_WITH": _texts(lambda t, o: t.startswith(o[0])),
    "TEXT_ENDS_WITH": _texts(lambda t, o: t.endswith(o[0])),
    "TEXT_EQ": _texts(lambda t, o: t == o[0]),
    "TEXT_NOT_EQ": _texts(lambda t, o: t != o[0]),
    "TEXT_IS_EMAIL": _texts(lambda t, _o: bool(_EMAIL.match(t))),
    "TEXT_IS_URL": _texts(lambda t, _o: bool(_URL.match(t))),
    "ONE_OF_LIST": _texts(lambda t, o: t in o),
    "BLANK": lambda value, _t, _o: value is None or value == "",
    "NOT_BLANK": lambda value, _t, _o: value is not None and value != "",
    "BOOLEAN": lambda value, _t, o: isinstance(value, bool) and (not o or value is o[0]),
}
