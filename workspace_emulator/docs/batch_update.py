"""documents.batchUpdate: apply a list of requests to a stored document, all or nothing.

Each request names its tab (``tabId``, default the first tab) and segment (``segmentId``,
default the body). Named ranges follow the edits. Errors carry Google's prefix,
``Invalid requests[i].kind: ...``.
https://developers.google.com/docs/api/reference/rest/v1/documents/request
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from workspace_emulator.core.framework import json_copy
from workspace_emulator.docs import lists, model, styles, tables
from workspace_emulator.docs.model import Content, DocsError
from workspace_emulator.docs.view import iter_tabs

Shift = tuple[int, int]  # (index, +units inserted there | -units deleted from there)
Reply = dict[str, Any]


class Target:
    """Where one request applies: a tab's content and one of its segments."""

    def __init__(self, doc: dict[str, Any], spec: dict[str, Any]) -> None:
        tab_id = spec.get("tabId") or ""
        tabs = list(iter_tabs(doc.get("tabs", [])))
        tab = next((t for t in tabs if t["tabProperties"].get("tabId") == tab_id), None)
        if tab is None and tab_id:
            raise DocsError(f"The tab ID {tab_id} was not found.")
        self.tab = (tab or tabs[0])["documentTab"]
        self.tab_id = (tab or tabs[0])["tabProperties"].get("tabId", "")
        self.segment_id = spec.get("segmentId") or ""
        self.content = self._segment()

    def _segment(self) -> Content:
        if not self.segment_id:
            content: Content = self.tab.setdefault("body", {}).setdefault("content", [])
            return content
        for kind in ("headers", "footers", "footnotes"):
            segment = self.tab.get(kind, {}).get(self.segment_id)
            if segment is not None:
                found: Content = segment.setdefault("content", [])
                return found
        raise DocsError(f"The segment ID {self.segment_id} was not found.")

    def follow(self, shifts: list[Shift]) -> None:
        """Move this tab's named ranges in this segment past the given edits."""
        for group in list(self.tab.get("namedRanges", {}).values()):
            for named in group["namedRanges"]:
                for rng in named["ranges"]:
                    if (rng.get("segmentId") or "") != self.segment_id:
                        continue
                    for at, units in shifts:
                        rng["startIndex"] = _moved(rng.get("startIndex", 0), at, units)
                        rng["endIndex"] = _moved(rng["endIndex"], at, units)
                named["ranges"] = [
                    r for r in named["ranges"] if r["endIndex"] > r.get("startIndex", 0)
                ]
            group["namedRanges"] = [n for n in group["namedRanges"] if n["ranges"]]
            if not group["namedRanges"]:
                del self.tab["namedRanges"][group["name"]]


def _moved(index: int, at: int, units: int) -> int:
    if units >= 0:
        return index + units if index > at else index
    end = at - units
    if index <= at:
        return index
    return at if index <= end else index + units


def _range(body: dict[str, Any], target: Target) -> tuple[int, int]:
    """The request's [start, end); it may not reach the segment's final newline."""
    rng = body.get("range") or {}
    start, end = int(rng.get("startIndex", 0)), int(rng.get("endIndex", 0))
    seg_end = model.segment_end(target.content)
    if start > end:
        raise DocsError(f"The start index {start} must be less than the end index {end}.")
    if end >= seg_end:
        raise DocsError(
            f"Index {end} must be less than the end index of the referenced segment, {seg_end}."
        )
    return start, end


def _location(body: dict[str, Any], doc: dict[str, Any]) -> tuple[Target, int]:
    """(target, index) of ``location`` or ``endOfSegmentLocation`` (before the last newline)."""
    if "endOfSegmentLocation" in body:
        target = Target(doc, body["endOfSegmentLocation"])
        return target, model.segment_end(target.content) - 1
    location = body.get("location") or {}
    return Target(doc, location), int(location.get("index", 0))


# --- one handler per request kind -------------------------------------------------------


def _insert_text(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target, index = _location(body, doc)
    added = model.insert_text(target.content, index, body.get("text", ""))
    target.follow([(index, added)])
    return {}


def _delete_content_range(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body.get("range") or {})
    rng = body.get("range") or {}
    start, end = int(rng.get("startIndex", 0)), int(rng.get("endIndex", 0))
    model.delete_range(target.content, start, end)
    target.follow([(start, start - end)])
    return {}


def _update_text_style(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body.get("range") or {})
    start, end = _range(body, target)
    styles.update_text_style(
        target.content, start, end, body.get("textStyle") or {}, body.get("fields", "")
    )
    return {}


def _update_paragraph_style(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body.get("range") or {})
    start, end = _range(body, target)
    styles.update_paragraph_style(
        target.content, start, end, body.get("paragraphStyle") or {}, body.get("fields", "")
    )
    return {}


def _create_bullets(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body.get("range") or {})
    start, end = _range(body, target)
    preset = body.get("bulletPreset") or "BULLET_DISC_CIRCLE_SQUARE"
    tab_lists = target.tab.setdefault("lists", {})
    target.follow(lists.create_bullets(target.content, tab_lists, start, end, preset))
    return {}


def _delete_bullets(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body.get("range") or {})
    start, end = _range(body, target)
    lists.delete_bullets(target.content, target.tab.get("lists", {}), start, end)
    return {}


def _insert_table(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target, index = _location(body, doc)
    rows, columns = int(body.get("rows", 0)), int(body.get("columns", 0))
    added = tables.insert_table(target.content, index, rows, columns)
    target.follow([(index, added)])
    return {}


def _cell_location(body: dict[str, Any], doc: dict[str, Any]) -> tuple[Target, int, int]:
    cell = body.get("tableCellLocation") or {}
    start = cell.get("tableStartLocation") or {}
    return Target(doc, start), int(start.get("index", 0)), int(cell.get("rowIndex", 0))


def _insert_table_row(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target, table_start, row = _cell_location(body, doc)
    at, added = tables.insert_table_row(
        target.content, table_start, row, bool(body.get("insertBelow"))
    )
    target.follow([(at, added)])
    return {}


def _delete_table_row(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target, table_start, row = _cell_location(body, doc)
    at, removed = tables.delete_table_row(target.content, table_start, row)
    target.follow([(at, -removed)])
    return {}


def _replace_all_text(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    contains = body.get("containsText") or {}
    needle = contains.get("text", "")
    if not needle:
        raise DocsError("The containsText.text must not be empty.")
    flags = 0 if contains.get("matchCase") else re.IGNORECASE
    pattern = re.compile(re.escape(needle), flags)
    wanted = set((body.get("tabsCriteria") or {}).get("tabIds") or [])
    replacement = body.get("replaceText", "")
    count = 0
    for tab in iter_tabs(doc.get("tabs", [])):
        tab_id = tab["tabProperties"].get("tabId", "")
        if wanted and tab_id not in wanted:
            continue
        count += _replace_in_tab(doc, tab_id, pattern, replacement)
    return {"replaceAllText": {"occurrencesChanged": count} if count else {}}


def _replace_in_tab(doc: dict[str, Any], tab_id: str, pattern: re.Pattern[str], text: str) -> int:
    tab = Target(doc, {"tabId": tab_id}).tab
    segment_ids = [""] + [s for k in ("headers", "footers", "footnotes") for s in tab.get(k, {})]
    count = 0
    for segment_id in segment_ids:
        target = Target(doc, {"tabId": tab_id, "segmentId": segment_id})
        hits: list[tuple[int, int]] = []
        for paragraph in model.all_paragraphs(target.content):
            line = model.paragraph_text(paragraph)
            base = model.start_of(paragraph)
            for match in pattern.finditer(line):
                lo = base + model.utf16_len(line[: match.start()])
                hits.append((lo, lo + model.utf16_len(match.group())))
        for lo, hi in reversed(hits):
            found = model.find_paragraph(target.content, lo)
            style: dict[str, Any] = {}
            if found is not None:
                container, pos = found
                element = container[pos]
                right = model.split_elements(
                    element["paragraph"]["elements"], lo - model.start_of(element)
                )[1]
                style = model.style_near([], right)
            model.delete_range(target.content, lo, hi)
            target.follow([(lo, lo - hi)])
            if text:
                added = model.insert_text(target.content, lo, text, style)
                target.follow([(lo, added)])
        count += len(hits)
    return count


def _create_named_range(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    name = body.get("name", "")
    if not 1 <= len(name) <= 256:
        raise DocsError("The name must be between 1 and 256 characters.")
    target = Target(doc, body.get("range") or {})
    start, end = _range(body, target)
    if start >= end:
        raise DocsError("The range should not be empty.")
    range_id = "kix." + secrets.token_hex(6)
    rng: dict[str, Any] = {"startIndex": start, "endIndex": end, "tabId": target.tab_id}
    if target.segment_id:
        rng["segmentId"] = target.segment_id
    group = target.tab.setdefault("namedRanges", {}).setdefault(
        name, {"name": name, "namedRanges": []}
    )
    group["namedRanges"].append({"namedRangeId": range_id, "name": name, "ranges": [rng]})
    return {"createNamedRange": {"namedRangeId": range_id}}


def _delete_named_range(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    range_id, name = body.get("namedRangeId"), body.get("name")
    if bool(range_id) == bool(name):
        raise DocsError("Exactly one of namedRangeId or name must be set.")
    wanted = set((body.get("tabsCriteria") or {}).get("tabIds") or [])
    found = False
    for tab in iter_tabs(doc.get("tabs", [])):
        if wanted and tab["tabProperties"].get("tabId") not in wanted:
            continue
        groups = tab["documentTab"].get("namedRanges", {})
        for key in list(groups):
            kept = [n for n in groups[key]["namedRanges"]
                    if not (n["namedRangeId"] == range_id or n["name"] == name)]  # fmt: skip
            found |= len(kept) != len(groups[key]["namedRanges"])
            groups[key]["namedRanges"] = kept
            if not kept:
                del groups[key]
    if range_id and not found:
        raise DocsError(f"The named range with ID {range_id} was not found.")
    return {}


def _replace_named_range_content(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    """Google's rule: only the first range of each matching named range gets the text, the
    other ranges and their content are deleted; the named range then spans the new text."""
    range_id, name = body.get("namedRangeId"), body.get("namedRangeName")
    if bool(range_id) == bool(name):
        raise DocsError("Exactly one of namedRangeId or namedRangeName must be set.")
    text = str(body.get("text", ""))
    wanted = set((body.get("tabsCriteria") or {}).get("tabIds") or [])
    found = False
    for tab in iter_tabs(doc.get("tabs", [])):
        tab_id = tab["tabProperties"].get("tabId", "")
        if wanted and tab_id not in wanted:
            continue
        for group in list(tab["documentTab"].get("namedRanges", {}).values()):
            for named in list(group["namedRanges"]):
                if not (named["namedRangeId"] == range_id or named["name"] == name):
                    continue
                found = True
                _replace_ranges(doc, tab_id, named, text)
    if not found:
        what = f"ID {range_id}" if range_id else f"name {name}"
        raise DocsError(f"The named range with {what} was not found.")
    return {}


def _replace_ranges(doc: dict[str, Any], tab_id: str, named: dict[str, Any], text: str) -> None:
    ranges = [dict(r) for r in named["ranges"]]
    first = min(ranges, key=lambda r: int(r.get("startIndex", 0)))  # handled last: no shifts
    for rng in sorted(ranges, key=lambda r: -int(r.get("startIndex", 0))):
        target = Target(doc, {"tabId": tab_id, "segmentId": rng.get("segmentId", "")})
        start, end = int(rng.get("startIndex", 0)), int(rng["endIndex"])
        model.delete_range(target.content, start, end)
        target.follow([(start, start - end)])
        if rng is first:
            added = model.insert_text(target.content, start, text) if text else 0
            target.follow([(start, added)])
            first.update(startIndex=start, endIndex=start + added)
    # The deletes emptied the ranges (and maybe dropped the named range): it spans the text now.
    group = Target(doc, {"tabId": tab_id}).tab.setdefault("namedRanges", {})
    entry = group.setdefault(named["name"], {"name": named["name"], "namedRanges": []})
    entry["namedRanges"] = [n for n in entry["namedRanges"] if n is not named]
    if first["endIndex"] > first["startIndex"]:
        entry["namedRanges"].append({**named, "ranges": [first]})
    if not entry["namedRanges"]:
        del group[named["name"]]


def _update_document_style(body: dict[str, Any], doc: dict[str, Any]) -> Reply:
    target = Target(doc, body)
    style = target.tab.setdefault("documentStyle", {})
    styles.apply_mask(style, body.get("documentStyle") or {}, body.get("fields", ""))
    return {}


HANDLERS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Reply]] = {
    "insertText": _insert_text,
    "deleteContentRange": _delete_content_range,
    "replaceAllText": _replace_all_text,
    "updateTextStyle": _update_text_style,
    "updateParagraphStyle": _update_paragraph_style,
    "createParagraphBullets": _create_bullets,
    "deleteParagraphBullets": _delete_bullets,
    "insertTable": _insert_table,
    "insertTableRow": _insert_table_row,
    "deleteTableRow": _delete_table_row,
    "createNamedRange": _create_named_range,
    "deleteNamedRange": _delete_named_range,
    "replaceNamedRangeContent": _replace_named_range_content,
    "updateDocumentStyle": _update_document_style,
}


def apply_requests(doc: dict[str, Any], requests: list[dict[str, Any]]) -> list[Reply]:
    """Apply ``requests`` to ``doc`` in place and return the replies, one per request.

    Raises ``DocsError`` with Google's ``Invalid requests[i].kind:`` prefix (``doc`` may
    then be half changed: use ``applied`` for all-or-nothing).
    """
    replies: list[Reply] = []
    for number, request in enumerate(requests):
        kinds = [k for k in request if request[k] is not None]
        if len(kinds) != 1 or kinds[0] not in HANDLERS:
            name = kinds[0] if kinds else "request"
            raise DocsError(f"Invalid requests[{number}].{name}: this request is not supported.")
        kind = kinds[0]
        try:
            replies.append(HANDLERS[kind](request[kind] or {}, doc))
        except DocsError as exc:
            raise DocsError(f"Invalid requests[{number}].{kind}: {exc}") from exc
    return replies


def applied(
    doc: dict[str, Any], requests: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[Reply]]:
    """A changed deep copy of ``doc`` and the replies (``doc`` is never touched)."""
    work = json_copy(doc)
    return work, apply_requests(work, requests)
