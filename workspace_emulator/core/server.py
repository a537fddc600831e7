"""The emulator's HTTP server: authenticate, route, run the handler atomically, answer.

Routes come from each API package's route table (``drive.urls``, ``docs.urls``, ``sheets.urls``,
``calendar.urls``, ``tasks.urls``). Every answer
is shaped like Google's: JSON bodies, and errors in the surface's own style. Cloud Tasks'
HTTP tasks are dispatched on a thread of the emulator (``Emulator.tasks``).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from workspace_emulator.calendar import urls as calendar_urls
from workspace_emulator.core.admin_console import AdminConsole
from workspace_emulator.core.auth import Authority, TokenError
from workspace_emulator.core.batch import handle_batch
from workspace_emulator.core.faults import FaultConfig, Faults
from workspace_emulator.core.fields import apply_fields
from workspace_emulator.core.framework import Api, ApiError, Request, Response, Route, Store
from workspace_emulator.core.html import render_page
from workspace_emulator.core.unimplemented import not_emulated
from workspace_emulator.core.validate import check
from workspace_emulator.docs import urls as docs_urls
from workspace_emulator.drive import urls as drive_urls
from workspace_emulator.sheets import urls as sheets_urls
from workspace_emulator.tasks import urls as tasks_urls
from workspace_emulator.tasks.dispatch import Dispatcher
from workspace_emulator.tasks.oidc import CERTS_PATH, IdTokenIssuer

log = logging.getLogger(__name__)
_PREFIX_STYLE = {"/drive/": "drive", "/upload/drive/": "drive", "/calendar/": "calendar",
                 "/v1/documents": "docs", "/v4/spreadsheets": "sheets",
                 "/v2/projects/": "cloudtasks"}  # fmt: skip


def load_apis() -> dict[str, Api]:
    """The emulated APIs (four of Workspace, and Cloud Tasks), by name, in routing order."""
    apis = (drive_urls.API, docs_urls.API, sheets_urls.API, calendar_urls.API, tasks_urls.API)
    return {api.name: api for api in apis}


class Emulator:
    """A loopback Google Workspace: Drive, Docs, Sheets, Calendar and OAuth, and Cloud Tasks.

    ``dispatch_tasks=False`` leaves Cloud Tasks' dispatch to the caller
    (``emulator.tasks.run_due(now)``), for tests that decide when each attempt happens.
    """

    def __init__(
        self,
        state_dir: Path,
        port: int = 0,
        domain: str = "example.com",
        faults: FaultConfig | None = None,
        dispatch_tasks: bool = True,
    ) -> None:
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.domain = domain
        self.store = Store(self.state_dir / "workspace.sqlite3")
        self.apis = load_apis()
        calendar_urls.bind_store(self.store)
        self.authority = Authority(self.state_dir, self.store, domain)
        self.admin_console = AdminConsole(self.store)  # the fault model of the domain's admin
        self.faults = Faults(faults or FaultConfig())
        self.id_tokens = IdTokenIssuer(self.state_dir)  # Google's OIDC tokens, for tasks
        self.tasks = Dispatcher(self.store, self.id_tokens)
        self._dispatch_tasks = dispatch_tasks
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.emulator = self  # type: ignore[attr-defined]
        self.port = int(self.httpd.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.service_account_file = self.authority.write_service_account_file(self.base_url)
        self._thread: threading.Thread | None = None

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> Emulator:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        if self._dispatch_tasks:
            self.tasks.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until ``stop``."""
        if self._dispatch_tasks:
            self.tasks.start()
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the state."""
        self.tasks.stop()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()
        self.store.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def write_authorized_user_file(
        self, user: str, scopes: list[str], path: Path | None = None
    ) -> Path:
        """An OAuth authorized-user credentials file for ``user``."""
        return self.authority.write_authorized_user_file(user, scopes, path)

    def stats(self) -> dict[str, int]:
        """API calls served, by ``api.METHOD path-pattern`` (batch parts counted singly)."""
        return self.faults.counts()

    # --- dispatch ---------------------------------------------------------------------

    def answer(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        """Answer one request; a failure in the emulator is a 500 and its traceback is logged.

        Malformed input never gets this far: ``validate.check`` refuses it with a 400 before
        the handler runs, so a 500 here is a bug of the emulator, not the client's."""
        try:
            return self.handle(request)
        except Exception:
            log.exception("emulator error on %s %s", request.method, request.path)
            return _error(ApiError(500, "Internal error encountered."), "google")

    def handle(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        """Answer one request (status, headers, body); exceptions other than ApiError escape."""
        path = request.path
        if path == "/token" and request.method == "POST":
            return self._token(request)
        if path == CERTS_PATH and request.method == "GET":  # public, as Google's
            body = json.dumps(self.id_tokens.certs()).encode()
            return 200, {"Content-Type": "application/json; charset=UTF-8"}, body
        if path.startswith("/batch/"):
            api = path.split("/")[2] if path.count("/") >= 2 else "drive"
            return self._guard(api, request, lambda: handle_batch(api, request, self.answer))
        if path == "/" or path.startswith("/view/"):
            status, page = render_page(self, request)
            return status, {"Content-Type": "text/html; charset=utf-8"}, page.encode()
        route, allowed_path = self._route(request)
        style_api = route.api if route else self.apis.get(_style_of(path))
        style = style_api.style if style_api else "google"
        if route is None:
            method = request.method_override()
            real = not_emulated(method, path)
            if real is not None:  # authenticated first, as Google checks the token first
                api, refusal = real
                return self._guard(api, request, lambda: _raise(refusal), self.apis[api].style)
            message = "Method not allowed" if allowed_path else f"Not Found: {path}"
            return _error(ApiError(404, message, reason="notFound"), style)
        answer = self._guard(route.api.name, request, lambda: self._run(route, request), style)
        if route.api is tasks_urls.API:
            self.tasks.wake()  # a new task may be due now
        return answer

    def _guard(
        self, api: str, request: Request, call: Any, style: str = "google"
    ) -> tuple[int, dict[str, str], bytes]:
        try:
            if not request.path.startswith("/batch/"):
                record = self.authority.lookup(request.headers.get("authorization", ""))
                if record is None:
                    raise ApiError(
                        401,
                        "Request had invalid authentication credentials. Expected OAuth 2 access "
                        "token, login cookie or other valid authentication credential.",
                        reason="authError",
                        status="UNAUTHENTICATED",
                    )
                request.user = record["user"]
                request.scopes = frozenset(record["scopes"])
                request.client_id = record.get("client_id", "")
                self.faults.before(api, request)
            else:
                self.faults.batch_latency()
            result: tuple[int, dict[str, str], bytes] = call()
            batch = request.path.startswith("/batch/")
            if result[0] < 300 and not batch and self.faults.lose_reply(request):
                time.sleep(self.faults.config.hang_seconds)  # applied; the answer comes too late
            return result
        except ApiError as exc:
            status, headers, body = _error(exc, style)
            if exc.code == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="https://accounts.google.com/"'
            return status, headers, body

    def _route(self, request: Request) -> tuple[Route | None, bool]:
        path_matched = False
        for api in self.apis.values():
            for route in api.routes:
                match = route.pattern.fullmatch(request.path)
                if match is None:
                    continue
                path_matched = True
                method = request.method_override()
                if route.method == method:
                    request.match = {k: v for k, v in match.groupdict().items() if v is not None}
                    return route, True
        return None, path_matched

    def _run(self, route: Route, request: Request) -> tuple[int, dict[str, str], bytes]:
        if route.scopes and not request.scopes & set(route.scopes):
            raise ApiError(
                403,
                "Request had insufficient authentication scopes.",
                reason="insufficientPermissions",
                status="PERMISSION_DENIED",
            )
        request.store = self.store
        check(request)  # malformed input is a 400 here; a failure in the handler is a bug
        with self.store.lock:
            result = route.handler(request)
        if result is None:
            return 204, {}, b""
        if isinstance(result, Response):
            if isinstance(result.body, bytes):
                return (
                    result.status,
                    {"Content-Type": result.content_type, **result.headers},
                    result.body,
                )
            body = result.body
            status, extra = result.status, result.headers
        else:
            body, status, extra = result, 200, {}
        fields = request.arg("fields")
        if fields and isinstance(body, dict):
            body = apply_fields(body, fields)
        data = json.dumps(body).encode()
        return status, {"Content-Type": "application/json; charset=UTF-8", **extra}, data

    def _token(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        try:
            answer: dict[str, Any] = self.authority.grant(request.body)
            status = 200
        except TokenError as exc:
            answer = {"error": exc.error, "error_description": exc.description}
            status = exc.status
        return (
            status,
            {"Content-Type": "application/json; charset=utf-8"},
            json.dumps(answer).encode(),
        )


def _raise(error: ApiError) -> tuple[int, dict[str, str], bytes]:
    raise error


def _style_of(path: str) -> str:
    for prefix, api in _PREFIX_STYLE.items():
        if path.startswith(prefix):
            return api
    return "drive"


def _error(exc: ApiError, style: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps(exc.body("grpc" if style == "grpc" else "google")).encode()
    return exc.code, {"Content-Type": "application/json; charset=UTF-8"}, body


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm holds the
        # body until the client's delayed ACK (40 ms a call on Linux loopback).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        emulator: Emulator = self.server.emulator  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request.from_target(self.command, self.path, dict(self.headers.items()), body)
        status, headers, payload = emulator.answer(request)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a lost reply): as Google

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("emulator: %s", format % args)
