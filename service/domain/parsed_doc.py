"""What a parsed 1:1 doc holds (contract 1 of PRODUCT.md), assembled from raw sections.

Both the Docs parser and the Sheet-form parser cut their input into ``RawSection`` lines and
hand them to ``assemble``, so hints, energy, commitments and completeness are judged one way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.domain.commitments import (
    ItemCommitment,
    new_commitments,
    read_commitment,
    read_commitment_cells,
    unknown_category_warning,
)
from service.domain.doc_text import Line
from service.domain.energy import ScoreReading, read_score
from service.domain.model import Commitment, Section
from service.domain.sections import (
    REQUIRED_SECTIONS,
    SECTION_KEYS,
    SECTION_TITLES,
    is_hint,
    is_label,
)


@dataclass
class RawSection:
    """The lines found under one heading (or one Sheet-form title), before judging them."""

    key: str
    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedDoc:
    """A parsed 1:1 doc: the fields of contract 1 (``parse-doc``), and the commitments made in
    this week's meeting ("This Week's Commitments", read with their owners and categories)."""

    sections: dict[str, Section]
    energy: int | None
    missing: tuple[str, ...]
    complete: bool
    commitments: tuple[ItemCommitment, ...]
    warnings: tuple[str, ...]
    kudos: tuple[str, ...] = ()
    rating: int | None = None
    new_commitments: tuple[Commitment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object, keys in contract order."""
        return {
            "sections": {
                key: {"text": section.text, "items": list(section.items)}
                for key, section in self.sections.items()
            },
            "energy": self.energy,
            "missing": list(self.missing),
            "complete": self.complete,
            "commitments": [
                {"text": c.text, "done": c.done, "category": c.category} for c in self.commitments
            ],
            "warnings": list(self.warnings),
            "kudos": list(self.kudos),
            "rating": self.rating,
        }


def assemble(
    raw: Mapping[str, RawSection], warnings: list[str], categories: Sequence[str] = ()
) -> ParsedDoc:
    """Judge the raw sections: drop hints, read energy, rating, kudos and commitments (with
    their coaching ``categories``), list what is missing.

    Every canonical key is present in ``sections`` (empty when absent from the doc), followed by
    unknown extra sections in the order they appeared.
    """
    warnings = list(warnings)
    kept = {key: _kept_lines(key, section.lines) for key, section in raw.items()}
    sections: dict[str, Section] = {}
    for key in (*SECTION_KEYS, *(k for k in raw if k not in SECTION_TITLES)):
        lines = kept.get(key, [])
        items = tuple(line.text for line in lines)
        sections[key] = Section(text="\n".join(items), items=items)

    reading = _score(sections, "energy", warnings)
    rating = _score(sections, "rating", warnings)
    commitments = _commitments(kept.get("commitments", []), categories)
    for item in commitments:
        if item.unknown_category is not None:
            warnings.append(unknown_category_warning(item.text, item.unknown_category, categories))
    made, unknown = new_commitments(sections["new_commitments"].items, categories=categories)
    warnings.extend(unknown)
    for key in REQUIRED_SECTIONS:
        if key not in raw:
            warnings.append(f"no '{SECTION_TITLES[key]}' section found")
    missing = tuple(
        key
        for key in REQUIRED_SECTIONS
        if not sections[key].filled or (key == "energy" and reading.value is None)
    )
    return ParsedDoc(
        sections=sections,
        energy=reading.value,
        missing=missing,
        complete=not missing,
        commitments=commitments,
        warnings=tuple(warnings),
        kudos=sections["kudos"].items,
        rating=rating.value,
        new_commitments=made,
    )


def _score(sections: Mapping[str, Section], key: str, warnings: list[str]) -> ScoreReading:
    """The 1-5 score of the Energy or Rating section; a warning when it is unusable."""
    reading = read_score(sections[key].text, key)
    if reading.warning:
        warnings.append(reading.warning)
    elif reading.value is None and sections[key].filled:
        warnings.append(f"the {SECTION_TITLES[key]} section has no score from 1 to 5")
    return reading


def _kept_lines(key: str, lines: list[Line]) -> list[Line]:
    """The rep's lines: template hints dropped; only bare labels left means empty."""
    kept = [line for line in lines if line.text.strip() and not is_hint(line.text)]
    if all(is_label(key, line.text) for line in kept):
        return []
    return kept


def _commitments(lines: list[Line], categories: Sequence[str]) -> tuple[ItemCommitment, ...]:
    found: list[ItemCommitment] = []
    for line in lines:
        if line.kind == "row":
            item = read_commitment_cells(line.cells, line.struck, categories)
        else:
            item = read_commitment(line.text, line.struck, categories)
        if item is not None:
            found.append(item)
    return tuple(found)
