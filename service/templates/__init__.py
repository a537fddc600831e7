"""Template definitions (``sheets_templates/``) and the Docs requests that install and prefill
them. Pure: data in, request bodies out; the jobs make the calls."""

from service.templates.check import missing_headings
from service.templates.definition import (
    DocTemplate,
    SheetTemplate,
    load_doc_template,
    load_sheet_template,
)
from service.templates.prefill import Prefill, is_prefilled, prefill_requests
from service.templates.render import template_requests

__all__ = [
    "DocTemplate",
    "Prefill",
    "SheetTemplate",
    "is_prefilled",
    "load_doc_template",
    "load_sheet_template",
    "missing_headings",
    "prefill_requests",
    "template_requests",
]
