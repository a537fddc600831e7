"""The emulator against Google's own discovery documents (bundled, offline, in
google-api-python-client): (a) every route is a discovery method with the same HTTP verb and
path template; (b) in a realistic run of the product, every field of every answer is a
property of the method's response schema; (c) every query parameter the product sends is one
the method (or the API's standard parameters) declares.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from googleapiclient.discovery_cache import get_static_doc

from tests.helpers import keep_first_team
from workspace_emulator.core.framework import Request, Route
from workspace_emulator.core.server import Emulator, load_apis

DISCOVERY = {"drive": ("drive", "v3"), "docs": ("docs", "v1"), "sheets": ("sheets", "v4"),
             "calendar": ("calendar", "v3"), "cloudtasks": ("cloudtasks", "v2")}  # fmt: skip
# Served by Emulator.handle outside the route table, so not checked against a method:
EXEMPT = {
    "POST /batch/<api>/...": "batch endpoint (discovery `batchPath`), a multipart envelope "
    "whose parts are routed (and checked) as ordinary calls",
    "POST /token": "OAuth 2.0 token endpoint (oauth2.googleapis.com), not a discovery API",
    "GET / and GET /view/...": "the emulator's HTML pages for people, not an API",
    "GET /oauth2/v1/certs": "Google's public certificates for ID tokens (Cloud Tasks' OIDC "
    "tokens), not a discovery API",
}
# Routes that are a method's media-upload protocol path rather than its REST path.
UPLOAD_ROUTES = {
    "POST /upload/drive/v3/files": "drive.files.create",
    "PATCH /upload/drive/v3/files/(?P<fileId>[^/]+)": "drive.files.update",
}
# The PUT of a resumable upload goes to the session URI the first call gave in ``Location``.
RESUMABLE_ROUTES = {"PUT /upload/drive/v3/files": "drive.files.create"}
# The standard query parameters every method accepts (system parameters); ``$alt`` is how
# GAPIC REST clients (google-cloud-tasks) ask for ``json;enum-encoding=int``.
STANDARD = {"$.xgafv", "$alt", "access_token", "alt", "callback", "fields", "key",
            "oauth_token", "prettyPrint", "quotaUser", "upload_protocol", "uploadType",
            "userIp"}  # fmt: skip


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
    if key in RESUMABLE_ROUTES:
        return [RESUMABLE_ROUTES[key]]
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


# Routes of another version of an API than the one above: Drive v2's converting upload (the
# one v2 call gspread makes, import_csv), checked against the v2 document's upload path.
OTHER_VERSION = {
    "PUT /upload/drive/v2/files/(?P<fileId>[^/]+)": ("drive", "v2", "drive.files.update"),
}
ROUTES = [(api.name, route) for api in load_apis().values() for route in api.routes
          if route_key(route) not in OTHER_VERSION]  # fmt: skip


@pytest.mark.parametrize(("api", "route"), ROUTES, ids=[route_key(r) for _, r in ROUTES])
def test_every_route_is_a_discovery_method(api: str, route: Route) -> None:
    found = method_of(api, route)
    assert len(found) == 1, f"{route_key(route)} serves {found or 'no discovery method'}"


def test_other_version_routes_are_that_versions_upload_path() -> None:
    served = {route_key(r) for api in load_apis().values() for r in api.routes}
    for key, (name, version, method_id) in OTHER_VERSION.items():
        assert key in served, key
        doc = json.loads(get_static_doc(name, version) or "{}")
        method = doc["resources"]["files"]["methods"][method_id.rsplit(".", 1)[1]]
        verb, pattern = key.split(" ", 1)
        assert method["httpMethod"] == verb
        assert re.fullmatch(pattern, _sample(method["mediaUpload"]["protocols"]["simple"]["path"]))


def test_upload_routes_are_the_methods_media_upload_path() -> None:
    for key, method_id in UPLOAD_ROUTES.items():
        api = method_id.split(".")[0]
        upload = methods(api)[method_id]["mediaUpload"]["protocols"]["simple"]["path"]
        verb, pattern = key.split(" ", 1)
        assert methods(api)[method_id]["httpMethod"] == verb
        assert re.fullmatch(pattern, upload), key


# --- (b), (c): a realistic run of the product, answers and parameters against the docs -----

ROOT = Path(__file__).resolve().parents[3]
# Fields Google sends that its discovery documents leave out, with the recording that shows it.
# None so far: the emulator's answers are all documented, and so are all the recorded
# answers of Google (test_googles_recorded_answers_fit_the_same_schemas).
UNDOCUMENTED: dict[str, str] = {}


@dataclass
class Call:
    method_id: str
    query: list[str]
    status: int
    body: Any


@dataclass
class Workload:
    calls: list[Call] = field(default_factory=list)
    unrouted: list[str] = field(default_factory=list)


def route_table() -> list[tuple[Route, str]]:
    return [(route, method_of(api, route)[0]) for api, route in ROUTES]


def _method_id(table: list[tuple[Route, str]], request: Request) -> str | None:
    verb = request.headers.get("x-http-method-override", request.method).upper()
    for route, method_id in table:
        if route.method == verb and route.pattern.fullmatch(request.path):
            return method_id
    return None


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workload]:
    """Two weekly cycles of the example organisation (install, prepare, reps writing,
    remind, collect), every emulator answer captured with the method it served."""
    from service.bootstrap import build_deps
    from service.demo.runner import demo_config, run_week
    from service.domain.week import Week
    from service.settings import load_config

    root = tmp_path_factory.mktemp("discovery")
    shutil.copytree(ROOT / "config" / "example", root / "config")
    keep_first_team(root / "config")
    emulator = Emulator(root / "workspace", port=0).start()
    table, captured, lock = route_table(), Workload(), threading.RLock()
    handle = emulator.handle

    def capturing(request: Request) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = handle(request)
        if request.path == "/token" or request.path.startswith(("/batch/", "/view/")):
            return status, headers, body
        method_id = _method_id(table, request)
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        media = request.arg("alt") == "media"  # a file's content (JSON or not), no resource
        data = json.loads(body) if body and "json" in content_type and not media else None
        with lock:
            if method_id is None:
                captured.unrouted.append(f"{request.method} {request.path}")
            else:
                captured.calls.append(Call(method_id, sorted(request.query), status, data))
        return status, headers, body

    emulator.handle = capturing  # type: ignore[method-assign]
    try:
        config = demo_config(
            load_config(root / "config"), emulator.base_url, emulator.service_account_file, root
        )
        deps = build_deps(config)
        first = Week.parse("2027-03-01")
        for week in (first, first.next()):
            run_week(deps, week, emulator.store.set_now)
        _full_answers(emulator)
        yield captured
    finally:
        emulator.stop()


def _full_answers(emulator: Emulator) -> None:
    """Whole resources, which the product never asks for (its Drive calls name ``fields``),
    and the methods it does not call: through the real client, answers captured likewise."""
    from workspace_emulator.testing import (
        calendar_client,
        docs_client,
        drive_client,
        sheets_client,
    )

    user, other = "discovery.owner@example.com", "discovery.reader@example.com"
    drive, docs = drive_client(emulator, user), docs_client(emulator, user)
    sheets, cal = sheets_client(emulator, user), calendar_client(emulator, user)
    doc = {"name": "Doc", "mimeType": "application/vnd.google-apps.document"}
    file_id = drive.files().create(body=doc).execute()["id"]
    files, everything = drive.files(), "*"
    files.get(fileId=file_id, fields=everything).execute()
    files.list(fields=everything).execute()
    files.update(fileId=file_id, body={"name": "Doc 2"}, fields=everything).execute()
    copy = files.copy(fileId=file_id, body={}, fields=everything).execute()
    files.delete(fileId=copy["id"]).execute()
    drive.about().get(fields=everything).execute()
    share = {"type": "user", "role": "reader", "emailAddress": other}
    drive.permissions().create(fileId=file_id, body=share, fields=everything).execute()
    drive.permissions().list(fileId=file_id, fields=everything).execute()
    drive.revisions().list(fileId=file_id, fields=everything).execute()
    drive.comments().create(fileId=file_id, body={"content": "Hi"}, fields=everything).execute()
    drive.comments().list(fileId=file_id, fields=everything).execute()
    docs.documents().get(documentId=file_id).execute()
    docs.documents().create(body={"title": "New"}).execute()
    sheet_id = (
        sheets.spreadsheets().create(body={"properties": {"title": "S"}}).execute()["spreadsheetId"]
    )
    values = sheets.spreadsheets().values()
    rows = {"values": [[1, "a"]]}
    values.update(spreadsheetId=sheet_id, range="A1", valueInputOption="RAW", body=rows,
                  includeValuesInResponse=True).execute()  # fmt: skip
    values.append(spreadsheetId=sheet_id, range="A1", valueInputOption="USER_ENTERED",
                  body=rows).execute()  # fmt: skip
    values.get(spreadsheetId=sheet_id, range="A1:B3").execute()
    values.clear(spreadsheetId=sheet_id, range="A1", body={}).execute()
    sheets.spreadsheets().get(spreadsheetId=sheet_id, includeGridData=True).execute()
    event = {"summary": "1:1", "start": {"dateTime": "2027-03-01T10:00:00Z"},
             "end": {"dateTime": "2027-03-01T10:30:00Z"}, "attendees": [{"email": other}],
             "extendedProperties": {"private": {"k": "v"}}}  # fmt: skip
    event_id = cal.events().insert(calendarId="primary", body=event).execute()["id"]
    cal.events().get(calendarId="primary", eventId=event_id).execute()
    cal.events().patch(calendarId="primary", eventId=event_id, body={"summary": "x"}).execute()
    cal.events().list(calendarId="primary").execute()
    cal.calendars().get(calendarId="primary").execute()
    cal.calendarList().list().execute()
    cal.events().delete(calendarId="primary", eventId=event_id).execute()
    _cloud_tasks_answers(emulator)


def _cloud_tasks_answers(emulator: Emulator) -> None:
    """Every emulated Cloud Tasks method, through google-cloud-tasks' REST transport."""
    from workspace_emulator.testing import tasks_client

    client, location = tasks_client(emulator), "projects/p/locations/europe-west1"
    queue = client.create_queue(parent=location, queue={"name": f"{location}/queues/q"})
    client.update_queue(queue={"name": queue.name, "rate_limits": {"max_concurrent_dispatches": 2}})
    client.get_queue(name=queue.name)
    client.list_queues(parent=location)
    client.pause_queue(name=queue.name)
    client.resume_queue(name=queue.name)
    http = {"url": "http://127.0.0.1:9/x", "oidc_token": {"service_account_email": "a@p.iam"}}
    task = client.create_task(parent=queue.name, task={"http_request": http})
    client.get_task(name=task.name)
    list(client.list_tasks(parent=queue.name))
    client.delete_task(name=task.name)
    client.delete_queue(name=queue.name)


def _resolve(api: str, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = discovery(api)["schemas"][schema["$ref"]]
    return schema


def schema_violations(api: str, value: Any, schema: dict[str, Any], where: str) -> set[str]:
    """Every key of ``value`` (at any depth) that ``schema`` does not declare."""
    schema = _resolve(api, schema)
    out: set[str] = set()
    if isinstance(value, list) and "items" in schema:
        for item in value:
            out |= schema_violations(api, item, schema["items"], where + "[]")
    elif isinstance(value, dict):
        props, extra = schema.get("properties"), schema.get("additionalProperties")
        if props is None and extra is None:
            return out  # a free-form object (``type: any`` or an untyped map)
        for key, item in value.items():
            if props is not None and key in props:
                out |= schema_violations(api, item, props[key], f"{where}.{key}")
            elif extra is not None:
                out |= schema_violations(api, item, extra, f"{where}.{{*}}")
            else:
                out.add(f"{where}.{key}")
    return out


def test_the_schema_check_finds_unknown_fields_at_any_depth() -> None:
    answer = {
        "id": "f",
        "bogus": 1,
        "owners": [{"emailAddress": "a", "odd": 2}],
        "exportLinks": {"text/plain": "u"},
        "capabilities": {"canEdit": True, "x": 0},
    }
    found = schema_violations("drive", answer, {"$ref": "File"}, "File")
    assert found == {"File.bogus", "File.owners[].odd", "File.capabilities.x"}


def test_the_workload_touched_every_surface(workload: Workload) -> None:
    assert not workload.unrouted
    apis = {call.method_id.split(".")[0] for call in workload.calls}
    assert apis == set(DISCOVERY), apis


def test_answers_hold_only_fields_of_the_response_schema(workload: Workload) -> None:
    violations: set[str] = set()
    for call in workload.calls:
        if not 200 <= call.status < 300 or call.body is None:
            continue
        api = call.method_id.split(".")[0]
        method = methods(api)[call.method_id]
        if "response" not in method:
            violations.add(f"{call.method_id}: a body where the method has no response")
            continue
        found = schema_violations(api, call.body, method["response"], method["response"]["$ref"])
        violations |= {f"{call.method_id}: {v}" for v in found}
    assert sorted(violations - set(UNDOCUMENTED)) == []


def test_query_parameters_are_the_methods(workload: Workload) -> None:
    illegal: set[str] = set()
    for call in workload.calls:
        api = call.method_id.split(".")[0]
        known = set(methods(api)[call.method_id].get("parameters", {}))
        known |= STANDARD | set(discovery(api)["parameters"])
        illegal |= {f"{call.method_id}: {name}" for name in call.query if name not in known}
    assert sorted(illegal) == []


def test_googles_recorded_answers_fit_the_same_schemas() -> None:
    """The check is no stricter than Google: every 2xx JSON answer of the recordings (and
    every recorded document) holds only documented fields, so nothing needs allow-listing."""
    import yaml

    from tests.fixture_paths import RECORDINGS

    table, violations, checked = route_table(), set(), 0
    interactions = []
    for path in sorted((RECORDINGS / "gspread-sheets-drive").glob("*.json")):
        interactions += json.loads(path.read_text())["interactions"]
    for path in sorted((RECORDINGS / "handley-calendar").glob("*.yaml")):
        interactions += yaml.safe_load(path.read_text())["interactions"]
    for it in interactions:
        text, status = it["response"]["body"]["string"], it["response"]["status"]["code"]
        uri = urlsplit(it["request"]["uri"])
        method_id = _method_id(
            table, Request.from_target(it["request"]["method"], uri.path, {}, b"")
        )
        if method_id is None or not 200 <= status < 300 or not text.strip():
            continue
        api, method = method_id.split(".")[0], methods(method_id.split(".")[0])[method_id]
        if "response" not in method:  # files.export: the file's bytes, not JSON
            continue
        found = schema_violations(api, json.loads(text), method["response"], method_id)
        violations |= found
        checked += 1
    for path in sorted(RECORDINGS.glob("docs-*/*.json")):
        violations |= schema_violations(
            "docs", json.loads(path.read_text()), {"$ref": "Document"}, path.name
        )
        checked += 1
    assert checked > 1900
    assert sorted(violations) == []
