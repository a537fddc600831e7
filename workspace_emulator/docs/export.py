"""files.export of a Doc: its text and its HTML, as Drive gives them.

Google's other export formats for a Doc are listed too, so Drive can tell "not emulated" (501)
from "Google refuses this conversion" (400).
https://developers.google.com/drive/api/guides/ref-export-formats
"""

from __future__ import annotations

from html import escape
from typing import Any

from workspace_emulator.core.framework import Store
from workspace_emulator.docs.documents import DOCUMENTS, read_document
from workspace_emulator.docs.model import all_paragraphs, paragraph_text
from workspace_emulator.docs.view import iter_tabs, render_html

FORMATS = frozenset((
    "text/plain", "text/html", "application/zip", "application/pdf", "application/rtf",
    "application/vnd.oasis.opendocument.text", "application/epub+zip", "text/markdown",
    "text/x-markdown",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
))  # fmt: skip


def export_document(store: Store, file_id: str, mime: str) -> bytes | None:
    """The Doc as ``mime`` (text or HTML), or None for a format the emulator does not make."""
    if store.get(DOCUMENTS, file_id) is None or mime not in ("text/plain", "text/html"):
        return None
    doc = read_document(store, file_id)
    if mime == "text/html":
        title = escape(str(doc.get("title", "")))
        meta = '<meta content="text/html; charset=UTF-8" http-equiv="content-type">'
        head = f"{meta}<title>{title}</title>"
        return f"<html><head>{head}</head><body>{render_html(doc)}</body></html>".encode()
    return plain_text(doc).encode()


def plain_text(doc: dict[str, Any]) -> str:
    """Every tab's paragraphs (table cells included) as Drive's text export writes them:
    a byte-order mark first, CRLF line ends, no object placeholders."""
    lines = []
    for tab in iter_tabs(doc.get("tabs", [])):
        body = tab.get("documentTab", {}).get("body", {}).get("content", [])
        for paragraph in all_paragraphs(body):
            lines.append(paragraph_text(paragraph).replace("\ufffc", "").rstrip("\n"))
    return "\ufeff" + "\r\n".join(lines)
