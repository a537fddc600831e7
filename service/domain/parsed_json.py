"""A parsed 1:1 doc as JSON and back, exactly: what the read ledger keeps of a doc it read
(``service.jobs.collect.ledger``), so that an unchanged doc gives the same submission without
being read again."""

from __future__ import annotations

from typing import Any

from service.domain.commitments import ItemCommitment
from service.domain.model import Commitment, Section
from service.domain.parsed_doc import ParsedDoc
from service.domain.week import Week


def parsed_to_json(parsed: ParsedDoc) -> dict[str, Any]:
    """Every field of ``parsed`` in JSON types (``parsed_from_json`` gives it back equal)."""
    return {
        "sections": {
            key: {"text": s.text, "items": list(s.items)} for key, s in parsed.sections.items()
        },
        "energy": parsed.energy,
        "missing": list(parsed.missing),
        "complete": parsed.complete,
        "commitments": [
            [c.text, c.done, c.category, c.unknown_category] for c in parsed.commitments
        ],
        "warnings": list(parsed.warnings),
        "kudos": list(parsed.kudos),
        "rating": parsed.rating,
        "new_commitments": [
            [c.text, c.owner, c.done, c.week_made.label if c.week_made else None, c.category]
            for c in parsed.new_commitments
        ],
    }


def parsed_from_json(data: dict[str, Any]) -> ParsedDoc:
    """The ``ParsedDoc`` that ``parsed_to_json`` wrote (KeyError/TypeError/ValueError when
    ``data`` is not one)."""
    return ParsedDoc(
        sections={
            str(key): Section(str(s["text"]), tuple(str(i) for i in s["items"]))
            for key, s in data["sections"].items()
        },
        energy=_int(data["energy"]),
        missing=tuple(str(m) for m in data["missing"]),
        complete=bool(data["complete"]),
        commitments=tuple(
            ItemCommitment(str(text), bool(done), category, unknown)
            for text, done, category, unknown in data["commitments"]
        ),
        warnings=tuple(str(w) for w in data["warnings"]),
        kudos=tuple(str(k) for k in data["kudos"]),
        rating=_int(data["rating"]),
        new_commitments=tuple(
            Commitment(
                str(text), str(owner), bool(done), Week.parse(week) if week else None, category
            )
            for text, owner, done, week, category in data["new_commitments"]
        ),
    )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
