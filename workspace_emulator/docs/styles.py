"""Text and paragraph styles: updateTextStyle, updateParagraphStyle and field masks.

A field mask names the style fields a request sets; a named field the request leaves out
is cleared, and ``*`` replaces the whole style. Runs are cut at the range's edges and
merged again afterwards, as Google does.
https://developers.google.com/docs/api/how-tos/format-text
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.docs.model import (
    HEADING_STYLES,
    STYLED,
    Content,
    DocsError,
    new_heading_id,
    normalize,
    paragraphs_in,
    reindex,
    split_elements,
    start_of,
)


def field_list(fields: str) -> list[str]:
    """The names in a field mask (``*`` stays ``*``); an empty mask is refused."""
    names = [f.strip() for f in (fields or "").split(",") if f.strip()]
    if not names:
        raise DocsError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    return names


def apply_mask(target: dict[str, Any], source: dict[str, Any], fields: str) -> None:
    """Set each masked field from ``source``; a masked field absent there is cleared."""
    names = field_list(fields)
    if "*" in names:
        target.clear()
        target.update(json_copy(source))
        return
    for name in names:
        *path, leaf = name.split(".")
        src: Any = source
        dst = target
        for part in path:
            src = src.get(part, {}) if isinstance(src, dict) else {}
            dst = dst.setdefault(part, {})
        if isinstance(src, dict) and leaf in src:
            dst[leaf] = json_copy(src[leaf])
        else:
            dst.pop(leaf, None)


def update_text_style(
    content: Content, start: int, end: int, style: dict[str, Any], fields: str
) -> None:
    """updateTextStyle over [start, end): runs are cut at the edges and merged again."""
    field_list(fields)
    if start >= end:
        raise DocsError("The range should not be empty.")
    for element in list(paragraphs_in(content, start, end)):
        base = start_of(element)
        par = element["paragraph"]
        left, rest = split_elements(par.get("elements", []), max(start, base) - base)
        middle, right = split_elements(rest, min(end, element["endIndex"]) - max(start, base))
        for item in middle:
            for kind in STYLED:
                if kind in item:
                    apply_mask(item[kind].setdefault("textStyle", {}), style, fields)
        if start <= base and element["endIndex"] <= end and "bullet" in par:
            apply_mask(par["bullet"].setdefault("textStyle", {}), style, fields)
        par["elements"] = normalize([*left, *middle, *right])
    reindex(content, start_of(content[0]) if content else 0)


def update_paragraph_style(
    content: Content, start: int, end: int, style: dict[str, Any], fields: str
) -> None:
    """updateParagraphStyle on every paragraph the range touches (headings get an id)."""
    field_list(fields)
    for element in paragraphs_in(content, start, end):
        current = element["paragraph"].setdefault("paragraphStyle", {})
        apply_mask(current, style, fields)
        named = current.get("namedStyleType")
        if named in HEADING_STYLES and "headingId" not in current:
            current["headingId"] = new_heading_id()
        elif named not in HEADING_STYLES:
            current.pop("headingId", None)
