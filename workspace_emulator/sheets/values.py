"""Cell values: what ``valueInputOption`` stores and what ``valueRenderOption`` shows.

A cell is stored as Google's ``CellData`` (``userEnteredValue``, ``userEnteredFormat``, ``note``).
RAW keeps every string as text (a leading ``=`` too); USER_ENTERED parses numbers (``0042``,
``2,000,000.01``, ``12%``, ``$5``), booleans, ISO and US dates, a leading ``'`` forces text, and
a leading ``=`` makes a formula (GOOGLE-FACTS, Sheets).

A formula's value comes from ``formulas`` (references, ranges, operators and the common
functions; ``#NAME?`` for the others); a ``numberValue`` sent as a JSON string is a number, as
Google's JSON reading makes it.
https://developers.google.com/sheets/api/reference/rest/v4/ValueInputOption
https://developers.google.com/sheets/api/reference/rest/v4/ValueRenderOption
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any

from workspace_emulator.sheets import formulas

Cell = dict[str, Any]
Sheet = dict[str, Any]
EPOCH = date(1899, 12, 30)  # day 0 of Sheets' serial dates
_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<cur>\$?)(?P<int>\d{1,3}(?:,\d{3})+|\d*)(?P<frac>\.\d*)?"
    r"(?P<exp>[eE][-+]?\d+)?(?P<pct>%?)$"
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DRAWING = re.compile(r"^=\s*(SPARKLINE|IMAGE)\s*\(", re.IGNORECASE)


class ValueError400(ValueError):
    """A value the API refuses (an object or list where a cell value belongs)."""


# --- input ------------------------------------------------------------------------------


def parse_input(value: Any, option: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(userEnteredValue or None for empty, a numberFormat to apply or None) of one value."""
    if isinstance(value, bool):
        return {"boolValue": value}, None
    if isinstance(value, int | float):
        return {"numberValue": value}, None
    if isinstance(value, dict | list):
        raise ValueError400(str(value))
    text = str(value)
    if text == "":
        return None, None
    if option == "RAW":
        return {"stringValue": text}, None
    if text.startswith("=") and len(text) > 1:
        return {"formulaValue": text}, None
    if text.startswith("'"):
        return {"stringValue": text[1:]}, None
    if text.strip().upper() in ("TRUE", "FALSE"):
        return {"boolValue": text.strip().upper() == "TRUE"}, None
    parsed = _parse_number(text.strip())
    if parsed is not None:
        number, pattern = parsed
        return {"numberValue": number}, pattern
    return {"stringValue": text}, None


def _parse_number(text: str) -> tuple[float | int, dict[str, str] | None] | None:
    when = _parse_date(text)
    if when is not None:
        return when
    match = _NUMBER.match(text)
    if match is None or not (match["int"] or (match["frac"] and len(match["frac"]) > 1)):
        return None
    number = float((match["int"] or "0").replace(",", "") + (match["frac"] or "") + (
        match["exp"] or ""))  # fmt: skip
    if match["sign"] == "-":
        number = -number
    decimals = len(match["frac"] or ".") - 1
    fmt: dict[str, str] | None = None
    if match["pct"]:
        number /= 100
        fmt = {"type": "PERCENT", "pattern": "0" + ("." + "0" * decimals if decimals else "") + "%"}
    elif match["cur"]:
        fmt = {"type": "CURRENCY", "pattern": '"$"#,##0.00'}
    elif "," in match["int"]:
        fmt = {"type": "NUMBER", "pattern": "#,##0" + ("." + "0" * decimals if decimals else "")}
    return _tidy(number), fmt


def _parse_date(text: str) -> tuple[int, dict[str, str]] | None:
    iso, us = _ISO_DATE.match(text), _US_DATE.match(text)
    try:
        if iso:
            when, pattern = date(int(iso[1]), int(iso[2]), int(iso[3])), "yyyy-mm-dd"
        elif us:
            when, pattern = date(int(us[3]), int(us[1]), int(us[2])), "M/d/yyyy"
        else:
            return None
    except ValueError:
        return None
    return (when - EPOCH).days, {"type": "DATE", "pattern": pattern}


def _tidy(number: float | int) -> float | int:
    """Integral floats as ints, so JSON shows ``53`` and not ``53.0``, as Google does."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


# --- evaluation -------------------------------------------------------------------------


def effective(entered: dict[str, Any] | None, sheet: Sheet | None = None) -> Any:
    """The value a cell on ``sheet`` shows: number, string, bool, an error, None when empty."""
    if not entered:
        return None
    if "formulaValue" in entered:
        return evaluate(str(entered["formulaValue"]), sheet)
    for key in ("numberValue", "stringValue", "boolValue"):
        if key in entered:
            value = entered[key]
            return _tidy(value) if key == "numberValue" else value
    return None


def evaluate(formula: str, sheet: Sheet | None = None) -> Any:
    """A formula's value on ``sheet`` (other sheets through ``formulas.WORKBOOK``)."""
    if _DRAWING.match(formula):
        return None
    value = formulas.evaluate(formula, sheet, _value_of)
    return _tidy(value) if isinstance(value, float) else value


def _value_of(cell: Cell | None, sheet: Sheet) -> Any:
    return effective((cell or {}).get("userEnteredValue"), sheet)


# --- rendering --------------------------------------------------------------------------


def render(
    cell: Cell | None, option: str, date_option: str = "SERIAL_NUMBER", sheet: Sheet | None = None
) -> Any:
    """One cell as ``values.get`` shows it; None when the cell has no value."""
    if not cell:
        return None
    entered = cell.get("userEnteredValue")
    if not entered:
        return None
    fmt = (cell.get("userEnteredFormat") or {}).get("numberFormat") or {}
    is_date = fmt.get("type") in ("DATE", "TIME", "DATE_TIME")
    if option == "FORMULA" and "formulaValue" in entered:
        return entered["formulaValue"]
    value = effective(entered, sheet)
    if value is None:
        return ""
    if option == "FORMATTED_VALUE" or (is_date and date_option == "FORMATTED_STRING"):
        return formatted(value, fmt)
    return value


def formatted(value: Any, fmt: dict[str, Any] | None = None) -> str:
    """FORMATTED_VALUE of an effective value under a ``numberFormat``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, int | float):
        return str(value)
    fmt = fmt or {}
    kind, pattern = fmt.get("type", ""), str(fmt.get("pattern", ""))
    if kind in ("DATE", "DATE_TIME") or (kind == "" and "yy" in pattern):
        return _format_date(value, pattern or "M/d/yyyy")
    if pattern:
        return _format_pattern(float(value), pattern)
    if kind == "PERCENT":
        return _format_pattern(float(value), "0.00%")
    return general(value)


def general(value: float | int) -> str:
    """Google's "automatic" number format: integers plain, up to 10 decimals, no padding."""
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e15):
        return str(int(value))
    if abs(value) >= 1e15 or abs(value) < 1e-10:
        return f"{value:.2E}"
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _format_pattern(value: float, pattern: str) -> str:
    """A number under a pattern of up to three sections, positive;negative;zero: a negative
    number in its own section is shown without a sign of its own (the section writes it)."""
    sections = pattern.split(";")
    body = sections[0]
    if value < 0 and len(sections) > 1:
        body, value = sections[1], -value
    elif value == 0 and len(sections) > 2:
        body = sections[2]
    percent = "%" in body
    if percent:
        value *= 100
    core = re.search(r"[#0][#0,]*(\.[0#]+)?", body)
    if core is None:
        return general(value)
    decimals = len(core[1]) - 1 if core[1] else 0
    grouping = "," in core[0].split(".")[0]
    number = f"{abs(value):,.{decimals}f}" if grouping else f"{abs(value):.{decimals}f}"
    if math.copysign(1, value) < 0 and float(number.replace(",", "")) != 0:
        number = "-" + number
    prefix = body[: core.start()].replace('"', "").replace("\\", "")
    suffix = body[core.end() :].replace('"', "").replace("\\", "")
    return prefix + number + suffix


def _format_date(value: float | int, pattern: str) -> str:
    day = EPOCH + timedelta(days=math.floor(value))
    out = pattern
    for token, text in (
        ("yyyy", f"{day.year:04d}"), ("mm", f"{day.month:02d}"), ("dd", f"{day.day:02d}"),
        ("M", str(day.month)), ("d", str(day.day)),
    ):  # fmt: skip
        out = out.replace(token, text)
    return out
