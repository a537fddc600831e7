"""Parse a rep's 1:1 doc (Docs API ``documents.get`` JSON) into a submission. Pure: no I/O.

A section starts at a heading: a HEADING_1..6 paragraph (or a TITLE/SUBTITLE one that names a
known section), or a short all-bold NORMAL_TEXT paragraph that names a known section. Headings
are matched loosely (see ``sections.match_section``). An unknown heading starts a section kept
under its own slug, unless it sits below the current section's heading level (a sub-heading the
rep wrote inside, say, the pipeline), in which case it is content. Text before the first heading
of a tab is ignored, unless it looks like the rep's own writing: then it is kept under
``preamble``, with a warning. Every tab is read;
a section found twice is merged, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from service.domain.commitments import owner_of
from service.domain.doc_text import TITLE_STYLES, Line, Tab, document_tabs
from service.domain.model import Commitment, Submission
from service.domain.parsed_doc import ParsedDoc, RawSection, assemble
from service.domain.sections import (
    SECTION_TITLES,
    content_words,
    fold,
    is_hint,
    match_section,
)
from service.domain.sections import slug as section_slug
from service.domain.week import Week

__all__ = ["ParsedDoc", "parse_document", "to_submission"]

BOLD_HEADING_MAX_CHARS = 60
BOLD_HEADING_MAX_WORDS = 4  # content words: every template title has at most 4
PREAMBLE_WARN_CHARS = 40  # less than this before the first heading is a title or a label
PREAMBLE_KEY = "preamble"
_MID_COLON = re.compile(r":\s*\S")
_LABEL_LINE = re.compile(r"^[^:]{1,30}:\s*\S.{0,60}$")
# A template's header line may hold several labels: "Rep: X · Manager: Y · 1:1: Mon 2 PM".
_LABEL_SEPARATORS = re.compile(r"\s+[·|•—–]\s+|\t+")


def _is_label_line(text: str) -> bool:
    """ "Label: value", or several of them on one line."""
    parts = [part for part in _LABEL_SEPARATORS.split(text.strip()) if part]
    return bool(parts) and all(_LABEL_LINE.match(part) for part in parts)


def parse_document(doc: dict[str, Any], categories: Sequence[str] = ()) -> ParsedDoc:
    """Parse a ``documents.get`` response (legacy ``body`` form or ``tabs`` form); a commitment
    may start with one of the coaching ``categories`` ("[Quality] ...").

    Never raises on a well-formed document; anything odd ends up in ``warnings``.
    """
    title = doc.get("title")
    splitter = _Splitter(title if isinstance(title, str) else "")
    for tab in document_tabs(doc):
        splitter.add_tab(tab)
    return assemble(splitter.sections, splitter.warnings, categories)


def to_submission(
    parsed: ParsedDoc,
    rep_email: str,
    week: Week,
    *,
    last_edit: datetime | None = None,
    manager_comments: int = 0,
) -> Submission:
    """The domain ``Submission`` for ``week``: carried-over commitments with their done state,
    the new "Rep:" / "Manager:" commitments made in this week's meeting (both with their
    coaching categories), kudos and the rep's rating of the last 1:1."""
    carried = []
    for item in parsed.commitments:
        owner, text = owner_of(item.text)
        carried.append(Commitment(text, owner=owner, done=item.done, category=item.category))
    made = tuple(replace(c, week_made=week) for c in parsed.new_commitments)
    return Submission(
        rep_email=rep_email,
        week=week,
        sections=dict(parsed.sections),
        energy=parsed.energy,
        missing=parsed.missing,
        commitments=tuple(carried),
        new_commitments=made,
        warnings=parsed.warnings,
        last_edit=last_edit,
        manager_comments=manager_comments,
        kudos=parsed.kudos,
        rating=parsed.rating,
    )


class _Splitter:
    """Cuts the lines of every tab into raw sections, in document order."""

    def __init__(self, doc_title: str) -> None:
        self.doc_title = fold(doc_title)
        self.sections: dict[str, RawSection] = {}
        self.warnings: list[str] = []

    def add_tab(self, tab: Tab) -> None:
        """Read one tab; a tab titled like a section starts in that section."""
        current: RawSection | None = None
        level = 0
        tab_key = match_section(tab.title) if tab.title else None
        if tab_key:
            current = self._open(tab_key, tab.title)
        preamble: list[Line] = []
        for line in tab.lines:
            heading = self._heading(line, current, level)
            if heading is not None:
                key, level = heading
                current = self._open(key, line.text)
            elif line.style in TITLE_STYLES:
                continue
            elif current is None:
                if not self._is_doc_title(line.text):
                    preamble.append(line)
            else:
                current.lines.append(line)
        self._check_preamble(preamble, tab.title)

    def _heading(
        self, line: Line, current: RawSection | None, level: int
    ) -> tuple[str, int] | None:
        """(key, level) when the line starts a section, else None."""
        if line.is_heading_style or line.style in TITLE_STYLES:
            line_level = int(line.style[-1]) if line.is_heading_style else 0
            if self._is_doc_title(line.text):
                return None  # checked first: a rep called "Pace Winters" is no section
            key = match_section(line.text)
            if key:
                return key, line_level
            if line.style in TITLE_STYLES:
                return None
            if current is not None and line_level > level:
                return None  # a sub-heading inside the current section
            return self._unknown_key(line.text), line_level
        if _looks_like_bold_heading(line):
            key = match_section(line.text)
            if key and (current is None or key != current.key):
                return key, 7
        return None

    def _is_doc_title(self, text: str) -> bool:
        folded = fold(text)
        return folded == self.doc_title or folded.startswith(("1:1 ", "1-1 ", "1on1 "))

    def _unknown_key(self, text: str) -> str:
        key = section_slug(text) or "untitled"
        if key in SECTION_TITLES:
            key += "_extra"
        if key not in self.sections:
            self.warnings.append(f"unknown section '{text}' kept as '{key}'")
        return key

    def _open(self, key: str, title: str) -> RawSection:
        existing = self.sections.get(key)
        if existing is not None:
            name = SECTION_TITLES.get(key, existing.title)
            self.warnings.append(f"section '{name}' appears more than once; merged")
            return existing
        section = RawSection(key, title)
        self.sections[key] = section
        return section

    def _check_preamble(self, lines: list[Line], tab_title: str) -> None:
        """Titles and "Label: value" lines before the first heading are the template's; real
        writing there is kept under ``preamble`` so the manager still sees it."""
        substantive = [
            line for line in lines if not is_hint(line.text) and not _is_label_line(line.text)
        ]
        if sum(len(line.text) for line in substantive) < PREAMBLE_WARN_CHARS:
            return
        where = f" in tab '{tab_title}'" if tab_title else ""
        self.warnings.append(f"text before the first section{where} kept as '{PREAMBLE_KEY}'")
        self.sections.setdefault(PREAMBLE_KEY, RawSection(PREAMBLE_KEY, "")).lines.extend(
            substantive
        )


def _looks_like_bold_heading(line: Line) -> bool:
    """A short, all-bold, plain paragraph with no answer after a colon."""
    text = line.text.strip()
    return (
        line.bold
        and line.kind == "paragraph"
        and len(text) <= BOLD_HEADING_MAX_CHARS
        and len(content_words(text)) <= BOLD_HEADING_MAX_WORDS
        and not _MID_COLON.search(text.replace("1:1", "one-on-one"))
    )
