"""The prefill of a rep's Sheet-form 1:1 doc (``program.yaml: template: sheet``), the sheet
twin of the Docs prefill in ``service.jobs.prepare.docs``.

A fresh copy holds exactly the template's cells, so the template is read once per team (one
``spreadsheets.get``) and each copy gets one ``spreadsheets.batchUpdate``: the cells and the
prefill mark (a named range) together, atomically. A copy found without its ``prefilled`` tag
(a crash between the copy and the tag) is read first: marked already, it only needs the tag;
unmarked, it is prefilled from its own cells, so anything typed into it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.google.gateway import Gateway
from service.google.sheet_docs import SheetTab, read_sheet_doc, write_sheet_doc
from service.jobs.collect.rep_doc_read import form_tab
from service.templates.prefill import Prefill
from service.templates.sheet_prefill import sheet_prefill_requests


@dataclass
class SheetTemplates:
    """The form tab of each Sheet-form template read so far (template file id -> tab)."""

    tabs: dict[str, SheetTab] = field(default_factory=dict)

    def form(self, gw: Gateway, user: str, template_id: str) -> SheetTab:
        """The template's form tab (read once)."""
        if template_id not in self.tabs:
            self.tabs[template_id] = _form_tab(read_sheet_doc(gw, user, template_id).tabs)
        return self.tabs[template_id]


def prefill_sheet(
    gw: Gateway,
    user: str,
    sheet_id: str,
    prefill: Prefill,
    template: SheetTab | None,
) -> bool:
    """Prefill one rep's sheet: from ``template``'s cells for a fresh copy, from its own
    otherwise. False when it turned out to be prefilled already."""
    if template is None:
        current = read_sheet_doc(gw, user, sheet_id)
        if current.prefilled:
            return False
        template = _form_tab(current.tabs)
    requests = sheet_prefill_requests(template.sheet_id, template.rows, prefill, template.row_count)
    write_sheet_doc(gw, user, sheet_id, requests)
    return True


def _form_tab(tabs: tuple[SheetTab, ...]) -> SheetTab:
    return form_tab(tabs) or SheetTab(sheet_id=0, title="", rows=[], row_count=0)
