"""A doc template definition as Docs API ``batchUpdate`` requests (one call writes it all).

The text goes in with one ``insertText`` at index 1; paragraph and text styles follow with
ranges computed in UTF-16 code units (GOOGLE-FACTS: Docs indexes); tables go in last, from the
bottom of the document up, each at the end of the paragraph before it, so that no index
computed earlier moves. Reference:
https://developers.google.com/docs/api/reference/rest/v1/documents/request
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from service.templates.definition import Block, DocTemplate

GREY: Final[dict[str, Any]] = {"color": {"rgbColor": {"red": 0.6, "green": 0.6, "blue": 0.6}}}
HINT_STYLE: Final[dict[str, Any]] = {"italic": True, "foregroundColor": GREY}
PLAIN_STYLE: Final[dict[str, Any]] = {"bold": False, "italic": False, "foregroundColor": {}}
NAMED_STYLES: Final[dict[str, str]] = {
    "title": "TITLE",
    "heading1": "HEADING_1",
    "heading2": "HEADING_2",
    "heading3": "HEADING_3",
}
HINT_KINDS: Final[frozenset[str]] = frozenset({"hint", "placeholder"})


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Docs counts indexes."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class _Paragraph:
    block: Block
    start: int
    end: int  # exclusive, after the paragraph's newline


def text_style(start: int, end: int, style: dict[str, Any], fields: str) -> dict[str, Any]:
    """An ``updateTextStyle`` request."""
    return {
        "updateTextStyle": {
            "range": {"startIndex": start, "endIndex": end},
            "textStyle": style,
            "fields": fields,
        }
    }


def paragraph_style(start: int, end: int, named: str) -> dict[str, Any]:
    """An ``updateParagraphStyle`` request setting the named style."""
    return {
        "updateParagraphStyle": {
            "range": {"startIndex": start, "endIndex": end},
            "paragraphStyle": {"namedStyleType": named},
            "fields": "namedStyleType",
        }
    }


def template_requests(template: DocTemplate, body_end: int = 2) -> list[dict[str, Any]]:
    """Requests that turn a document whose body ends at ``body_end`` into the template.

    A new document's body is a section break and one empty paragraph (``body_end`` 2); for an
    older version of the template, everything but the final newline is deleted first.
    """
    requests: list[dict[str, Any]] = []
    if body_end > 2:
        requests.append(
            {"deleteContentRange": {"range": {"startIndex": 1, "endIndex": body_end - 1}}}
        )
    paragraphs, text = _layout(template.blocks)
    if not text:
        return requests
    # A range may not take in the segment's final newline: stop one short of it.
    last = paragraphs[-1].end - 1
    requests.append({"insertText": {"location": {"index": 1}, "text": text}})
    requests.append(paragraph_style(1, last, "NORMAL_TEXT"))
    requests.append(text_style(1, last, PLAIN_STYLE, "bold,italic,foregroundColor"))
    for para in paragraphs:
        named = NAMED_STYLES.get(para.block.kind)
        if named:
            requests.append(paragraph_style(para.start, min(para.end, last), named))
        if para.block.kind in HINT_KINDS:
            requests.append(
                text_style(para.start, para.end - 1, HINT_STYLE, "italic,foregroundColor")
            )
    for anchor, table in reversed(_tables(template.blocks, paragraphs)):
        requests.extend(table_requests(anchor, table.columns, table.rows, hint=True))
    return requests


def _layout(blocks: tuple[Block, ...]) -> tuple[list[_Paragraph], str]:
    """The paragraphs of the text blocks and the text to insert (the last newline is the
    document's own final one, which is why the text does not end with one)."""
    paragraphs: list[_Paragraph] = []
    index = 1
    for block in blocks:
        if block.kind == "table":
            continue
        length = utf16_len(block.text) + 1
        paragraphs.append(_Paragraph(block, index, index + length))
        index += length
    text = "\n".join(p.block.text for p in paragraphs)
    return paragraphs, text


def _tables(blocks: tuple[Block, ...], paragraphs: list[_Paragraph]) -> list[tuple[int, Block]]:
    """Each table block with the index it goes in at: the end of the paragraph before it."""
    out: list[tuple[int, Block]] = []
    previous_end = 2  # a table first in the document goes before the first paragraph
    position = 0
    for block in blocks:
        if block.kind == "table":
            out.append((max(1, previous_end - 1), block))
        else:
            previous_end = paragraphs[position].end
            position += 1
    return out


def table_cell_index(table_start: int, columns: int, row: int, column: int) -> int:
    """The index of the empty paragraph in a cell of a new table starting at ``table_start``.

    A table takes one unit for its start, one per row and one per cell before the cell's
    content; a new cell holds one empty paragraph (two units with its cell mark).
    """
    return table_start + 1 + row * (2 * columns + 1) + 1 + 2 * column + 1


def table_requests(
    at: int,
    columns: tuple[str, ...],
    rows: tuple[tuple[str, ...], ...],
    *,
    hint: bool = False,
) -> list[dict[str, Any]]:
    """Insert a table of ``columns`` + ``rows`` at ``at`` and fill it, last cell first.

    Docs puts a newline before an inserted table, so the table starts at ``at + 1``. The
    header is bold; with ``hint`` every cell is italic grey, which the parser ignores.
    """
    grid = [columns, *rows]
    requests: list[dict[str, Any]] = [
        {
            "insertTable": {
                "rows": len(grid),
                "columns": len(columns),
                "location": {"index": at},
            }
        }
    ]
    table_start = at + 1
    for r in range(len(grid) - 1, -1, -1):
        for c in range(len(columns) - 1, -1, -1):
            value = grid[r][c]
            if not value:
                continue
            index = table_cell_index(table_start, len(columns), r, c)
            requests.append({"insertText": {"location": {"index": index}, "text": value}})
            style: dict[str, Any] = {"bold": r == 0}
            fields = "bold"
            if hint:
                style |= HINT_STYLE
                fields += ",italic,foregroundColor"
            requests.append(text_style(index, index + utf16_len(value), style, fields))
    return requests
