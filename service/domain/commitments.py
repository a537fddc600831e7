"""Commitments in the 1:1 doc: done markers on carried-over items, "Rep:"/"Manager:" lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ItemCommitment:
    """A carried-over commitment as the rep left it: its text and whether it is done."""

    text: str
    done: bool


def read_commitment(text: str, struck: bool = False) -> ItemCommitment | None:
    """One item of "Commitments from Last 1:1"; done when struck through or marked.

    Markers ("[x]", "☑", "✅", "✔", "Done:", and "[ ]" / "☐" for open) are stripped from the text.
    Returns None when nothing is left besides a marker.
    """
    rest = _VARIATION.sub("", text).strip()
    done = struck
    for marker in DONE_MARKERS:
        if rest[: len(marker)].lower() == marker:
            rest, done = rest[len(marker) :], True
            break
    else:
        for marker in OPEN_MARKERS:
            if rest.startswith(marker):
                rest = rest[len(marker) :]
                break
    rest = rest.strip(" -–—:\t")
    return ItemCommitment(rest, done) if rest else None


def read_commitment_cells(cells: tuple[str, ...], struck: bool = False) -> ItemCommitment | None:
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
    item = read_commitment(" | ".join(texts), struck)
    if item is None or done is None:
        return item
    return ItemCommitment(item.text, item.done or done)


def _is_header(texts: list[str]) -> bool:
    words = {"commitment", "commitments", "status", "owner", "done", "item", "who", "what"}
    return all(text.casefold() in words for text in texts)


def new_commitments(items: tuple[str, ...], week: Week | None = None) -> tuple[Commitment, ...]:
    """Commitments from "This Week's Commitments": "Rep: ..." and "Manager: ..." lines.

    A bare "Rep:" or "Manager:" line sets the owner of the lines that follow it; a line with
    no owner yet belongs to the rep.
    """
    owner = "rep"
    found: list[Commitment] = []
    for item in items:
        match = _OWNER.match(item)
        text = item
        if match:
            owner = "rep" if match.group(1).lower() == "rep" else "manager"
            text = match.group(2)
        text = text.strip()
        if text:
            found.append(Commitment(text=text, owner=owner, week_made=week))
    return tuple(found)


def owner_of(text: str) -> tuple[str, str]:
    """The owner named by a "Rep:"/"Manager:" prefix (default rep) and the text without it."""
    match = _OWNER.match(text)
    if not match or not match.group(2).strip():
        return "rep", text
    owner = "rep" if match.group(1).lower() == "rep" else "manager"
    return owner, match.group(2).strip()
