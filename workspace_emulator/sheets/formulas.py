"""A small Sheets formula engine: references, ranges, operators and the common functions.

``=B1+C1``, ``=SUM(A1:A3)``, ``='Other sheet'!B2*2``, ``=IF(A1>3,"big","small")``. Functions:
SUM, AVERAGE, COUNT, COUNTA, MIN, MAX, IF, AND, OR, NOT, ROUND, ABS, LEN, UPPER, LOWER,
CONCATENATE/CONCAT, HYPERLINK (its label); SPARKLINE and IMAGE draw, so their value is empty.
Any other function is ``#NAME?``, a formula that does not parse ``#ERROR!``, a circular
reference ``#REF!``, as Sheets shows them. No well-kept Python library computes Google Sheets
formulas (the Excel ones bring numpy and Excel's rules), so this is the emulator's own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from workspace_emulator.sheets.a1 import A1Error, parse_cells

Sheet = dict[str, Any]
WORKBOOK: ContextVar[dict[str, Any] | None] = ContextVar("workbook", default=None)
_EVALUATING: ContextVar[frozenset[tuple[int, int, int]]] = ContextVar(
    "evaluating", default=frozenset()
)
_TOKEN = re.compile(r"""\s*(?:
    (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?
        (?:\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}
        |\$?\d+:\$?\d+)(?![\w(]))
  | (?P<name>[A-Za-z_][\w.]*)
  | (?P<op><>|<=|>=|[-+*/^&=<>%(),;])
)""", re.VERBOSE)  # fmt: skip


class SheetError(str):
    """An error value (``#NAME?``...): shown as its text, typed in ``effectiveValue``."""

    kind: str
    message: str

    def __new__(cls, text: str, message: str = "") -> SheetError:
        error = super().__new__(cls, text)
        error.kind = {"#NAME?": "NAME", "#DIV/0!": "DIVIDE_BY_ZERO", "#VALUE!": "VALUE",
                      "#REF!": "REF", "#N/A": "N_A", "#NUM!": "NUM"}.get(text, "ERROR")  # fmt: skip
        error.message = message or text
        return error


class _Fail(Exception):
    def __init__(self, error: SheetError) -> None:
        self.error = error


def evaluate(formula: str, sheet: Sheet | None, value_of: Callable[[Any, Sheet], Any]) -> Any:
    """The value of ``formula`` on ``sheet``; ``value_of(cell, its sheet)`` gives a cell's."""
    try:
        parser = _Parser(_tokens(formula[1:]), sheet, value_of)
        result = parser.expr()
        if parser.pos != len(parser.tokens):
            raise _Fail(SheetError("#ERROR!", "Formula parse error."))
        if isinstance(result, list):
            result = result[0] if len(result) == 1 else SheetError("#VALUE!")
        return None if result is None else result
    except _Fail as failed:
        return failed.error
    except (ZeroDivisionError, OverflowError):
        return SheetError("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.")
    except RecursionError:
        return SheetError("#ERROR!", "Formula parse error.")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text.rstrip()):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise _Fail(SheetError("#ERROR!", "Formula parse error."))
        kind = match.lastgroup or ""
        out.append((kind, match[kind]))
        pos = match.end()
    return out


class _Parser:
    """Precedence, low to high: comparison, &, + -, * /, ^, unary -, %."""

    def __init__(self, tokens: list[tuple[str, str]], sheet: Sheet | None,
                 value_of: Callable[[Any, Sheet], Any]) -> None:  # fmt: skip
        self.tokens, self.pos, self.sheet, self.value_of = tokens, 0, sheet, value_of

    def peek(self) -> str:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else ""

    def take(self, wanted: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens) or (wanted and self.tokens[self.pos][1] != wanted):
            raise _Fail(SheetError("#ERROR!", "Formula parse error."))
        self.pos += 1
        return self.tokens[self.pos - 1]

    def binary(self, ops: tuple[str, ...], lower: Callable[[], Any],
               apply: Callable[[str, Any, Any], Any]) -> Any:  # fmt: skip
        left = lower()
        while self.peek() in ops:
            op = self.take()[1]
            left = apply(op, left, lower())
        return left

    def expr(self) -> Any:
        return self.binary(("=", "<>", "<", ">", "<=", ">="), self.concat, _compare)

    def concat(self) -> Any:
        return self.binary(("&",), self.additive, lambda _o, a, b: _text(a) + _text(b))

    def additive(self) -> Any:
        return self.binary(("+", "-"), self.term, _arith)

    def term(self) -> Any:
        return self.binary(("*", "/"), self.power, _arith)

    def power(self) -> Any:
        return self.binary(("^",), self.unary, _arith)

    def unary(self) -> Any:
        if self.peek() in ("-", "+"):
            sign = self.take()[1]
            value = _number(self.unary())
            return -value if sign == "-" else value
        value = self.primary()
        while self.peek() == "%":
            self.take()
            value = _number(value) / 100
        return value

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "num":
            return float(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self.reference(text)
        if kind == "name" and self.peek() == "(":
            return self.call(text.upper())
        if kind == "name" and text.upper() in ("TRUE", "FALSE"):
            return text.upper() == "TRUE"
        if text == "(":
            value = self.expr()
            self.take(")")
            return value
        if kind == "name":
            raise _Fail(SheetError("#NAME?", f"Unknown range name: '{text}'."))
        raise _Fail(SheetError("#ERROR!", "Formula parse error."))

    def call(self, name: str) -> Any:
        self.take("(")
        args: list[Any] = []
        while self.peek() != ")":
            args.append(self.expr())
            if self.peek() in (",", ";"):
                self.take()
            elif self.peek() != ")":
                raise _Fail(SheetError("#ERROR!", "Formula parse error."))
        self.take(")")
        function = FUNCTIONS.get(name)
        if function is None:
            raise _Fail(SheetError("#NAME?", f"Unknown function: '{name}'."))
        return function(args)

    def reference(self, text: str) -> Any:
        title, _, cells = text.rpartition("!")
        sheet = self.sheet if not title else _sheet_titled(title.strip("'").replace("''", "'"))
        if sheet is None:
            raise _Fail(SheetError("#REF!", f"Unresolved sheet name '{title}'."))
        try:
            r0, c0, r1, c1 = parse_cells(cells.replace("$", ""))
        except A1Error as exc:
            raise _Fail(SheetError("#REF!")) from exc
        rows: list[list[Any]] = sheet.get("rows", [])
        r0, c0 = r0 or 0, c0 or 0
        r1 = len(rows) if r1 is None else r1
        c1 = max((len(r) for r in rows), default=0) if c1 is None else c1
        values = [self.cell_value(sheet, r, c) for r in range(r0, r1) for c in range(c0, c1)]
        return values[0] if len(values) == 1 and ":" not in cells else values

    def cell_value(self, sheet: Sheet, row: int, col: int) -> Any:
        rows: list[list[Any]] = sheet.get("rows", [])
        stored = rows[row][col] if row < len(rows) and col < len(rows[row]) else None
        key = (id(sheet), row, col)
        if key in _EVALUATING.get():
            raise _Fail(SheetError("#REF!", "Circular dependency detected."))
        token = _EVALUATING.set(_EVALUATING.get() | {key})
        try:
            value = self.value_of(stored, sheet)
        finally:
            _EVALUATING.reset(token)
        if isinstance(value, SheetError):
            raise _Fail(value)
        return value


def _sheet_titled(title: str) -> Sheet | None:
    book = WORKBOOK.get()
    for sheet in (book or {}).get("sheets", []):
        if str(sheet["properties"]["title"]).casefold() == title.casefold():
            return dict(sheet)
    return None


# --- values ------------------------------------------------------------------------------


def _number(value: Any) -> float:
    if isinstance(value, list):
        raise _Fail(SheetError("#VALUE!", "An array value could not be found."))
    if value is None or value == "":
        return 0.0
    if isinstance(value, bool | int | float):
        return float(value)
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise _Fail(
            SheetError("#VALUE!", f"Function expects a number, '{value}' is text.")
        ) from None


def _text(value: Any) -> str:
    if isinstance(value, list):
        raise _Fail(SheetError("#VALUE!", "An array value could not be found."))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def _arith(op: str, a: Any, b: Any) -> float:
    x, y = _number(a), _number(b)
    if op == "/" and y == 0:
        raise ZeroDivisionError
    return {"+": x + y, "-": x - y, "*": x * y}[op] if op in "+-*" else x / y if op == "/" else x**y


def _compare(op: str, a: Any, b: Any) -> bool:
    def rank(v: Any) -> tuple[int, Any]:  # numbers < text < booleans, text without case
        if v is None:
            return (0, 0.0)
        if isinstance(v, bool):
            return (2, v)
        if isinstance(v, int | float):
            return (0, float(v))
        return (1, str(v).casefold())

    x, y = rank(a), rank(b)
    if a is None and isinstance(b, str):
        x = (1, "")
    if b is None and isinstance(a, str):
        y = (1, "")
    return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]


def _flat(args: list[Any]) -> Iterator[tuple[Any, bool]]:
    """Every value of the arguments, with whether it came from a range (ranges skip text)."""
    for arg in args:
        if isinstance(arg, list):
            yield from ((v, True) for v in arg)
        else:
            yield arg, False


def _numbers(args: list[Any]) -> list[float]:
    out = []
    for value, from_range in _flat(args):
        if from_range and (value is None or isinstance(value, bool | str)):
            continue
        out.append(_number(value))
    return out


def _average(args: list[Any]) -> float:
    numbers = _numbers(args)
    if not numbers:
        raise _Fail(
            SheetError("#DIV/0!", "Evaluation of function AVERAGE caused a divide by zero error.")
        )
    return sum(numbers) / len(numbers)


def _if(args: list[Any]) -> Any:
    if not 1 < len(args) < 4:
        raise _Fail(SheetError("#N/A", "Wrong number of arguments to IF."))
    return args[1] if _truth(args[0]) else (args[2] if len(args) == 3 else False)


def _truth(value: Any) -> bool:
    if isinstance(value, str) and value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    return _number(value) != 0


def _round(args: list[Any]) -> float:
    places = int(_number(args[1])) if len(args) > 1 else 0
    scaled = _number(args[0]) * 10**places
    return math.copysign(math.floor(abs(scaled) + 0.5), scaled) / 10**places


FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "SUM": lambda a: sum(_numbers(a)),
    "AVERAGE": _average,
    "COUNT": lambda a: float(
        sum(1 for v, r in _flat(a) if isinstance(v, int | float) and not isinstance(v, bool))
    ),
    "COUNTA": lambda a: float(sum(1 for v, _ in _flat(a) if v is not None and v != "")),
    "MIN": lambda a: min(_numbers(a), default=0.0),
    "MAX": lambda a: max(_numbers(a), default=0.0),
    "IF": _if,
    "AND": lambda a: all(_truth(v) for v, _ in _flat(a)),
    "OR": lambda a: any(_truth(v) for v, _ in _flat(a)),
    "NOT": lambda a: not _truth(a[0]),
    "ROUND": _round,
    "ABS": lambda a: abs(_number(a[0])),
    "LEN": lambda a: float(len(_text(a[0]))),
    "UPPER": lambda a: _text(a[0]).upper(),
    "LOWER": lambda a: _text(a[0]).lower(),
    "CONCATENATE": lambda a: "".join(_text(v) for v, _ in _flat(a)),
    "CONCAT": lambda a: _text(a[0]) + _text(a[1]),
    "HYPERLINK": lambda a: _text(a[1] if len(a) > 1 else a[0]),
    "SPARKLINE": lambda _a: None,
    "IMAGE": lambda _a: None,
}
