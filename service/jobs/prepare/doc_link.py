"""The link between the two halves of ``prepare``: the rep's doc, as the invite links it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DOC_MIME = "application/vnd.google-apps.document"


@dataclass
class DocLink:
    """The rep's doc (or Sheet) for the week, as the invite links it."""

    file_id: str
    url: str
    title: str
    mime_type: str = DOC_MIME

    @classmethod
    def of(cls, file: dict[str, Any]) -> DocLink:
        """The link to a Drive file resource (id, webViewLink, name, mimeType)."""
        return cls(
            str(file["id"]),
            str(file.get("webViewLink", "")),
            str(file.get("name", "")),
            str(file.get("mimeType") or DOC_MIME),
        )
