"""Commitments in the 1:1 doc: done markers on carried-over items, "Rep:"/"Manager:" lines,
and the coaching category a commitment may start with ("[Quality] Call Halcyon's CFO")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from service.domain.model import Commitment
from service.domain.week import Week

DONE_MARKERS: Final[tuple[str, ...]] = ("[x]", "☑", "✅", "✔", "✓", "☒", "done:")
OPEN_MARKERS: Final[tuple[str, ...]] = ("[ ]", "[]", "☐")
# A "Done" column in a table row or the Sheet form: these values mean done.
DONE_VALUES: Final[frozenset[str]] = frozenset(
    {"true", "yes", "y", "done", "x", "[x]", "☑", "✅", "✔", "✓", "☒"}
)
NOT_DONE_VALUES: Final[frozenset[str]] = frozenset(
    {"false", "no", "n", "open", "not done", "[ ]", "☐", "❌"}
)
_VARIATION = re.compile("[\ufe0e\ufe0f]")
_OWNER = re.compile(r"^\s*(rep|manager|mgr)\s*(?:[:\-–—]|$)\s*(.*)$", re.IGNORECASE | re.DOTALL)
# A bracket at the start, after an optional "Rep:" / "Manager:" label: "[Quality] Call ...".
_BRACKET = re.compile(
    r"^(?P<owner>\s*(?:rep|manager|mgr)\s*[:\-–—]\s*)?\[(?P<name>[^\[\]]*)\]\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_MARKER_NAMES: Final[frozenset[str]] = frozenset({"", "x"})  # "[ ]", "[]", "[x]": done markers


@dataclass(frozen=True)
class Category:
    """What a commitment's leading bracket says: the configured category it names, or the
    bracket's text when it names none (then ``category`` is None)."""

    text: str  # the commitment without a recognised category prefix
    category: str | None = None
    unknown: str | None = None


def read_category(text: str, categories: Sequence[str]) -> Category:
    """Split a leading "[Category]" (matched case-insensitively against ``categories``, given
    back in their configured spelling) from ``text``; an owner label before it stays."""
    match = _BRACKET.match(text)
    if match is None:
        return Category(text)
    name = " ".join(match.group("name").split())
    if name.casefold() in _MARKER_NAMES:
        return Category(text)
    known = {category.casefold(): category for category in categories}
    category = known.get(name.casefold())
    if category is None:
        return Category(text, unknown=name)
    return Category(f"{match.group('owner') or ''}{match.group('rest')}".strip(), category)


def unknown_category_warning(item: str, name: str, categories: Sequence[str]) -> str:
    """The warning for a commitment whose bracket names no configured category."""
    known = ", ".join(categories) or "none configured"
    return f"commitment '{item}': [{name}] is not a coaching category ({known})"


@dataclass(frozen=True)
class ItemCommitment:
    """A carried-over commitment as the rep left it: its text, whether it is done, and its
    coaching category (``unknown_category``: a bracket that names none)."""

    text: str
    done: bool
    category: str | None = None
    unknown_category: str | None = None


def read_commitment(
    text: str, struck: bool = False, categories: Sequence[str] = ()
) -> ItemCommitment | None:
    """One item of "Commitments from Last 1:1"; done when struck through or marked.

    Markers ("[x]", "☑", "✅", "✔", "Done:", and "[ ]" / "☐" for open) and a known coaching
    category ("[Quality]", before or after the marker) are stripped from the text. Returns None
    when nothing is left besides them.
    """
    rest, done = _strip_marker(_VARIATION.sub("", text).strip(), struck)
    found = read_category(rest, categories)
    if found.category is not None:
        rest, done = _strip_marker(found.text, done)
    rest = rest.strip(" -–—:\t")
    if not rest:
        return None
    return ItemCommitment(rest, done, found.category, found.unknown)


def _strip_marker(text: str, done: bool) -> tuple[str, bool]:
    """``text`` without a leading done or open marker, and whether it is done."""
    text = text.strip()
    for marker in DONE_MARKERS:
        if text[: len(marker)].lower() == marker:
            return text[len(marker) :].strip(), True
    for marker in OPEN_MARKERS:
        if text.startswith(marker):
            return text[len(marker) :].strip(), done
    return text, done


def read_commitment_cells(
    cells: tuple[str, ...], struck: bool = False, categories: Sequence[str] = ()
) -> ItemCommitment | None:
    """A commitment written as a table row: a cell holding only a done value marks it."""
    texts: list[str] = []
    done: bool | None = None
    for cell in cells:
        value = _VARIATION.sub("", cell).strip().casefold()
        if value in DONE_VALUES:
            done = True
        elif value in NOT_DONE_VALUES:
            done = False if done is None else done
        elif value:
            texts.append(cell.strip())
    if not texts or _is_header(texts):
        return None
    item = read_commitment(" | ".join(texts), struck, categories)
    if item is None or done is None:
        return item
    return replace(item, done=item.done or done)


def _is_header(texts: list[str]) -> bool:
    words = {"commitment", "commitments", "status", "owner", "done", "item", "who", "what"}
    return all(text.casefold() in words for text in texts)


def new_commitments(
    items: tuple[str, ...], week: Week | None = None, categories: Sequence[str] = ()
) -> tuple[tuple[Commitment, ...], tuple[str, ...]]:
    """Commitments from "This Week's Commitments": "Rep: ..." and "Manager: ..." lines, each
    with its coaching category; and a warning for each bracket that names no category.

    A bare "Rep:" or "Manager:" line sets the owner of the lines that follow it; a line with
    no owner yet belongs to the rep.
    """
    owner = "rep"
    found: list[Commitment] = []
    warnings: list[str] = []
    for item in items:
        match = _OWNER.match(item)
        text = item
        if match:
            owner = "rep" if match.group(1).lower() == "rep" else "manager"
            text = match.group(2)
        reading = read_category(text.strip(), categories)
        if reading.unknown is not None:
            warnings.append(unknown_category_warning(item, reading.unknown, categories))
        if reading.text:
            found.append(
                Commitment(reading.text, owner=owner, week_made=week, category=reading.category)
            )
    return tuple(found), tuple(warnings)


def owner_of(text: str) -> tuple[str, str]:
    """The owner named by a "Rep:"/"Manager:" prefix (default rep) and the text without it."""
    match = _OWNER.match(text)
    if not match or not match.group(2).strip():
        return "rep", text
    owner = "rep" if match.group(1).lower() == "rep" else "manager"
    return owner, match.group(2).strip()
