"""Drive's ``q`` search language, parsed into a predicate over file resources.

Supports: ``name = / != / contains`` (contains matches the start of a word, as Google's
does), ``mimeType = / != / contains``, ``'ID' in parents``, ``'EMAIL' (or 'me') in owners /
writers / readers``, ``trashed``, ``starred``, ``sharedWithMe`` (``= true/false`` or alone),
``modifiedTime / createdTime / viewedByMeTime > >= < <= = 'RFC3339'``, ``appProperties has {
key='k' and value='v' }``, ``properties has {...}``, ``fullText contains`` (whole words of the
name, description and content), ``visibility``, with ``and``, ``or``, ``not`` and parentheses.
Any other term is Google's 400. https://developers.google.com/drive/api/guides/ref-search-terms
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workspace_emulator.core.framework import ApiError

Predicate = Callable[[dict[str, Any]], bool]
_FLAGS = ("trashed", "starred", "sharedWithMe", "hidden")
_TIMES = ("modifiedTime", "createdTime", "viewedByMeTime")
_TEXTS = ("name", "mimeType", "visibility", "shortcutDetails.targetId")


# files.list's orderBy keys (others are Drive's 400); *Time keys sort as their RFC 3339 text.
ORDER_KEYS = frozenset(("createdTime", "folder", "modifiedByMeTime", "modifiedTime", "name",
                        "name_natural", "quotaBytesUsed", "recency", "sharedWithMeTime",
                        "starred", "viewedByMeTime"))  # fmt: skip


@dataclass
class Searcher:
    """What a query needs to know beyond the file: who asks, their roles, a file's text."""

    user: str
    roles: Callable[[dict[str, Any], str], set[str]]
    text: Callable[[dict[str, Any]], str]  # name, description and content, for fullText
    shared: Callable[[dict[str, Any]], bool]  # in the caller's "Shared with me"


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
    def __init__(self, query: str, searcher: Searcher) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.pos = 0
        self.searcher = searcher

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
            who = self.searcher.user if value.lower() == "me" else value.lower()
            return lambda f: bool(self.searcher.roles(f, who) & wanted)
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
        if field not in (*_FLAGS, *_TIMES, *_TEXTS, "fullText"):
            raise _invalid(self.query)
        read = self._reader(field)
        token = self.peek()
        if field in _FLAGS and (token is None or token[1].lower() in ("and", "or", ")")):
            return lambda f: read(f) is True  # a flag alone: "sharedWithMe"
        op = self.take()[1]
        if op.lower() == "contains" and field in ("name", "fullText", "mimeType"):
            needle = re.escape(self.take()[1].lower())
            pattern = re.compile({  # name: from the start of a word; fullText: whole words
                "name": rf"(?<!\w){needle}", "fullText": rf"(?<!\w){needle}(?!\w)",
                "mimeType": needle,
            }[field])  # fmt: skip
            return lambda f: pattern.search(str(read(f)).lower()) is not None
        if field == "fullText":
            raise _invalid(self.query)
        kind, raw = self.take()
        value: Any = raw
        if field in _FLAGS:
            if raw.lower() not in ("true", "false"):
                raise _invalid(self.query)
            value = raw.lower() == "true"
        elif kind != "str":
            raise _invalid(self.query)
        compare = {
            "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        }.get(op)  # fmt: skip
        if compare is None or (op not in ("=", "!=") and field not in _TIMES):
            raise _invalid(self.query)
        return lambda f: bool(compare(read(f), value))

    def _reader(self, field: str) -> Callable[[dict[str, Any]], Any]:
        if field == "fullText":
            return lambda f: self.searcher.text(f).lower()
        if field == "sharedWithMe":
            return self.searcher.shared
        if field == "shortcutDetails.targetId":
            return lambda f: f.get("shortcutDetails", {}).get("targetId", "")
        default: Any = False if field in _FLAGS else ""
        return lambda f: f.get(field, default)


def compile_query(query: str, searcher: Searcher) -> Predicate:
    """A predicate for ``q`` as ``searcher.user`` asks it (Google's 400 for a bad query)."""
    if not query.strip():
        return lambda _f: True
    return _Parser(query, searcher).parse()
