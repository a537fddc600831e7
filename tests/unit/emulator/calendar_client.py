"""Call the emulator's Calendar routes in-process, as the server would (no HTTP).

Routing, scope checks and error rendering follow the framework contract, so unit tests can
check status codes and bodies without a socket.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from workspace_emulator.calendar.urls import API, FULL, bind_store
from workspace_emulator.core.framework import ApiError, Request, Response, Store


def call(
    store: Store,
    method: str,
    path: str,
    body: Any = None,
    *,
    user: str = "manager@example.com",
    scopes: tuple[str, ...] = (FULL,),
    **params: Any,
) -> tuple[int, Any]:
    """(status, JSON body) of one Calendar call by ``user``."""
    query = urlencode(
        [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    )
    raw = b"" if body is None else json.dumps(body).encode()
    request = Request.from_target(method, f"{path}?{query}" if query else path, {}, raw)
    request.user, request.scopes = user, frozenset(scopes)
    for route in API.routes:
        match = route.pattern.fullmatch(request.path)
        if route.method != request.method or match is None:
            continue
        if route.scopes and not set(route.scopes) & request.scopes:
            return 403, {"error": {"code": 403, "message": "Insufficient Permission"}}
        request.match = match.groupdict()
        bind_store(store)
        try:
            with store.lock:
                answer = route.handler(request)
        except ApiError as exc:
            return exc.code, exc.body(API.style)
        if isinstance(answer, Response):
            return answer.status, answer.body
        return (200, answer) if answer is not None else (204, None)
    return 404, None


def event_body(start: str, end: str, **fields: Any) -> dict[str, Any]:
    """An event resource with timed start/end."""
    return {"start": {"dateTime": start}, "end": {"dateTime": end}, **fields}


class InProcessHttp:
    """An ``httplib2.Http`` stand-in for googleapiclient that routes calls into ``call``.

    It checks that what the real client sends (paths, encodings, repeated parameters,
    bodies) is what the routes expect, without a socket.
    """

    def __init__(self, store: Store, user: str) -> None:
        self.store, self.user = store, user

    def request(
        self,
        uri: str,
        method: str = "GET",
        body: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        **_: Any,
    ) -> tuple[Any, bytes]:
        """Answer one request the way the emulator's server would."""
        from urllib.parse import parse_qsl, urlsplit

        import httplib2

        parts = urlsplit(uri)
        params: dict[str, Any] = {}
        for name, value in parse_qsl(parts.query):
            if name != "alt":
                params.setdefault(name, []).append(value)
        payload = json.loads(body) if body else None
        status, answer = call(self.store, method, parts.path, payload, user=self.user, **params)
        content = answer if isinstance(answer, bytes) else json.dumps(answer or {}).encode()
        return httplib2.Response({"status": str(status)}), content if status != 204 else b""
