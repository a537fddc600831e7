"""The weekly prefill of a rep's copy of the template, as one Docs ``batchUpdate``.

The requests are computed from the template's structure (its ``documents.get``, read once per
team: every fresh copy has the same indexes). The key-metrics table replaces the
``{{key_metrics_table}}`` placeholder, the carried-over commitments replace
``{{carried_commitments}}``; in a customer's template without placeholders both go right after
their section's heading. Index edits run from the bottom of the document up, then the merge
fields are replaced (``replaceAllText`` needs no index), and last a named range marks the doc
as prefilled: the whole batch is atomic, so a doc carrying the mark is prefilled exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from service.domain.sections import match_section
from service.templates.definition import LEADER_PLACEHOLDERS, marker
from service.templates.render import (
    PLAIN_STYLE,
    paragraph_style,
    table_requests,
    text_style,
    utf16_len,
)

PREFILLED_MARK: Final[str] = "oneonone_prefilled"
MEETING_MARK: Final[str] = "oneonone_meeting"  # the meeting time, rewritten when it moves
MEETING_FIELD: Final[str] = "meeting_time"
METRICS_PLACEHOLDER: Final[str] = marker("key_metrics_table")
COMMITMENTS_PLACEHOLDER: Final[str] = marker("carried_commitments")
METRICS_HEADER: Final[tuple[str, ...]] = ("Metric", "Goal", "Actual", "Pace to goal")
LINK_FIELDS: Final[tuple[str, ...]] = ("last_doc",)  # a web address: merged as a working link


@dataclass(frozen=True)
class Prefill:
    """What goes into one rep's doc."""

    fields: Mapping[str, str]  # merge field name (rep_name, week_of, ...) -> text
    metrics: tuple[tuple[str, ...], ...] = ()  # table rows below METRICS_HEADER
    commitments: tuple[str, ...] = ()  # "Rep: ..." / "Manager: ..." lines carried over
    metrics_header: tuple[str, ...] = METRICS_HEADER
    # The leader docs' placeholders (``LEADER_PLACEHOLDERS``): lines (a bulleted list) or a
    # table (header first) by placeholder name; one given neither is removed.
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    tables: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Element:
    start: int
    end: int
    text: str  # paragraph text without its newline ("" for a table)
    style: str
    is_paragraph: bool
    plain: bool = True  # text runs only (no chip or image shifts the indexes of ``text``)


@dataclass
class _Edit:
    at: int
    requests: list[dict[str, Any]] = field(default_factory=list)


def body_content(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The first tab's top-level body content, in either form of ``documents.get``."""
    tabs = doc.get("tabs")
    if isinstance(tabs, list) and tabs:
        body = tabs[0].get("documentTab", {}).get("body", {})
    else:
        body = doc.get("body", {})
    content = body.get("content", [])
    return content if isinstance(content, list) else []


def is_prefilled(doc: Mapping[str, Any]) -> bool:
    """True when the doc carries the prefill mark (a named range, in either form)."""
    ranges = dict(doc.get("namedRanges") or {})
    tabs = doc.get("tabs")
    if isinstance(tabs, list):
        for tab in tabs:
            ranges |= tab.get("documentTab", {}).get("namedRanges") or {}
    return PREFILLED_MARK in ranges


def has_placeholders(doc: Mapping[str, Any]) -> bool:
    """True while a merge field is still in the doc (a copy not prefilled yet)."""
    return any("{{" in e.text for e in _elements(body_content(doc)))


def prefill_requests(template_doc: Mapping[str, Any], prefill: Prefill) -> list[dict[str, Any]]:
    """The one ``batchUpdate`` that prefills a fresh copy of ``template_doc``."""
    elements = list(_elements(body_content(template_doc)))
    edits = [
        _metrics_edit(elements, prefill),
        _commitments_edit(elements, prefill.commitments),
        _meeting_edit(elements, prefill),
        *(_link_edit(elements, prefill, name) for name in LINK_FIELDS),
        *(_leader_edit(elements, name, prefill) for name in sorted(LEADER_PLACEHOLDERS)),
    ]
    requests: list[dict[str, Any]] = []
    for edit in sorted((e for e in edits if e is not None), key=lambda e: -e.at):
        requests.extend(edit.requests)
    for name, value in sorted(prefill.fields.items()):
        requests.append(
            {
                "replaceAllText": {
                    "containsText": {"text": marker(name), "matchCase": True},
                    "replaceText": value,
                }
            }
        )
    requests.append(
        {"createNamedRange": {"name": PREFILLED_MARK, "range": {"startIndex": 1, "endIndex": 2}}}
    )
    return requests


def _elements(content: list[dict[str, Any]]) -> Iterator[_Element]:
    for element in content:
        start, end = element.get("startIndex", 0), element.get("endIndex", 0)
        paragraph = element.get("paragraph")
        if paragraph is None:
            if "table" in element:
                yield _Element(start, end, "", "", is_paragraph=False)
            continue
        text = "".join(
            run.get("textRun", {}).get("content", "") for run in paragraph.get("elements", [])
        )
        style = paragraph.get("paragraphStyle", {}).get("namedStyleType", "NORMAL_TEXT")
        plain = all("textRun" in run for run in paragraph.get("elements", []))
        yield _Element(start, end, text.rstrip("\n"), style, is_paragraph=True, plain=plain)


def _find_placeholder(elements: list[_Element], text: str) -> int | None:
    return next((i for i, e in enumerate(elements) if e.text.strip() == text), None)


def _find_heading(elements: list[_Element], key: str) -> int | None:
    return next(
        (
            i
            for i, e in enumerate(elements)
            if e.is_paragraph and e.style.startswith("HEADING") and match_section(e.text) == key
        ),
        None,
    )


def _next_is_paragraph(elements: list[_Element], index: int) -> bool:
    return index + 1 < len(elements) and elements[index + 1].is_paragraph


def _remove_placeholder(elements: list[_Element], index: int) -> tuple[list[dict[str, Any]], int]:
    """Requests deleting a placeholder paragraph, and where its content goes instead.

    The whole paragraph goes when another paragraph follows it; otherwise only its text (a
    body or a table must end with a paragraph).
    """
    element = elements[index]
    end = element.end if _next_is_paragraph(elements, index) else element.end - 1
    return [
        {"deleteContentRange": {"range": {"startIndex": element.start, "endIndex": end}}}
    ], element.start


def _meeting_edit(elements: list[_Element], prefill: Prefill) -> _Edit | None:
    """The first ``{{meeting_time}}`` becomes the time inside a named range, so that a later
    run can rewrite just that when the 1:1 moves (any other occurrence is merged as text)."""
    value = prefill.fields.get(MEETING_FIELD)
    placeholder = marker(MEETING_FIELD)
    element = next((e for e in elements if e.plain and placeholder in e.text), None)
    if not value or element is None:
        return None
    at = element.start + utf16_len(element.text[: element.text.index(placeholder)])
    end = at + utf16_len(placeholder)
    return _Edit(
        at,
        [
            {"deleteContentRange": {"range": {"startIndex": at, "endIndex": end}}},
            {"insertText": {"location": {"index": at}, "text": value}},
            {
                "createNamedRange": {
                    "name": MEETING_MARK,
                    "range": {"startIndex": at, "endIndex": at + utf16_len(value)},
                }
            },
            *meeting_link(value, at),
        ],
    )


def meeting_link(text: str, at: int) -> list[dict[str, Any]]:
    """The meeting line's video address (``... · Google Meet: https://...``) made a link a
    person can click, the line starting at ``at``; none when it has no address."""
    start = text.find("https://")
    if start < 0:
        return []
    url = text[start:].split()[0]
    begin = at + utf16_len(text[:start])
    return [text_style(begin, begin + utf16_len(url), {"link": {"url": url}}, "link")]


def _link_edit(elements: list[_Element], prefill: Prefill, name: str) -> _Edit | None:
    """The first ``{{name}}`` becomes its address as a link a person can click (text merged by
    replaceAllText is not one); any other occurrence is merged as text."""
    value = prefill.fields.get(name, "")
    placeholder = marker(name)
    element = next((e for e in elements if e.plain and placeholder in e.text), None)
    if not value.startswith(("https://", "http://")) or element is None:
        return None
    at = element.start + utf16_len(element.text[: element.text.index(placeholder)])
    end = at + utf16_len(value)
    return _Edit(
        at,
        [
            {
                "deleteContentRange": {
                    "range": {"startIndex": at, "endIndex": at + utf16_len(placeholder)}
                }
            },
            {"insertText": {"location": {"index": at}, "text": value}},
            text_style(at, end, {"link": {"url": value}}, "link"),
        ],
    )


def meeting_update(text: str, at: int | None) -> list[dict[str, Any]]:
    """The requests rewriting the meeting line of a prefilled doc, its named range starting at
    ``at`` (read from the doc; None: not known, the address is then left as text)."""
    replace = {"replaceNamedRangeContent": {"namedRangeName": MEETING_MARK, "text": text}}
    return [replace, *(meeting_link(text, at) if at is not None else [])]


def meeting_start(doc: dict[str, Any]) -> int | None:
    """Where the meeting line's named range starts in ``doc`` (a ``documents.get``)."""
    tabs = doc.get("tabs") or [{"documentTab": doc}]
    for tab in tabs:
        group = (tab.get("documentTab") or {}).get("namedRanges", {}).get(MEETING_MARK)
        for named in (group or {}).get("namedRanges", []):
            for rng in named.get("ranges", []):
                return int(rng.get("startIndex", 0))
    return None


def _metrics_edit(elements: list[_Element], prefill: Prefill) -> _Edit | None:
    placeholder = _find_placeholder(elements, METRICS_PLACEHOLDER)
    if placeholder is not None:
        requests, at = _remove_placeholder(elements, placeholder)
        edit = _Edit(at, requests)
    else:
        heading = _find_heading(elements, "key_metrics")
        if heading is None:
            return None
        end = elements[heading].end
        edit = _Edit(end if _next_is_paragraph(elements, heading) else end - 1)
    if prefill.metrics or prefill.metrics_header:
        edit.requests.extend(table_requests(edit.at, prefill.metrics_header, prefill.metrics))
    return edit


def _commitments_edit(elements: list[_Element], commitments: tuple[str, ...]) -> _Edit | None:
    placeholder = _find_placeholder(elements, COMMITMENTS_PLACEHOLDER)
    if placeholder is not None:
        requests, at = _remove_placeholder(elements, placeholder)
        edit = _Edit(at, requests)
        removed_newline = _next_is_paragraph(elements, placeholder)
    else:
        heading = _find_heading(elements, "commitments")
        if heading is None or not commitments:
            return None
        edit = _Edit(elements[heading].end)
        removed_newline = True
    if not commitments:
        return edit
    text = "\n".join(commitments) + ("\n" if removed_newline else "")
    end = edit.at + utf16_len(text) - (1 if removed_newline else 0)
    edit.requests += [
        {"insertText": {"location": {"index": edit.at}, "text": text}},
        paragraph_style(edit.at, end, "NORMAL_TEXT"),
        text_style(
            edit.at,
            end,
            PLAIN_STYLE | {"strikethrough": False},
            "bold,italic,foregroundColor,strikethrough",
        ),
        {
            "createParagraphBullets": {
                "range": {"startIndex": edit.at, "endIndex": end},
                "bulletPreset": "BULLET_DISC_CIRCLE_SQUARE",
            }
        },
    ]
    return edit


def _leader_edit(elements: list[_Element], name: str, prefill: Prefill) -> _Edit | None:
    """A leader doc's placeholder replaced by its table, or its lines as a bulleted list, or
    removed when the prefill gives neither."""
    placeholder = _find_placeholder(elements, marker(name))
    if placeholder is None:
        return None
    requests, at = _remove_placeholder(elements, placeholder)
    edit = _Edit(at, requests)
    table = prefill.tables.get(name)
    if table:
        edit.requests.extend(table_requests(at, table[0], table[1:]))
        return edit
    lines = prefill.lines.get(name, ())
    if not lines:
        return edit
    removed_newline = _next_is_paragraph(elements, placeholder)
    text = "\n".join(lines) + ("\n" if removed_newline else "")
    end = at + utf16_len(text) - (1 if removed_newline else 0)
    edit.requests += [
        {"insertText": {"location": {"index": at}, "text": text}},
        paragraph_style(at, end, "NORMAL_TEXT"),
        text_style(at, end, PLAIN_STYLE, "bold,italic,foregroundColor"),
        {
            "createParagraphBullets": {
                "range": {"startIndex": at, "endIndex": end},
                "bulletPreset": "BULLET_DISC_CIRCLE_SQUARE",
            }
        },
    ]
    return edit
