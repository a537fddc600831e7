"""Parse the Sheet-form variant of the 1:1 doc (a grid of cell values) into a ``ParsedDoc``.

Layout (the Sheet template is built to match these constants)::

    A: Section                    B: Answer                          C: Done
    1:1 Self-Management - ...     (title rows before the first section are ignored)
    Section                       Answer                             Done      <- optional header
    Key Metrics & Pacing          Calls | 50 | 42 | 84%              (B.. one item per row)
                                  Demos | 10 | 6 | 60%
    Wins                          Closed Acme
                                  Booked 3 demos                     <- empty A continues
    Energy                        2 - rough week
    Commitments from Last 1:1     Send the Acme proposal             TRUE
                                  Call Globex back                   FALSE
    This Week's Commitments       Rep: book 5 demos
                                  Manager: join the Acme call

Column A holds a section title (``SECTION_TITLES``, matched as loosely as Doc headings; an
unknown title is kept under its slug, with a warning). Column B onwards hold the answer; a row
whose column A is empty continues the section above, and a cell with line breaks gives one item
per line. For commitments, the Done column (C, or the column headed "Done") holds TRUE/FALSE,
✅, "x" or "yes"; the Doc markers ("[x]", "Done:", ...) also work in column B. "Rep" / "Manager"
in column A under "This Week's Commitments" name the owner of the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from service.domain.doc_text import Line
from service.domain.parsed_doc import ParsedDoc, RawSection, assemble
from service.domain.sections import SECTION_TITLES, fold, match_section, slug

SHEET_FORM_HEADER: Final[tuple[str, str, str]] = ("Section", "Answer", "Done")
SHEET_FORM_SECTION_COLUMN: Final[int] = 0  # A
SHEET_FORM_ANSWER_COLUMN: Final[int] = 1  # B (and any column after it, except Done)
SHEET_FORM_DONE_COLUMN: Final[int] = 2  # C, unless a header row puts "Done" elsewhere
SHEET_FORM_OWNER_LABELS: Final[dict[str, str]] = {"rep": "Rep", "manager": "Manager"}


def parse_sheet_form(values: Sequence[Sequence[Any]], categories: Sequence[str] = ()) -> ParsedDoc:
    """Parse the grid of a Sheet-form 1:1 doc (``values.get`` rows, strings or scalars); a
    commitment may start with one of the coaching ``categories`` ("[Quality] ...")."""
    rows = [[_cell(value) for value in row] for row in values if isinstance(row, Sequence)]
    done_column = SHEET_FORM_DONE_COLUMN
    sections: dict[str, RawSection] = {}
    warnings: list[str] = []
    current: RawSection | None = None
    for row in rows:
        first = row[SHEET_FORM_SECTION_COLUMN].strip() if row else ""
        if _is_header(row):
            done_column = next(
                (i for i, cell in enumerate(row) if fold(cell) == "done"), done_column
            )
            continue
        owner = SHEET_FORM_OWNER_LABELS.get(fold(first).rstrip(":"))
        if first and not (owner and current is not None):
            key = match_section(first)
            if key is None and current is None and not _answers(row, done_column):
                continue  # a title row above the first section
            if key is None:
                key = _unknown_key(first, sections, warnings)
            current = _open(key, first, sections, warnings)
        if current is None:
            continue
        current.lines.extend(_row_lines(row, current.key, done_column, owner))
    return assemble(sections, warnings, categories)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _is_header(row: list[str]) -> bool:
    folded = [fold(cell) for cell in row[:2]]
    return folded == [fold(h) for h in SHEET_FORM_HEADER[:2]]


def _answers(row: list[str], done_column: int) -> list[str]:
    return [cell for i, cell in enumerate(row) if i >= SHEET_FORM_ANSWER_COLUMN and cell.strip()]


def _row_lines(row: list[str], key: str, done_column: int, owner: str | None) -> list[Line]:
    """The lines of one row: one per line of the answer, or one row line for commitments."""
    if key == "commitments":
        answers = [
            cell.strip()
            for i, cell in enumerate(row)
            if i >= SHEET_FORM_ANSWER_COLUMN and i != done_column
        ]
        done = row[done_column].strip() if done_column < len(row) else ""
        cells = (*(" ".join(a.split()) for a in answers if a), done)
        return [Line(" | ".join(c for c in cells[:-1] if c), kind="row", cells=cells)]
    # Elsewhere the Done column is just another answer column (e.g. key metrics).
    filled = [cell.strip() for cell in row[SHEET_FORM_ANSWER_COLUMN:] if cell.strip()]
    if len(filled) > 1:
        cells = tuple(" ".join(a.split()) for a in filled)
        return [Line(" | ".join(cells), kind="row", cells=cells)]
    lines = [" ".join(part.split()) for a in filled for part in a.splitlines()]
    prefix = f"{owner}: " if owner else ""
    return [Line(prefix + text) for text in lines if text]


def _open(key: str, title: str, sections: dict[str, RawSection], warnings: list[str]) -> RawSection:
    if key in sections:
        name = SECTION_TITLES.get(key, sections[key].title)
        warnings.append(f"section '{name}' appears more than once; merged")
        return sections[key]
    sections[key] = RawSection(key, title)
    return sections[key]


def _unknown_key(title: str, sections: dict[str, RawSection], warnings: list[str]) -> str:
    key = slug(title) or "untitled"
    if key in SECTION_TITLES:
        key += "_extra"
    if key not in sections:
        warnings.append(f"unknown section '{title}' kept as '{key}'")
    return key
