"""Walk a Docs API ``documents.get`` body into plain lines the parser can reason about.

Reference: https://developers.google.com/docs/api/reference/rest/v1/documents (StructuralElement,
ParagraphElement, TextStyle). The walker is tolerant: anything it does not know, or that is not
shaped as expected, is skipped rather than trusted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HEADING_STYLES = frozenset(f"HEADING_{n}" for n in range(1, 7))
TITLE_STYLES = frozenset({"TITLE", "SUBTITLE"})


@dataclass(frozen=True)
class Line:
    """One paragraph, bullet or table row as the rep sees it, without hint text.

    ``level`` is the bullet nesting level (-1 for a paragraph that is not a bullet);
    ``bold`` and ``struck`` are true when every visible character carries that style.
    """

    text: str
    style: str = "NORMAL_TEXT"
    kind: str = "paragraph"  # "paragraph", "bullet" or "row"
    level: int = -1
    bold: bool = False
    struck: bool = False
    cells: tuple[str, ...] = ()

    @property
    def is_heading_style(self) -> bool:
        """True for HEADING_1..HEADING_6 paragraphs."""
        return self.style in HEADING_STYLES


@dataclass(frozen=True)
class Tab:
    """One tab of a document (the legacy ``body`` form is a single untitled tab)."""

    title: str
    lines: tuple[Line, ...]


def document_tabs(doc: dict[str, Any]) -> Iterator[Tab]:
    """Every tab of the document in reading order (child tabs after their parent)."""
    tabs = doc.get("tabs")
    if isinstance(tabs, list) and tabs:
        yield from _walk_tabs(tabs)
        return
    body = doc.get("body")
    yield Tab("", tuple(body_lines(body)))


def _walk_tabs(tabs: list[Any]) -> Iterator[Tab]:
    for tab in tabs:
        if not isinstance(tab, dict):
            continue
        props = _dict(tab.get("tabProperties"))
        title = props.get("title")
        body = _dict(tab.get("documentTab")).get("body")
        yield Tab(title if isinstance(title, str) else "", tuple(body_lines(body)))
        children = tab.get("childTabs")
        if isinstance(children, list):
            yield from _walk_tabs(children)


def body_lines(body: Any) -> Iterator[Line]:
    """The lines of a body (or table cell): paragraphs and one line per table row."""
    content = _dict(body).get("content")
    yield from _content_lines(content)


def _content_lines(content: Any) -> Iterator[Line]:
    if not isinstance(content, list):
        return
    for element in content:
        if not isinstance(element, dict) or _suggested_insertion(element):
            continue
        if "paragraph" in element:
            line = paragraph_line(_dict(element["paragraph"]))
            if line is not None:
                yield line
        elif "table" in element and not _suggested_insertion(_dict(element["table"])):
            yield from _table_lines(_dict(element["table"]))
        # sectionBreak, tableOfContents (a copy of the headings) and the rest carry no answer


def _table_lines(table: dict[str, Any]) -> Iterator[Line]:
    for row in _list(table.get("tableRows")):
        if not isinstance(row, dict) or _suggested_insertion(row):
            continue
        cells: list[tuple[str, bool]] = []
        for cell in _list(row.get("tableCells")):
            if not isinstance(cell, dict) or _suggested_insertion(cell):
                continue
            lines = list(_content_lines(cell.get("content")))
            text = " ".join(line.text for line in lines if line.text)
            cells.append((text, all(line.struck for line in lines if line.text)))
        texts = tuple(text for text, _ in cells)
        if any(texts):
            struck = all(struck for text, struck in cells if text)
            yield Line(" | ".join(texts).strip(), kind="row", struck=struck, cells=texts)


def paragraph_line(paragraph: dict[str, Any]) -> Line | None:
    """A paragraph as a line, or None when nothing of it is visible."""
    parts: list[str] = []
    visible = bold = struck = 0
    for element in _list(paragraph.get("elements")):
        if not isinstance(element, dict):
            continue
        text, style = _element_text(element)
        if not text:
            continue
        parts.append(text)
        if text.strip():
            visible += 1
            bold += bool(style.get("bold"))
            struck += bool(style.get("strikethrough"))
    text = _clean("".join(parts))
    if not text:
        return None
    para_style = _dict(paragraph.get("paragraphStyle"))
    named = para_style.get("namedStyleType")
    bullet = paragraph.get("bullet")
    level = -1
    if isinstance(bullet, dict):
        nesting = bullet.get("nestingLevel", 0)
        level = nesting if isinstance(nesting, int) else 0
    return Line(
        text,
        style=named if isinstance(named, str) else "NORMAL_TEXT",
        kind="bullet" if level >= 0 else "paragraph",
        level=level,
        bold=visible > 0 and bold == visible,
        struck=visible > 0 and struck == visible,
    )


def _element_text(element: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The visible text of a paragraph element and its text style ('' when hidden)."""
    if _suggested_insertion(element):  # not accepted yet; deletions still count
        return "", {}
    if "textRun" in element:
        run = _dict(element["textRun"])
        style = _dict(run.get("textStyle"))
        if _suggested_insertion(run):
            return "", style
        content = run.get("content")
        if not isinstance(content, str) or is_hint_style(style):
            return "", style
        return content, style
    for kind, props_key, fields in _CHIPS:
        if kind in element:
            chip = _dict(element[kind])
            if _suggested_insertion(chip):
                return "", {}
            props = _dict(chip.get(props_key))
            text = next((v for f in fields if isinstance(v := props.get(f), str) and v), "")
            return text, _dict(chip.get("textStyle"))
    return "", {}  # inlineObjectElement, horizontalRule, pageBreak, footnoteReference, ...


_CHIPS = (
    ("person", "personProperties", ("name", "email")),
    ("richLink", "richLinkProperties", ("title", "uri")),
    ("dateElement", "dateElementProperties", ("displayText", "timestamp")),
)


def is_hint_style(style: dict[str, Any]) -> bool:
    """Template hint text: italic and grey (equal, mid-range red, green and blue)."""
    if not style.get("italic"):
        return False
    rgb = _dict(_dict(_dict(style.get("foregroundColor")).get("color")).get("rgbColor"))
    channels: list[float] = []
    for name in ("red", "green", "blue"):
        value = rgb.get(name, 0.0)  # an absent channel is 0: {} is black
        if not isinstance(value, int | float):
            return False
        channels.append(float(value))
    return max(channels) - min(channels) < 0.08 and 0.25 <= sum(channels) / 3 <= 0.9


def _clean(text: str) -> str:
    # \v is a soft line break in Docs; private-use characters are chip placeholders.
    text = " ".join(text.split())
    if text.isascii() and text.isprintable():
        return text
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Co", "Cc", "Cs"))
    return " ".join(text.split())


def _suggested_insertion(obj: dict[str, Any]) -> bool:
    ids = obj.get("suggestedInsertionIds")
    return isinstance(ids, list) and bool(ids)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
