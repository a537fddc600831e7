"""Drive's ``q`` search language, parsed into a predicate over file resources.

Supports: ``name = / != / contains``, ``mimeType = / !=``, ``'ID' in parents``,
``'EMAIL' in owners / writers / readers``, ``trashed = true/false``, ``starred``,
``modifiedTime / createdTime > >= < <= = 'RFC3339'``, ``appProperties has { key='k' and
value='v' }``, ``properties has {...}``, ``fullText contains``, with ``and``, ``or``, ``not``
and parentheses. Reference: https://developers.google.com/drive/api/guides/ref-search-terms
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from workspace_emulator.core.framework import ApiError

Predicate = Callable[[dict[str, Any]], bool]
_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<op>!=|<=|>=|=|<|>|\(|\)|\{|\})|(?P<word>[A-Za-z_.]+))"""
)  # Google takes "double-quoted" strings too (gspread's recorded name searches use them)


def _tokens(query: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    query = query.strip()
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if match is None or match.end() == pos:
            raise _invalid(query)
        pos = match.end()
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        out.append((kind, value))
    return out


def _invalid(query: str) -> ApiError:
    return ApiError(400, "Invalid Value", reason="invalid", location="q")


class _Parser:
    def __init__(self, query: str, roles: Callable[[dict[str, Any], str], set[str]]) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.pos = 0
        self.roles = roles

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].lower() != value):
            raise _invalid(self.query)
        self.pos += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.expr()
        if self.peek() is not None:
            raise _invalid(self.query)
        return predicate

    def expr(self) -> Predicate:
        left = self.term()
        while (token := self.peek()) and token[1].lower() == "or":
            self.take()
            right = self.term()
            left = (lambda a, b: lambda f: a(f) or b(f))(left, right)
        return left

    def term(self) -> Predicate:
        left = self.factor()
        while (token := self.peek()) and token[1].lower() == "and":
            self.take()
            right = self.factor()
            left = (lambda a, b: lambda f: a(f) and b(f))(left, right)
        return left

    def factor(self) -> Predicate:
        token = self.peek()
        if token is None:
            raise _invalid(self.query)
        if token[1].lower() == "not":
            self.take()
            inner = self.factor()
            return lambda f: not inner(f)
        if token[1] == "(":
            self.take()
            inner = self.expr()
            self.take(")")
            return inner
        if token[0] == "str":
            value = self.take()[1]
            self.take("in")
            field = self.take()[1]
            return self._membership(value, field)
        return self._comparison()

    def _membership(self, value: str, field: str) -> Predicate:
        if field == "parents":
            return lambda f: value in f.get("parents", [])
        if field in ("owners", "writers", "readers"):
            wanted = {"owners": {"owner"}, "writers": {"owner", "writer"},
                      "readers": {"owner", "writer", "commenter", "reader"}}[field]  # fmt: skip
            return lambda f: bool(self.roles(f, value.lower()) & wanted)
        raise _invalid(self.query)

    def _comparison(self) -> Predicate:
        field = self.take()[1]
        if field in ("appProperties", "properties"):
            self.take("has")
            self.take("{")
            self.take("key")
            self.take("=")
            key = self.take()[1]
            self.take("and")
            self.take("value")
            self.take("=")
            val = self.take()[1]
            self.take("}")
            return lambda f: f.get(field, {}).get(key) == val
        op = self.take()[1]
        if op.lower() == "contains":
            needle = self.take()[1].lower()
            if field == "fullText":
                return lambda f: (
                    needle in (f.get("name", "") + " " + f.get("description", "")).lower()
                )
            return lambda f: needle in str(f.get(field, "")).lower()
        raw = self.take()[1]
        value: Any = raw
        if field in ("trashed", "starred", "sharedWithMe"):
            value = raw.lower() == "true"
        compare = {
            "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        }.get(op)  # fmt: skip
        if compare is None:
            raise _invalid(self.query)
        default: Any = False if isinstance(value, bool) else ""
        return lambda f: bool(compare(f.get(field, default), value))


def compile_query(query: str, roles: Callable[[dict[str, Any], str], set[str]]) -> Predicate:
    """A predicate for ``q``; ``roles(file, email)`` gives a user's roles on a file."""
    if not query.strip():
        return lambda _f: True
    return _Parser(query, roles).parse()
