"""A1 notation for the Sheets surface: parse what clients send, write what Google answers.

Handles ``Sheet1!A1:B2``, quoted titles with ``''`` escapes (``'It''s'!A1``), open ranges
(``A1:Z``, ``A:C``, ``2:5``, ``A1:1``), a bare sheet title, a cell without a sheet (the first
sheet), reversed corners (``B2:A1``) and named ranges. R1C1 is not supported.
https://developers.google.com/sheets/api/guides/concepts#expandable-1
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"^(?P<col>[A-Za-z]{0,3})(?P<row>[0-9]*)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)$")


class A1Error(ValueError):
    """Text that is not A1 notation."""


@dataclass(frozen=True)
class A1Range:
    """A parsed range: 0-based, end-exclusive bounds; ``None`` is open (to the grid edge)."""

    sheet: str | None
    row0: int | None = None
    col0: int | None = None
    row1: int | None = None
    col1: int | None = None


def column_letters(index: int) -> str:
    """``0`` -> ``A``, ``25`` -> ``Z``, ``26`` -> ``AA``."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def column_index(letters: str) -> int:
    """``A`` -> ``0``, ``AA`` -> ``26``."""
    value = 0
    for char in letters.upper():
        value = value * 26 + ord(char) - ord("A") + 1
    return value - 1


def quote_title(title: str) -> str:
    """A sheet title as Google writes it in ranges: quoted only when it must be."""
    if _PLAIN_TITLE.match(title) and not _LOOKS_LIKE_CELL.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def split_sheet(text: str) -> tuple[str | None, str]:
    """(sheet title or None, the cell part) of ``text``; a quoted title is unescaped."""
    text = text.strip()
    if text.startswith("'"):
        i, title = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    title, i = title + "'", i + 2
                    continue
                rest = text[i + 1 :]
                if rest and not rest.startswith("!"):
                    raise A1Error(text)
                return title, rest[1:]
            title, i = title + text[i], i + 1
        raise A1Error(text)
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    return None, text


def parse_cells(cells: str) -> tuple[int | None, int | None, int | None, int | None]:
    """(row0, col0, row1, col1) of ``A1``, ``A1:B2``, ``A:C``, ``2:5``, ``A1:Z``, ``A1:1``."""
    first, sep, second = cells.partition(":")
    start = _CELL.match(first.strip())
    if start is None or not (start["col"] or start["row"]):
        raise A1Error(cells)
    r0 = int(start["row"]) - 1 if start["row"] else None
    c0 = column_index(start["col"]) if start["col"] else None
    if not sep:
        if r0 is None or c0 is None:  # "A" or "5" alone is not a range
            raise A1Error(cells)
        return r0, c0, r0 + 1, c0 + 1
    end = _CELL.match(second.strip())
    if end is None or not (end["col"] or end["row"]):
        raise A1Error(cells)
    r1 = int(end["row"]) if end["row"] else None
    c1 = column_index(end["col"]) + 1 if end["col"] else None
    if r0 is None and r1 is not None and c0 is not None:  # "A:B5" reads as A1:B5
        r0 = 0
    if c0 is None and c1 is not None and r0 is not None:
        c0 = 0
    if r0 is not None and r1 is not None and r1 <= r0:  # reversed corners
        r0, r1 = r1 - 1, r0 + 1
    if c0 is not None and c1 is not None and c1 <= c0:
        c0, c1 = c1 - 1, c0 + 1
    if r0 is not None and r0 < 0:
        raise A1Error(cells)
    return r0, c0, r1, c1


def parse(text: str, sheet_titles: list[str], named: dict[str, A1Range] | None = None) -> A1Range:
    """``text`` as a range. A bare word is a named range, then a sheet title, then cells."""
    text = text.strip()
    if not text:
        raise A1Error(text)
    if named and text in named:
        return named[text]
    sheet, cells = split_sheet(text)
    if sheet is None and text in sheet_titles:
        return A1Range(text)
    if sheet is not None and not cells:
        return A1Range(sheet)
    if sheet is not None and named and cells in named:  # 'Sheet1'!MyRange
        return named[cells]
    r0, c0, r1, c1 = parse_cells(cells)
    return A1Range(sheet, r0, c0, r1, c1)


def format_range(title: str, row0: int, col0: int, row1: int, col1: int) -> str:
    """``Title!A1:B2`` (``Title!A1`` for one cell) from bounded 0-based, end-exclusive ints."""
    first = f"{column_letters(col0)}{row0 + 1}"
    if row1 - row0 <= 1 and col1 - col0 <= 1:
        return f"{quote_title(title)}!{first}"
    return f"{quote_title(title)}!{first}:{column_letters(col1 - 1)}{row1}"
