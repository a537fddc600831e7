"""Does a doc (a customer's own template) have the headings a template needs?"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.domain.doc_text import document_tabs
from service.domain.sections import fold, match_section
from service.templates.definition import DocTemplate


def doc_headings(doc: Mapping[str, Any]) -> list[str]:
    """The texts of every heading paragraph (HEADING_1..6, or a short all-bold paragraph)."""
    headings = []
    for tab in document_tabs(dict(doc)):
        for line in tab.lines:
            if line.is_heading_style or (line.bold and line.kind == "paragraph"):
                headings.append(line.text)
    return headings


def missing_headings(doc: Mapping[str, Any], template: DocTemplate) -> list[str]:
    """The template's required headings that ``doc`` lacks, matched as loosely as the parser
    matches sections (numbering, emoji, case, a trailing colon do not matter)."""
    found = doc_headings(doc)
    keys = {match_section(text) for text in found} - {None}
    folded = {fold(text).rstrip(" :") for text in found}
    missing = []
    for title in template.required:
        key = match_section(title)
        present = key in keys if key else fold(title).rstrip(" :") in folded
        if not present:
            missing.append(title)
    return missing
