"""The link between the two halves of ``prepare``: the rep's doc, as the invite links it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DocLink:
    """The rep's doc for the week, as the invite links it."""

    file_id: str
    url: str
    title: str
