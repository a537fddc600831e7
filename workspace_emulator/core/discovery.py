"""Google's own description of the emulated APIs (the four of Workspace, and Cloud Tasks): the
discovery documents google-api-python-client bundles, indexed by HTTP method and path.

The server reads them twice: to check a request's parameters and JSON body against the
method's schema before the handler runs (``validate``), and to name a real method it does not
serve (``unimplemented``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from googleapiclient.discovery_cache import get_static_doc

DISCOVERY = {"drive": ("drive", "v3"), "docs": ("docs", "v1"), "sheets": ("sheets", "v4"),
             "calendar": ("calendar", "v3"), "cloudtasks": ("cloudtasks", "v2")}  # fmt: skip
_PARAM = re.compile(r"\{(\+?)([^}]+)\}")


@dataclass(frozen=True)
class Method:
    """One method of a discovery document, as the server needs it."""

    api: str  # drive, docs, sheets, calendar, cloudtasks
    ident: str  # sheets.spreadsheets.batchUpdate
    http_method: str
    pattern: re.Pattern[str]
    literal: int  # how many path parameters: fewer is the more literal template
    description: dict[str, Any]  # the method's own discovery entry

    @property
    def schemas(self) -> dict[str, Any]:
        """The API's schemas, by name (``$ref`` targets)."""
        return document(self.api).get("schemas", {})


@cache
def document(api: str) -> dict[str, Any]:
    """The discovery document of ``api``."""
    name, version = DISCOVERY[api]
    doc: dict[str, Any] = json.loads(get_static_doc(name, version) or "{}")
    return doc


@cache
def methods() -> list[Method]:
    """Every method of the emulated APIs, under each path (``path``, ``flatPath``, upload)."""
    out = []
    for api in DISCOVERY:
        doc = document(api)
        service = doc.get("servicePath", "")
        stack = [doc]
        while stack:
            resource = stack.pop()
            stack.extend(resource.get("resources", {}).values())
            for entry in resource.get("methods", {}).values():
                templates = ["/" + service + entry[key] for key in ("path", "flatPath")
                             if key in entry]  # fmt: skip
                upload = entry.get("mediaUpload", {}).get("protocols", {})
                templates += [protocol["path"] for protocol in upload.values()]
                for template in templates:
                    out.append(Method(api, entry["id"], entry["httpMethod"], _pattern(template),
                                      template.count("{"), entry))  # fmt: skip
    return out


def find(http_method: str, path: str) -> Method | None:
    """The method ``http_method path`` calls (the most literal template wins), or None."""
    found = [m for m in methods() if m.http_method == http_method and m.pattern.fullmatch(path)]
    return min(found, key=lambda m: (m.literal, m.ident)) if found else None


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _PARAM.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(".+" if match[1] else "[^/]+")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts))
