"""Build real ``documents.get`` JSON for tests: paragraphs, headings, bullets, tables, chips,
suggestions, tabs, with startIndex/endIndex counted in UTF-16 code units as Docs does.

A document is a list of blocks (``H``, ``P``, ``B``, ``T``, ``HR``, ``IMG``); a block's parts
are plain strings, ``Run`` (styled text) or chips (``Person``, ``RichLink``, ``DateChip``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

GREY = {"color": {"rgbColor": {"red": 0.6, "green": 0.6, "blue": 0.6}}}
RED = {"color": {"rgbColor": {"red": 0.8, "green": 0.1, "blue": 0.1}}}


def u16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Docs indexes)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Run:
    """A text run with its style."""

    text: str
    bold: bool = False
    italic: bool = False
    grey: bool = False
    red: bool = False
    strike: bool = False
    insert: bool = False  # suggested insertion (not accepted yet)
    delete: bool = False  # suggested deletion (still in the text)

    def style(self) -> dict[str, Any]:
        style: dict[str, Any] = {}
        if self.bold:
            style["bold"] = True
        if self.italic:
            style["italic"] = True
        if self.strike:
            style["strikethrough"] = True
        if self.grey:
            style["foregroundColor"] = GREY
        if self.red:
            style["foregroundColor"] = RED
        return style


@dataclass(frozen=True)
class Person:
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class RichLink:
    title: str
    uri: str = "https://docs.google.com/document/d/abc"


@dataclass(frozen=True)
class DateChip:
    display: str
    timestamp: str = "2025-03-14T12:00:00Z"


Part = str | Run | Person | RichLink | DateChip
Block = Callable[["_Writer"], None]


class _Writer:
    def __init__(self) -> None:
        self.index = 1
        self.content: list[dict[str, Any]] = [
            {"endIndex": 1, "sectionBreak": {"sectionStyle": {"sectionType": "CONTINUOUS"}}}
        ]
        self.lists: dict[str, Any] = {}

    def paragraph(
        self,
        parts: Sequence[Part],
        style: str = "NORMAL_TEXT",
        bullet: int | None = None,
        out: list[dict[str, Any]] | None = None,
    ) -> None:
        start = self.index
        elements = []
        runs = [Run(p) if isinstance(p, str) else p for p in parts]
        last_run = runs[-1] if runs and isinstance(runs[-1], Run) else None
        for part in runs:
            elements.append(self._element(part))
        newline_style = last_run.style() if last_run else {}
        elements.append(self._element(Run("\n"), newline_style, last_run))
        para: dict[str, Any] = {
            "elements": elements,
            "paragraphStyle": {"namedStyleType": style, "direction": "LEFT_TO_RIGHT"},
        }
        if style.startswith("HEADING"):
            para["paragraphStyle"]["headingId"] = f"h.{start}"
        if bullet is not None:
            para["bullet"] = {"listId": "kix.list1", "textStyle": {}}
            if bullet:
                para["bullet"]["nestingLevel"] = bullet
            self.lists["kix.list1"] = {"listProperties": {"nestingLevels": [{}] * 9}}
        (self.content if out is None else out).append(
            {"startIndex": start, "endIndex": self.index, "paragraph": para}
        )

    def _element(
        self,
        part: Run | Person | RichLink | DateChip,
        style: dict[str, Any] | None = None,
        like: Run | None = None,
    ) -> dict[str, Any]:
        start = self.index
        element: dict[str, Any] = {"startIndex": start}
        if isinstance(part, Run):
            run: dict[str, Any] = {"content": part.text, "textStyle": style or part.style()}
            source = like if like is not None else part
            if source.insert:  # on the TextRun, as Docs puts it
                run["suggestedInsertionIds"] = ["suggest.ins1"]
            if source.delete:
                run["suggestedDeletionIds"] = ["suggest.del1"]
            element["textRun"] = run
            self.index += u16(part.text)
        else:
            if isinstance(part, Person):
                props = {k: v for k, v in (("name", part.name), ("email", part.email)) if v}
                element["person"] = {
                    "personId": "kix.p1",
                    "textStyle": {},
                    "personProperties": props,
                }
            elif isinstance(part, RichLink):
                element["richLink"] = {
                    "richLinkId": "kix.r1",
                    "textStyle": {},
                    "richLinkProperties": {"title": part.title, "uri": part.uri},
                }
            else:
                element["dateElement"] = {
                    "dateId": "kix.d1",
                    "textStyle": {},
                    "dateElementProperties": {
                        "timestamp": part.timestamp,
                        "displayText": part.display,
                    },
                }
            self.index += 1
        element["endIndex"] = self.index
        return element

    def table(self, rows: Sequence[Sequence[Part | Sequence[Part]]]) -> None:
        start = self.index
        self.index += 1
        table_rows = []
        for row in rows:
            row_start = self.index
            self.index += 1
            cells = []
            for cell in row:
                cell_start = self.index
                self.index += 1
                content: list[dict[str, Any]] = []
                parts = (
                    [cell] if isinstance(cell, str | Run | Person | RichLink | DateChip) else cell
                )
                self.paragraph(list(parts), out=content)
                cells.append(
                    {
                        "startIndex": cell_start,
                        "endIndex": self.index,
                        "content": content,
                        "tableCellStyle": {"rowSpan": 1},
                    }
                )
            table_rows.append(
                {"startIndex": row_start, "endIndex": self.index, "tableCells": cells}
            )
        columns = max((len(r) for r in rows), default=0)
        self.content.append(
            {
                "startIndex": start,
                "endIndex": self.index,
                "table": {"rows": len(rows), "columns": columns, "tableRows": table_rows},
            }
        )


def H(text: str | Sequence[Part], level: int = 2) -> Block:
    """A heading paragraph (level 0 = TITLE)."""
    style = "TITLE" if level == 0 else f"HEADING_{level}"
    parts = [text] if isinstance(text, str) else list(text)
    return lambda w: w.paragraph(parts, style)


def P(*parts: Part, style: str = "NORMAL_TEXT") -> Block:
    """A paragraph."""
    return lambda w: w.paragraph(parts, style)


def B(*parts: Part, level: int = 0) -> Block:
    """A bullet at nesting ``level``."""
    return lambda w: w.paragraph(parts, bullet=level)


def T(*rows: Sequence[Part | Sequence[Part]]) -> Block:
    """A table; each cell is a part or a list of parts."""
    return lambda w: w.table(rows)


def HR() -> Block:
    """A paragraph holding a horizontal rule."""

    def add(w: _Writer) -> None:
        w.content.append(
            {
                "startIndex": w.index,
                "endIndex": w.index + 2,
                "paragraph": {
                    "elements": [
                        {"startIndex": w.index, "endIndex": w.index + 1, "horizontalRule": {}},
                        {
                            "startIndex": w.index + 1,
                            "endIndex": w.index + 2,
                            "textRun": {"content": "\n", "textStyle": {}},
                        },
                    ],
                    "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"},
                },
            }
        )
        w.index += 2

    return add


def IMG() -> Block:
    """A paragraph holding an inline image and a page break."""

    def add(w: _Writer) -> None:
        w.content.append(
            {
                "startIndex": w.index,
                "endIndex": w.index + 3,
                "paragraph": {
                    "elements": [
                        {
                            "startIndex": w.index,
                            "endIndex": w.index + 1,
                            "inlineObjectElement": {"inlineObjectId": "kix.img1", "textStyle": {}},
                        },
                        {"startIndex": w.index + 1, "endIndex": w.index + 2, "pageBreak": {}},
                        {
                            "startIndex": w.index + 2,
                            "endIndex": w.index + 3,
                            "textRun": {"content": "\n", "textStyle": {}},
                        },
                    ],
                    "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"},
                },
            }
        )
        w.index += 3

    return add


def body(blocks: Sequence[Block]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``body`` and ``lists`` of these blocks."""
    writer = _Writer()
    if not blocks:
        writer.paragraph([])
    for block in blocks:
        block(writer)
    return {"content": writer.content}, writer.lists


def document(
    blocks: Sequence[Block], title: str = "1:1 Self-Management - Ana - week of 2025-03-10"
) -> dict[str, Any]:
    """A legacy-form ``documents.get`` response."""
    content, lists = body(blocks)
    return {
        "title": title,
        "documentId": "doc-1",
        "revisionId": "r1",
        "suggestionsViewMode": "SUGGESTIONS_INLINE",
        "body": content,
        "lists": lists,
    }


@dataclass(frozen=True)
class TabSpec:
    """One tab: its title, its blocks and its child tabs."""

    title: str
    blocks: Sequence[Block]
    children: Sequence[TabSpec] = ()


def tabbed_document(
    tabs: Sequence[TabSpec], title: str = "1:1 Self-Management - Ana"
) -> dict[str, Any]:
    """A ``documents.get?includeTabsContent=true`` response."""

    def tab(spec: TabSpec, index: int, level: int) -> dict[str, Any]:
        content, lists = body(spec.blocks)
        out: dict[str, Any] = {
            "tabProperties": {"tabId": f"t.{level}{index}", "title": spec.title, "index": index},
            "documentTab": {"body": content, "lists": lists},
        }
        if level:
            out["tabProperties"]["nestingLevel"] = level
        if spec.children:
            out["childTabs"] = [tab(c, i, level + 1) for i, c in enumerate(spec.children)]
        return out

    return {
        "title": title,
        "documentId": "doc-2",
        "revisionId": "r1",
        "suggestionsViewMode": "SUGGESTIONS_INLINE",
        "tabs": [tab(spec, i, 0) for i, spec in enumerate(tabs)],
    }
