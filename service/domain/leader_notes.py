"""What a leader writes in their own 1:1 doc for their boss (the manager and VP templates):
the running list of initiatives, each with its next step, and the asks. Pure.

The AE parser keeps headings it does not know under their own slug ("Running List of
Initiatives" -> ``running_list_of_initiatives``, "Where I Need Your Help" ->
``where_i_need_your_help``); these functions pick them out by their words, so a customer's
"Initiatives" or "Asks" heading works too. A section whose title says private never counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

from service.domain.model import Section
from service.domain.sections import fold

PRIVATE: Final[str] = "private"
_ASK_WORDS: Final[frozenset[str]] = frozenset({"ask", "asks", "help"})
# "SDR pilot - next: hire two SDRs by Jan 15", "SDR pilot → hire ...", "SDR pilot (next step:
# ...)": the initiative before the marker, its next step after.
_NEXT = re.compile(
    r"\s*(?:[-–—:]\s*next(?:\s+step)?\s*[:\-–—]|\(\s*next(?:\s+step)?\s*:|→|->|next step:)\s*",
    re.IGNORECASE,
)


def is_initiatives(key: str) -> bool:
    """A section of initiatives ("running_list_of_initiatives", "initiatives")."""
    return "initiative" in key and PRIVATE not in key


def is_asks(key: str) -> bool:
    """A section of asks of the leader's boss ("where_i_need_your_help", "asks")."""
    return bool(_ASK_WORDS & set(key.split("_"))) and PRIVATE not in key


def initiative_items(sections: Mapping[str, Section]) -> tuple[str, ...]:
    """The doc's running list of initiatives (``running_list``), from every initiatives
    section."""
    return running_list(
        item for key, section in sections.items() if is_initiatives(key) for item in section.items
    )


def running_list(lines: Iterable[str]) -> tuple[str, ...]:
    """One line per initiative, "initiative - next: step", in the order first written: an
    initiative written twice (carried over, then updated) keeps its place and takes the later
    next step (the earlier one when the later line names none)."""
    by_name: dict[str, tuple[str, str]] = {}
    for line in lines:
        name, step = split_initiative(line)
        if not name:
            continue
        known = by_name.get(fold(name))
        by_name[fold(name)] = (name, step or (known[1] if known else ""))
    return tuple(f"{name} - next: {step}" if step else name for name, step in by_name.values())


def ask_items(sections: Mapping[str, Section]) -> tuple[str, ...]:
    """Every line of the doc's asks sections, in order."""
    return tuple(
        item for key, section in sections.items() if is_asks(key) for item in section.items
    )


def split_initiative(line: str) -> tuple[str, str]:
    """(initiative, next step) of one line; the next step is "" when the line names none."""
    match = _NEXT.search(line)
    if match is None or match.start() == 0:
        return line.strip(), ""
    step = line[match.end() :].strip().rstrip(")").strip()
    return line[: match.start()].strip(" -–—:"), step
