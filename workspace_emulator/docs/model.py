"""Pure operations on Google Docs structure: indexes, finding paragraphs, text and deletions.

A *segment* is a list of structural elements (a tab's body, a header, a footer, a
footnote). Every function here works on plain ``documents.get`` JSON, changes it in place
and leaves every ``startIndex``/``endIndex`` right (``reindex`` recomputes them from the
tree). Indexes count UTF-16 code units, as Google's do; every paragraph ends with ``\\n``.
Errors are ``DocsError`` with Google's wording; the request layer adds the
``Invalid requests[i].kind:`` prefix.
https://developers.google.com/docs/api/concepts/structure
https://developers.google.com/docs/api/concepts/rules-behavior
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

from workspace_emulator.core.framework import json_copy

Element = dict[str, Any]
Content = list[Element]

HEADING_STYLES = frozenset(["TITLE", "SUBTITLE"] + [f"HEADING_{level}" for level in range(1, 7)])
# Characters Google strips from inserted text: C0 controls but tab/newline/VT, and the BMP
# private use area.
_STRIPPED = re.compile("[\x00-\x08\x0c-\x1f\ue000-\uf8ff]")
# Paragraph elements that carry a textStyle (updateTextStyle applies to all of them).
STYLED = ("textRun", "person", "richLink", "dateElement", "inlineObjectElement", "autoText",
           "pageBreak", "columnBreak", "footnoteReference", "horizontalRule")  # fmt: skip
_INDEX_KEYS = ("startIndex", "endIndex")
NOT_IN_PARAGRAPH = (
    "The insertion index must be inside the bounds of an existing paragraph. "
    "You can still create new paragraphs by inserting newlines."
)
INVALID_DELETION = "Invalid deletion range. Cannot delete the requested range."
FINAL_NEWLINE = "The range cannot include the newline character at the end of the segment."


class DocsError(ValueError):
    """An edit Google would refuse (answered as 400 INVALID_ARGUMENT)."""


# --- UTF-16 -----------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def py_index(text: str, units: int) -> int:
    """The str index at UTF-16 offset ``units`` (rounded up out of a surrogate pair)."""
    seen = 0
    for i, ch in enumerate(text):
        if seen >= units:
            return i
        seen += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def clean_text(text: str) -> str:
    """``text`` without the characters Google strips from insertions."""
    return _STRIPPED.sub("", text)


def new_heading_id() -> str:
    """A heading id like Google's ``h.7fitws4wjggb``."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "h." + "".join(secrets.choice(alphabet) for _ in range(12))


# --- indexes ----------------------------------------------------------------------------


def start_of(element: Element) -> int:
    """An element's start index (Google omits it when it is 0)."""
    return int(element.get("startIndex", 0))


def _place(element: Element, start: int, end: int) -> None:
    """Set the indexes first in the element, as Google orders them (0 is omitted)."""
    rest = {k: v for k, v in element.items() if k not in _INDEX_KEYS}
    element.clear()
    if start:
        element["startIndex"] = start
    element["endIndex"] = end
    element.update(rest)


def element_len(element: Element) -> int:
    """Units a paragraph element occupies: its text, else its recorded size (chips: 1)."""
    run = element.get("textRun")
    if run is not None:
        return utf16_len(run.get("content", ""))
    recorded = int(element.get("endIndex", 0)) - start_of(element)
    return recorded if recorded > 0 else 1


def reindex(content: Content, start: int = 0) -> int:
    """Recompute every start/end index in ``content`` from ``start``; returns the end."""
    pos = start
    for element in content:
        begin = pos
        if "paragraph" in element:
            for item in element["paragraph"].get("elements", []):
                size = element_len(item)
                _place(item, pos, pos + size)
                pos += size
        elif "table" in element:
            pos += 1  # the table's own start marker
            for row in element["table"].get("tableRows", []):
                row_start, pos = pos, pos + 1
                for cell in row.get("tableCells", []):
                    cell_start = pos
                    pos = reindex(cell.get("content", []), pos + 1)
                    _place(cell, cell_start, pos)
                _place(row, row_start, pos)
            pos += 1  # and its end marker
        elif "tableOfContents" in element:
            pos = reindex(element["tableOfContents"].get("content", []), pos + 1) + 1
        else:  # sectionBreak and anything unknown take one unit
            pos += max(1, int(element.get("endIndex", 0)) - start_of(element))
        _place(element, begin, pos)
    return pos


def segment_end(content: Content) -> int:
    """The end index of a segment (one past its final newline)."""
    return int(content[-1]["endIndex"]) if content else 0


# --- finding things ---------------------------------------------------------------------


def cells(table_element: Element) -> Iterator[Element]:
    """Every cell of a table element, row by row."""
    for row in table_element["table"].get("tableRows", []):
        yield from row.get("tableCells", [])


def find_paragraph(content: Content, index: int) -> tuple[Content, int] | None:
    """(container, position) of the paragraph holding ``index``, in a table cell or not."""
    for pos, element in enumerate(content):
        if not start_of(element) <= index < element["endIndex"]:
            continue
        if "paragraph" in element:
            return content, pos
        if "table" in element:
            for cell in cells(element):
                if start_of(cell) < index < cell["endIndex"]:
                    return find_paragraph(cell.get("content", []), index)
        return None
    return None


def paragraphs_in(content: Content, start: int, end: int) -> Iterator[Element]:
    """Every paragraph element overlapping [start, end) (an empty range: the one at start)."""
    for element in content:
        lo, hi = start_of(element), element["endIndex"]
        if not (lo < end and hi > start) and not (start == end and lo <= start < hi):
            continue
        if "paragraph" in element:
            yield element
        elif "table" in element:
            for cell in cells(element):
                yield from paragraphs_in(cell.get("content", []), start, end)


def all_paragraphs(content: Content) -> Iterator[Element]:
    """Every paragraph element of a segment, table cells included, in document order."""
    for element in content:
        if "paragraph" in element:
            yield element
        elif "table" in element:
            for cell in cells(element):
                yield from all_paragraphs(cell.get("content", []))
        elif "tableOfContents" in element:
            yield from all_paragraphs(element["tableOfContents"].get("content", []))


def paragraph_text(element: Element) -> str:
    """A paragraph's text; each non-text element shows as U+FFFC (one unit, as Google)."""
    return "".join(
        item["textRun"].get("content", "") if "textRun" in item else "\ufffc"
        for item in element["paragraph"].get("elements", [])
    )


# --- paragraph elements -----------------------------------------------------------------


def split_elements(elements: Content, offset: int) -> tuple[Content, Content]:
    """Paragraph elements before and after UTF-16 ``offset`` (a text run is cut in two)."""
    left: Content = []
    right: Content = []
    pos = 0
    for item in elements:
        size = element_len(item)
        if pos + size <= offset:
            left.append(item)
        elif pos >= offset or "textRun" not in item:
            right.append(item)
        else:
            text = item["textRun"].get("content", "")
            cut = py_index(text, offset - pos)
            head, tail = json_copy(item), json_copy(item)
            head["textRun"]["content"] = text[:cut]
            tail["textRun"]["content"] = text[cut:]
            left.append(head)
            right.append(tail)
        pos += size
    return left, right


def _same_style(a: Element, b: Element) -> bool:
    strip = ("content",)
    run_a = {k: v for k, v in a["textRun"].items() if k not in strip}
    run_b = {k: v for k, v in b["textRun"].items() if k not in strip}
    rest_a = {k: v for k, v in a.items() if k not in ("textRun", *_INDEX_KEYS)}
    rest_b = {k: v for k, v in b.items() if k not in ("textRun", *_INDEX_KEYS)}
    return run_a == run_b and rest_a == rest_b


def normalize(elements: Content) -> Content:
    """Drop empty runs and merge adjacent runs of equal style, as Google does."""
    out: Content = []
    for item in elements:
        run = item.get("textRun")
        if run is not None and not run.get("content"):
            continue
        if run is not None and out and "textRun" in out[-1] and _same_style(out[-1], item):
            out[-1]["textRun"]["content"] += run["content"]
            continue
        out.append(item)
    return out


def text_run(text: str, style: dict[str, Any]) -> Element:
    """A new text run element (indexes are filled by ``reindex``)."""
    return {"textRun": {"content": text, "textStyle": json_copy(style)}}


def style_near(left: Content, right: Content) -> dict[str, Any]:
    """The style inserted text takes: that of the text just before, else just after."""
    for item in [*reversed(left[-1:]), *right[:1]]:
        for kind in STYLED:
            if kind in item and "textStyle" in item[kind]:
                return json_copy(item[kind]["textStyle"])
    return {}


def clone_paragraph(element: Element, elements: Content) -> Element:
    """A paragraph with ``element``'s style and bullet holding ``elements``."""
    par = {k: json_copy(v) for k, v in element["paragraph"].items() if k != "elements"}
    style = par.get("paragraphStyle", {})
    if "headingId" in style:
        style["headingId"] = new_heading_id()
    return {"paragraph": {"elements": elements, **par}}


# --- edits ------------------------------------------------------------------------------


def insert_text(
    content: Content, index: int, text: str, style: dict[str, Any] | None = None
) -> int:
    """Insert ``text`` at ``index`` (newlines make paragraphs); returns the units added."""
    end = segment_end(content)
    if index >= end:
        raise DocsError(
            f"Index {index} must be less than the end index of the referenced segment, {end}."
        )
    text = clean_text(text)
    found = find_paragraph(content, index)
    if found is None:
        raise DocsError(NOT_IN_PARAGRAPH)
    if not text:
        return 0
    container, pos = found
    element = container[pos]
    par = element["paragraph"]
    left, right = split_elements(par.get("elements", []), index - start_of(element))
    run_style = style_near(left, right) if style is None else style
    lines = text.split("\n")
    if len(lines) == 1:
        par["elements"] = normalize([*left, text_run(text, run_style), *right])
    else:
        par["elements"] = normalize([*left, text_run(lines[0] + "\n", run_style)])
        added = [clone_paragraph(element, [text_run(mid + "\n", run_style)]) for mid in lines[1:-1]]
        added.append(clone_paragraph(element, normalize([text_run(lines[-1], run_style), *right])))
        container[pos + 1 : pos + 1] = added
    reindex(content, start_of(content[0]) if content else 0)
    return utf16_len(text)


def _container_for(content: Content, start: int, end: int) -> Content:
    """The innermost list of elements holding the whole range (a table cell or the segment)."""
    for element in content:
        if "table" not in element or not start_of(element) < end or element["endIndex"] <= start:
            continue
        for cell in cells(element):
            if start_of(cell) < start and end <= cell["endIndex"]:
                if end == cell["endIndex"]:
                    raise DocsError(INVALID_DELETION)
                return _container_for(cell.get("content", []), start, end)
    return content


def delete_range(content: Content, start: int, end: int) -> None:
    """Delete [start, end): paragraphs merge across the range; tables go only whole."""
    seg_end = segment_end(content)
    if start >= end:
        raise DocsError("The range should not be empty.")
    if end > seg_end:
        raise DocsError(
            f"Index {end} must be less than the end index of the referenced segment, {seg_end}."
        )
    if end == seg_end:
        raise DocsError(FINAL_NEWLINE)
    box = _container_for(content, start, end)
    hit = [i for i, el in enumerate(box) if start_of(el) < end and el["endIndex"] > start]
    for i in hit:
        el = box[i]
        whole = start <= start_of(el) and el["endIndex"] <= end
        if "sectionBreak" in el or ("paragraph" not in el and not whole):
            raise DocsError(INVALID_DELETION)
    first, last = hit[0], hit[-1]
    head_el, tail_el = box[first], box[last]
    head = tail = None
    if "paragraph" in head_el and start > start_of(head_el):
        head = split_elements(head_el["paragraph"]["elements"], start - start_of(head_el))[0]
    if "paragraph" in tail_el and end < tail_el["endIndex"]:
        tail = split_elements(tail_el["paragraph"]["elements"], end - start_of(tail_el))[1]
    if head is not None and tail is not None:
        head_el["paragraph"]["elements"] = normalize(head + tail)
        del box[first + 1 : last + 1]
    elif head is not None:  # the first paragraph lost its newline: it joins the next one
        after = box[last + 1] if last + 1 < len(box) else None
        if after is None or "paragraph" not in after:
            raise DocsError(INVALID_DELETION)
        head_el["paragraph"]["elements"] = normalize(head + after["paragraph"]["elements"])
        del box[first + 1 : last + 2]
    elif tail is not None:
        tail_el["paragraph"]["elements"] = normalize(tail)
        del box[first:last]
    else:
        del box[first : last + 1]
    reindex(content, start_of(content[0]) if content else 0)
