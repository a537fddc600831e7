"""Read a rep's 1:1 doc, in either form, into a ``ParsedDoc``: a Google Doc with
``documents.get``, a Sheet-form doc (``program.yaml: template: sheet``) with one
``spreadsheets.get``. A tab whose title says private is not parsed: it is not the rep's
answers. It is not private either (a tab has its doc's sharing, so the rep can read it): a
manager's private notes go in the coach-notes doc (``service.jobs.prepare.coach_notes``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from service.domain.doc_parser import parse_document
from service.domain.parsed_doc import ParsedDoc
from service.domain.sheet_form import parse_sheet_form
from service.google.drive import read_doc
from service.google.gateway import Gateway
from service.google.sheet_docs import SheetTab, is_sheet, read_sheet_doc

PRIVATE: Final[str] = "private"  # a tab or section whose title says private is not parsed


def read_rep_doc(
    gw: Gateway, user: str, file: dict[str, Any], categories: Sequence[str] = ()
) -> ParsedDoc:
    """The parsed doc behind a Drive file listed with its id and mimeType (one call); its
    commitments' coaching categories are read against ``categories``."""
    if is_sheet(file):
        tab = form_tab(read_sheet_doc(gw, user, file["id"]).tabs)
        return parse_sheet_form(tab.rows if tab else [], categories)
    return parse_document(without_private_tabs(read_doc(gw, user, file["id"])), categories)


def form_tab(tabs: tuple[SheetTab, ...]) -> SheetTab | None:
    """The form of a Sheet-form doc: its first tab whose title does not say private."""
    return next((tab for tab in tabs if PRIVATE not in tab.title.casefold()), None)


def without_private_tabs(doc: dict[str, Any]) -> dict[str, Any]:
    """The doc without any tab (or child tab) whose title says private: what a manager wrote
    there never reaches the parser, so never the tracker (the rep can still read it)."""

    def keep(tabs: list[Any]) -> list[Any]:
        kept = []
        for tab in tabs:
            title = str(tab.get("tabProperties", {}).get("title", ""))
            if PRIVATE in title.casefold():
                continue
            kept.append({**tab, "childTabs": keep(tab.get("childTabs", []))})
        return kept

    if isinstance(doc.get("tabs"), list):
        return {**doc, "tabs": keep(doc["tabs"])}
    return doc
