"""How a stored document is shown: the tabs or legacy form, the suggestion view modes,
and an HTML rendering for the emulator's browser view.

Documents are stored in the tabs form (``documents.get?includeTabsContent=true``).
The legacy form puts the first tab's content at the top level and has no ``tabs``.
https://developers.google.com/docs/api/how-tos/tabs
https://developers.google.com/docs/api/how-tos/suggestions
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.core.links import local_href
from workspace_emulator.docs.defaults import FIRST_TAB_ID
from workspace_emulator.docs.model import (
    Content,
    DocsError,
    all_paragraphs,
    delete_range,
    start_of,
)

DOCUMENT_KEYS = ("title", "revisionId", "suggestionsViewMode", "documentId")
INLINE = "SUGGESTIONS_INLINE"
WITHOUT = "PREVIEW_WITHOUT_SUGGESTIONS"
ACCEPTED = "PREVIEW_SUGGESTIONS_ACCEPTED"
MODES = (INLINE, WITHOUT, ACCEPTED)
_SUGGESTION_MAPS = ("suggestedTextStyleChanges", "suggestedParagraphStyleChanges",
                    "suggestedBulletChanges", "suggestedPositionedObjectIds",
                    "suggestedTableCellStyleChanges", "suggestedTableRowStyleChanges")  # fmt: skip


# --- forms ------------------------------------------------------------------------------


def to_stored(document: dict[str, Any]) -> dict[str, Any]:
    """A ``documents.get`` JSON of either form as the stored tabs form (a deep copy)."""
    doc = json_copy(document)
    if "tabs" in doc:
        return doc
    tab_content = {k: v for k, v in doc.items() if k not in DOCUMENT_KEYS}
    stored = {k: doc[k] for k in DOCUMENT_KEYS if k in doc}
    stored["tabs"] = [
        {
            "tabProperties": {"tabId": FIRST_TAB_ID, "title": "Tab 1", "index": 0},
            "documentTab": tab_content,
        }
    ]
    return stored


def iter_tabs(tabs: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every tab, child tabs after their parent (document order)."""
    for tab in tabs:
        yield tab
        yield from iter_tabs(tab.get("childTabs", []))


def public(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored document without the emulator's private keys (a deep copy)."""
    return {k: json_copy(v) for k, v in stored.items() if not k.startswith("_")}


def legacy_form(doc: dict[str, Any]) -> dict[str, Any]:
    """The form without ``includeTabsContent``: the first tab's content at the top level."""
    first = doc["tabs"][0]["documentTab"] if doc.get("tabs") else {}
    out: dict[str, Any] = {"title": doc.get("title", "")}
    out.update(first)
    for key in DOCUMENT_KEYS[1:]:
        if key in doc:
            out[key] = doc[key]
    return out


def segments(document_tab: dict[str, Any]) -> Iterator[Content]:
    """The body, headers, footers and footnotes of one tab."""
    if "body" in document_tab:
        yield document_tab["body"].setdefault("content", [])
    for kind in ("headers", "footers", "footnotes"):
        for segment in document_tab.get(kind, {}).values():
            yield segment.setdefault("content", [])


# --- suggestions ------------------------------------------------------------------------


def _marked_ranges(content: Content, key: str) -> list[tuple[int, int]]:
    """[start, end) of every paragraph element carrying ``key`` ids, adjacent ones joined."""
    ranges: list[tuple[int, int]] = []
    for paragraph in all_paragraphs(content):
        for item in paragraph["paragraph"].get("elements", []):
            inner = next((v for k, v in item.items() if isinstance(v, dict)), {})
            if inner.get(key):
                lo, hi = start_of(item), int(item["endIndex"])
                if ranges and ranges[-1][1] == lo:
                    ranges[-1] = (ranges[-1][0], hi)
                else:
                    ranges.append((lo, hi))
    return ranges


def _strip_marks(node: Any, accept: bool) -> None:
    """Remove suggestion ids and suggested changes (applying style changes if ``accept``)."""
    if isinstance(node, list):
        for item in node:
            _strip_marks(item, accept)
        return
    if not isinstance(node, dict):
        return
    node.pop("suggestedInsertionIds", None)
    node.pop("suggestedDeletionIds", None)
    changes = node.pop("suggestedTextStyleChanges", None)
    if accept and changes and "textStyle" in node:
        for change in changes.values():
            _accept_style(node["textStyle"], change.get("textStyle", {}),
                          change.get("textStyleSuggestionState", {}))  # fmt: skip
    for key in _SUGGESTION_MAPS[1:]:
        node.pop(key, None)
    for value in node.values():
        _strip_marks(value, accept)


def _accept_style(style: dict[str, Any], suggested: dict[str, Any], state: dict[str, Any]) -> None:
    for flag, on in state.items():
        if on and flag.endswith("Suggested"):
            name = flag[: -len("Suggested")]
            if name in suggested:
                style[name] = json_copy(suggested[name])
            else:
                style.pop(name, None)


def apply_view(doc: dict[str, Any], mode: str) -> dict[str, Any]:
    """``doc`` (tabs form, changed in place) as seen in suggestions view ``mode``."""
    doc["suggestionsViewMode"] = mode
    if mode == INLINE:
        return doc
    drop = "suggestedInsertionIds" if mode == WITHOUT else "suggestedDeletionIds"
    for tab in iter_tabs(doc.get("tabs", [])):
        for content in segments(tab.get("documentTab", {})):
            for lo, hi in reversed(_marked_ranges(content, drop)):
                try:
                    delete_range(content, lo, hi)
                except DocsError:
                    continue  # e.g. a suggested final newline: Google keeps the segment whole
        _strip_marks(tab.get("documentTab", {}), accept=mode == ACCEPTED)
    return doc


# --- HTML -------------------------------------------------------------------------------

_TAGS = {"HEADING_1": "h1", "HEADING_2": "h2", "HEADING_3": "h3", "HEADING_4": "h4",
         "HEADING_5": "h5", "HEADING_6": "h6", "TITLE": "h1", "SUBTITLE": "h2"}  # fmt: skip


def _inline(item: dict[str, Any]) -> str:
    if "textRun" in item:
        run = item["textRun"]
        text = escape(run.get("content", "").rstrip("\n"))
        style = run.get("textStyle", {})
    elif "person" in item:
        props = item["person"].get("personProperties", {})
        text, style = escape(props.get("name") or props.get("email", "")), {}
    elif "richLink" in item:
        props = item["richLink"].get("richLinkProperties", {})
        text = escape(props.get("title") or props.get("uri", ""))
        style = {"link": {"url": props.get("uri", "")}}
    elif "dateElement" in item:
        props = item["dateElement"].get("dateElementProperties", {})
        text, style = escape(props.get("displayText", "")), {}
    else:
        return ""
    for flag, tag in (("bold", "b"), ("italic", "i"), ("strikethrough", "s")):
        if style.get(flag):
            text = f"<{tag}>{text}</{tag}>"
    url = style.get("link", {}).get("url")
    if url:
        text = f"<a href='{escape(local_href(url))}'>{text}</a>"
    return text


def render_content(content: Content) -> str:
    """HTML for a segment: headings, paragraphs, lists, tables, inline styles."""
    out: list[str] = []
    open_list = ""
    for element in content:
        paragraph = element.get("paragraph")
        list_id = paragraph.get("bullet", {}).get("listId", "") if paragraph else ""
        if open_list and list_id != open_list:
            out.append("</ul>")
            open_list = ""
        if paragraph is not None:
            inner = "".join(_inline(item) for item in paragraph.get("elements", []))
            if list_id:
                if not open_list:
                    out.append("<ul>")
                    open_list = list_id
                out.append(f"<li>{inner}</li>")
                continue
            named = paragraph.get("paragraphStyle", {}).get("namedStyleType", "")
            tag = _TAGS.get(named, "p")
            out.append(f"<{tag}>{inner}</{tag}>")
        elif "table" in element:
            rows = []
            for row in element["table"].get("tableRows", []):
                tds = "".join(
                    f"<td>{render_content(cell.get('content', []))}</td>"
                    for cell in row.get("tableCells", [])
                )
                rows.append(f"<tr>{tds}</tr>")
            out.append("<table border='1'>" + "".join(rows) + "</table>")
    if open_list:
        out.append("</ul>")
    return "".join(out)


def render_html(doc: dict[str, Any]) -> str:
    """The whole document (every tab) as an HTML fragment."""
    parts = []
    tabs = list(iter_tabs(doc.get("tabs", [])))
    for tab in tabs:
        if len(tabs) > 1:
            title = tab.get("tabProperties", {}).get("title", "")
            parts.append(f"<h3 class='tab'>{escape(title)}</h3>")
        body = tab.get("documentTab", {}).get("body", {}).get("content", [])
        parts.append(render_content(body))
    return "<div class='doc'>" + "".join(parts) + "</div>"
