"""Real Google methods the emulator does not serve: a 501 that names the method.

A call the route tables do not answer is looked up in the four APIs' discovery documents (the
ones google-api-python-client bundles); if it is a real method (``calendar.events.quickAdd``,
``sheets.spreadsheets.sheets.copyTo``...) the answer is 501 naming it, so a client does not
read a 404 as "file not found". Anything else stays a 404.
"""

from __future__ import annotations

import json
import re
from functools import cache

from googleapiclient.discovery_cache import get_static_doc

from workspace_emulator.core.framework import ApiError

DISCOVERY = {"drive": ("drive", "v3"), "docs": ("docs", "v1"), "sheets": ("sheets", "v4"),
             "calendar": ("calendar", "v3")}  # fmt: skip
_PARAM = re.compile(r"\{(\+?)([^}]+)\}")


@cache
def _methods() -> list[tuple[str, re.Pattern[str], int, str, str]]:
    """(HTTP method, path pattern, parameter count, method id, api) of every method."""
    out = []
    for api, (name, version) in DISCOVERY.items():
        doc = json.loads(get_static_doc(name, version) or "{}")
        service = doc.get("servicePath", "")
        stack = [doc]
        while stack:
            resource = stack.pop()
            stack.extend(resource.get("resources", {}).values())
            for method in resource.get("methods", {}).values():
                for key in ("path", "flatPath"):
                    if key in method:
                        template = "/" + service + method[key]
                        out.append((method["httpMethod"], _pattern(template),
                                    template.count("{"), method["id"], api))  # fmt: skip
    return out


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _PARAM.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        parts.append(".+" if match[1] else "[^/]+")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts))


def not_emulated(method: str, path: str) -> tuple[str, ApiError] | None:
    """(api, the 501) when ``method path`` is a real Google method, else None."""
    found = [(params, ident, api) for verb, pattern, params, ident, api in _methods()
             if verb == method and pattern.fullmatch(path)]  # fmt: skip
    if not found:
        return None
    _params, ident, api = min(found)  # the most literal template: quickAdd, not {eventId}
    message = f"Method {ident} is not implemented by the emulator."
    return api, ApiError(501, message, reason="notImplemented", status="UNIMPLEMENTED")
