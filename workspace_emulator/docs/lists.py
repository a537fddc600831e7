"""Bulleted and numbered lists: createParagraphBullets / deleteParagraphBullets.

Lists live in a tab's ``lists`` map (``listId`` -> nesting levels); a paragraph joins one
through ``bullet.listId`` and ``bullet.nestingLevel`` (omitted at level 0, as Google omits
zeros). Leading tabs set the nesting level and are removed, which moves later indexes.
https://developers.google.com/docs/api/reference/rest/v1/documents/request#createparagraphbulletsrequest
"""

from __future__ import annotations

import secrets
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.docs.model import (
    Content,
    DocsError,
    Element,
    normalize,
    paragraph_text,
    paragraphs_in,
    reindex,
    split_elements,
    start_of,
)

LEVELS = 9
_SYMBOLS = {
    "BULLET_DISC_CIRCLE_SQUARE": "●○■",
    "BULLET_DIAMONDX_ARROW3D_SQUARE": "❖➢■",
    "BULLET_CHECKBOX": "☐☐☐",
    "BULLET_ARROW_DIAMOND_DISC": "➔◆●",
    "BULLET_STAR_CIRCLE_SQUARE": "★○■",
    "BULLET_ARROW3D_CIRCLE_SQUARE": "➢○■",
    "BULLET_LEFTTRIANGLE_DIAMOND_DISC": "◄◆●",
    "BULLET_DIAMONDX_HOLLOWDIAMOND_SQUARE": "❖◇■",
    "BULLET_DIAMOND_CIRCLE_SQUARE": "◆○■",
}
_NUMBERS = {
    "NUMBERED_DECIMAL_ALPHA_ROMAN": (("DECIMAL", "ALPHA", "ROMAN"), "%{}."),
    "NUMBERED_DECIMAL_ALPHA_ROMAN_PARENS": (("DECIMAL", "ALPHA", "ROMAN"), "%{})"),
    "NUMBERED_DECIMAL_NESTED": (("DECIMAL",), "nested"),
    "NUMBERED_UPPERALPHA_ALPHA_ROMAN": (("UPPER_ALPHA", "ALPHA", "ROMAN"), "%{}."),
    "NUMBERED_UPPERROMAN_UPPERALPHA_DECIMAL": (("UPPER_ROMAN", "UPPER_ALPHA", "DECIMAL"), "%{}."),
    "NUMBERED_ZERODECIMAL_ALPHA_ROMAN": (("ZERO_DECIMAL", "ALPHA", "ROMAN"), "%{}."),
}
PRESETS = frozenset(_SYMBOLS) | frozenset(_NUMBERS)


def _pt(magnitude: float) -> dict[str, Any]:
    return {"magnitude": magnitude, "unit": "PT"}


def list_properties(preset: str) -> dict[str, Any]:
    """The nine nesting levels Google gives a new list of ``preset``."""
    if preset not in PRESETS:
        raise DocsError(f"Invalid bulletPreset: {preset}.")
    levels = []
    for level in range(LEVELS):
        item: dict[str, Any] = {"bulletAlignment": "START"}
        if preset in _SYMBOLS:
            symbols = _SYMBOLS[preset]
            item["glyphSymbol"] = symbols[level % len(symbols)]
            item["glyphFormat"] = f"%{level}"
        else:
            types, fmt = _NUMBERS[preset]
            glyph = types[level % len(types)]
            item["glyphType"] = glyph
            if fmt == "nested":
                item["glyphFormat"] = "".join(f"%{n}." for n in range(level + 1))
            else:
                item["glyphFormat"] = fmt.format(level)
            if glyph.endswith("ROMAN"):
                item["bulletAlignment"] = "END"
        item.update(
            indentFirstLine=_pt(18 + 36 * level),
            indentStart=_pt(36 + 36 * level),
            textStyle={"underline": False},
            startNumber=1,
        )
        levels.append(item)
    return {"nestingLevels": levels}


def _new_list_id() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "kix." + "".join(secrets.choice(alphabet) for _ in range(12))


def _previous_paragraph(content: Content, first: Element) -> Element | None:
    """The paragraph right before ``first`` in its container (lists continue through it)."""
    for container in _containers(content):
        for pos, element in enumerate(container):
            if element is first:
                before = container[pos - 1] if pos else None
                return before if before is not None and "paragraph" in before else None
    return None


def _containers(content: Content) -> list[Content]:
    found = [content]
    for element in content:
        if "table" in element:
            for row in element["table"].get("tableRows", []):
                for cell in row.get("tableCells", []):
                    found.extend(_containers(cell.get("content", [])))
    return found


def _strip_tabs(element: Element) -> int:
    """Remove a paragraph's leading tabs; returns how many there were."""
    text = paragraph_text(element)
    count = len(text) - len(text.lstrip("\t"))
    count = min(count, max(0, len(text) - 1))  # never the paragraph's own newline
    if count:
        par = element["paragraph"]
        par["elements"] = normalize(split_elements(par["elements"], count)[1])
    return count


def create_bullets(
    content: Content, lists: dict[str, Any], start: int, end: int, preset: str
) -> list[tuple[int, int]]:
    """Bullet every paragraph in [start, end); returns the removed tabs as (index, -count),
    last first, so named ranges can follow."""
    props = list_properties(preset)
    targets = list(paragraphs_in(content, start, end))
    if not targets:
        return []
    before = _previous_paragraph(content, targets[0])
    list_id = ""
    if before is not None and "bullet" in before["paragraph"]:
        candidate = before["paragraph"]["bullet"].get("listId", "")
        if lists.get(candidate, {}).get("listProperties") == props:
            list_id = candidate  # Google appends to a matching list just above
    if not list_id:
        list_id = _new_list_id()
        lists[list_id] = {"listProperties": json_copy(props)}
    removed: list[tuple[int, int]] = []
    for element in reversed(targets):
        origin = start_of(element)
        level = min(_strip_tabs(element), LEVELS - 1)
        if level:
            removed.append((origin, -level))
        par = element["paragraph"]
        bullet: dict[str, Any] = {"listId": list_id, "textStyle": {}}
        if level:
            bullet["nestingLevel"] = level
        par["bullet"] = bullet
        nesting = props["nestingLevels"][level]
        style = par.setdefault("paragraphStyle", {})
        style["indentFirstLine"] = json_copy(nesting["indentFirstLine"])
        style["indentStart"] = json_copy(nesting["indentStart"])
    reindex(content, start_of(content[0]) if content else 0)
    return removed


def delete_bullets(content: Content, lists: dict[str, Any], start: int, end: int) -> None:
    """Remove the bullets in [start, end), keeping each paragraph's indent."""
    for element in paragraphs_in(content, start, end):
        par = element["paragraph"]
        bullet = par.pop("bullet", None)
        if bullet is None:
            continue
        levels = lists.get(bullet.get("listId", ""), {}).get("listProperties", {})
        nesting = levels.get("nestingLevels", [{}] * LEVELS)
        level = nesting[min(bullet.get("nestingLevel", 0), len(nesting) - 1)]
        style = par.setdefault("paragraphStyle", {})
        indent = level.get("indentStart", style.get("indentStart"))
        if indent is not None:
            style["indentStart"] = json_copy(indent)
            style["indentFirstLine"] = json_copy(indent)
