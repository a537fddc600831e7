"""One factory for every Google client, and one way to execute calls.

Clients come from the discovery documents bundled with google-api-python-client (no fetch at
run time). With an endpoint override every URL, including batch and media-upload URLs, goes
to that host (the emulator); without it, to Google. Each call goes through the rate limiter,
is counted, retried with exponential back-off and jitter on 429 / 5xx / rate-limit 403, and
failures become our own error types.
"""

from __future__ import annotations

import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import google_auth_httplib2
import gspread
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest, HttpRequest

from service.errors import JobStopped, PermissionDeniedError, WorkspaceError
from service.google.calls import CallCounter
from service.google.credentials import CredentialSource
from service.google.errors import is_retryable, translate
from service.google.ratelimit import RateLimiter

log = logging.getLogger(__name__)

APIS = {"drive": "v3", "docs": "v1", "sheets": "v4", "calendar": "v3"}
BATCH_LIMITS = {"drive": 100, "calendar": 1000}
_PATHS = {"drive": "drive/v3/", "calendar": "calendar/v3/", "docs": "", "sheets": ""}
# Calls that make something new each time they are applied: tried again after an answer that
# never came they would leave a second file (found by its tags, but a duplicate all the same)
# or a second row. They fail instead, and the job looks at what the Workspace holds.
MAKES_NEW = frozenset({"files.create", "files.copy", "spreadsheets.values.append"})
_TRANSIENT = (socket.timeout, TimeoutError, ConnectionError, httplib2.ServerNotFoundError)


class _EndpointHttp(httplib2.Http):
    """httplib2 that sends every Google URL to the override host.

    googleapiclient keeps the override's host for media uploads but forces https; this puts
    the override's scheme back (GOOGLE-FACTS: "Media upload URLs ...").
    """

    def __init__(self, endpoint: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._endpoint = endpoint.rstrip("/")
        self._host = urlsplit(endpoint).netloc

    def request(self, uri: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(uri)
        if parts.netloc == self._host or parts.netloc.endswith("googleapis.com"):
            uri = self._endpoint + uri[len(f"{parts.scheme}://{parts.netloc}") :]
        return super().request(uri, *args, **kwargs)


class _EndpointSession(AuthorizedSession):
    """An authorized requests session that sends Google URLs to the override (for gspread)."""

    def __init__(self, credentials: Any, endpoint: str) -> None:
        super().__init__(credentials)
        self._endpoint = endpoint.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        parts = urlsplit(url)
        if parts.netloc.endswith("googleapis.com"):
            url = self._endpoint + url[len(f"{parts.scheme}://{parts.netloc}") :]
        return super().request(method, url, *args, **kwargs)


class _Unauthorized(httplib2.Http):
    """The HTTP a shared resource is built with: using it is a bug (a call made without
    saying who acts), so it refuses instead of calling Google anonymously."""

    def request(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("execute Google calls through Gateway.execute (as a user)")


class _Resource:
    """A googleapiclient resource whose collections are built once.

    googleapiclient builds a collection (``files()``, ``documents()``, ``values()``) anew on
    every call, writing a docstring for each of its methods from the API's schemas; for Docs
    and Sheets that costs about 0.1 s each time. This keeps what it built.
    """

    def __init__(self, resource: Any) -> None:
        self._resource = resource
        self._names = frozenset(getattr(resource, "_resourceDesc", {}).get("resources", {}))
        self._collections: dict[str, _Resource] = {}

    def __getattr__(self, name: str) -> Any:
        if name in self._names:
            return lambda: self._collection(name)
        return getattr(self._resource, name)

    def _collection(self, name: str) -> _Resource:
        if name not in self._collections:
            self._collections[name] = _Resource(getattr(self._resource, name)())
        return self._collections[name]


class Gateway:
    """Builds clients acting as a user and runs their calls safely and countably."""

    def __init__(
        self,
        credentials: CredentialSource,
        *,
        endpoint: str | None = None,
        limiter: RateLimiter | None = None,
        counter: CallCounter | None = None,
        max_attempts: int = 6,
        backoff: float = 0.5,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = credentials
        self.endpoint = endpoint.rstrip("/") if endpoint else None
        self.limiter = limiter or RateLimiter()
        self.counter = counter or CallCounter()
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.timeout = timeout
        self._sleep = sleep
        # Set when the service shuts down: every call not yet started is refused (a safe point).
        self.stop = threading.Event()
        self._local = threading.local()  # httplib2 is not thread-safe: HTTP per thread
        self._clients: dict[str, _Resource] = {}
        self._build_lock = threading.Lock()

    # --- clients ----------------------------------------------------------------------

    def _http(self, user: str) -> Any:
        """The authorized HTTP of ``user`` for this thread (httplib2 is not thread-safe)."""
        local = self._local.__dict__
        if "raw" not in local:  # one connection pool per thread, whoever it acts as
            local["raw"] = (
                _EndpointHttp(self.endpoint, self.timeout)
                if self.endpoint
                else httplib2.Http(timeout=self.timeout)
            )
        cache: dict[str, Any] = local.setdefault("http", {})
        if user not in cache:
            cache[user] = google_auth_httplib2.AuthorizedHttp(
                self.credentials.for_user(user), http=local["raw"]
            )
        return cache[user]

    def client(self, api: str, user: str) -> Any:
        """The googleapiclient resource for ``api``; its calls run as ``user`` when executed
        through :meth:`execute` or :meth:`execute_batch`.

        One resource per API is built and shared (building one parses the API's discovery
        document: megabytes and a tenth of a second for Docs and Sheets); requests it makes
        carry no credentials of their own: the user's authorized HTTP is given at execution.
        """
        del user  # the caller says who acts when executing
        with self._build_lock:
            if api not in self._clients:
                options = (
                    {"api_endpoint": f"{self.endpoint}/{_PATHS[api]}"} if self.endpoint else None
                )
                self._clients[api] = _Resource(
                    build(
                        api,
                        APIS[api],
                        http=_Unauthorized(),
                        static_discovery=True,
                        cache_discovery=False,
                        client_options=options,
                    )
                )
            return self._clients[api]

    def gspread(self, user: str) -> gspread.Client:
        """A gspread client acting as ``user``, through an injected session."""
        creds = self.credentials.for_user(user)
        session = _EndpointSession(creds, self.endpoint) if self.endpoint else None
        return gspread.Client(auth=creds, session=session)

    def batch_uri(self, api: str) -> str:
        """Where batches of ``api`` go (new_batch_http_request ignores the override)."""
        host = self.endpoint or "https://www.googleapis.com"
        return f"{host}/batch/{api}/{APIS[api]}"

    # --- execution --------------------------------------------------------------------

    @staticmethod
    def _describe(request: HttpRequest) -> tuple[str, str, str]:
        method_id = getattr(request, "methodId", None) or "unknown.call"
        api, _, method = method_id.partition(".")
        kind = "read" if request.method == "GET" or method.endswith("freebusy.query") else "write"
        return api, method, kind

    def execute(
        self, request: HttpRequest, user: str, what: str, *, idempotent: bool = True
    ) -> Any:
        """Run one call acting as ``user``; ``what`` names the object for error messages.

        A write that is not ``idempotent`` (applied twice it does harm, and nothing in it
        refuses a second time) is not tried again when its answer never came: it fails with
        ``after_lost_reply`` set, and the caller looks at what the Workspace holds."""
        api, method, kind = self._describe(request)
        idempotent = idempotent and method not in MAKES_NEW
        unanswered_write = False  # a write sent whose answer never came may have been applied
        for attempt in range(1, self.max_attempts + 1):
            self._check_stop(what)
            self.limiter.acquire(api, kind, user)
            self.counter.add(api, method)
            try:
                return request.execute(http=self._http(user), num_retries=0)
            except HttpError as exc:
                if not is_retryable(exc) or attempt == self.max_attempts:
                    error = translate(exc, what)
                    error.after_lost_reply = unanswered_write
                    raise error from None
                status = exc.resp.status
            except RefreshError as exc:
                raise self._refresh_problem(exc, user) from None
            except (*_TRANSIENT, TransportError) as exc:
                if attempt == self.max_attempts or not idempotent:
                    error = WorkspaceError(f"{what}: Google did not answer ({exc})")
                    error.after_lost_reply = kind == "write"
                    raise error from None
                unanswered_write = unanswered_write or kind == "write"
                status = 0
            log.info("retrying %s.%s after %s (attempt %d)", api, method, status, attempt)
            self.counter.retried()
            self._sleep(self._delay(attempt))
        raise AssertionError("unreachable")

    def _check_stop(self, what: str) -> None:
        if self.stop.is_set():
            raise JobStopped(
                f"stopped before {what}: the service is shutting down (the next run finishes)"
            )

    def _delay(self, attempt: int) -> float:
        return random.uniform(0, min(32.0, self.backoff * 2 ** (attempt - 1)))

    def _refresh_problem(self, exc: RefreshError, user: str) -> WorkspaceError:
        detail = str(exc.args[0]) if exc.args else str(exc)
        if "unauthorized_client" in detail or "access_denied" in detail:
            scopes = ", ".join(self.credentials.scopes)
            return PermissionDeniedError(
                f"cannot act as {user}: either {user} is not a user of the Workspace domain, "
                "or domain-wide delegation is not granted for these scopes (in the Admin "
                f"console, Security > API controls > Domain-wide delegation, allow: {scopes})",
                reason="unauthorized_client",
            )
        if "invalid_grant" in detail:
            return PermissionDeniedError(
                f"Google refused the credentials acting as {user} (invalid_grant): the user "
                "may not exist in the domain, or the key / refresh token was revoked",
                reason="invalid_grant",
            )
        return WorkspaceError(f"could not obtain an access token as {user}: {detail}")

    def execute_batch(
        self, api: str, user: str, requests: Sequence[tuple[str, HttpRequest]], what: str
    ) -> dict[str, Any]:
        """Run many calls of one API in batches; returns key -> result or WorkspaceError.

        Calls that fail with a retryable error are retried in a later, smaller batch.
        """
        results: dict[str, Any] = {}
        pending = list(requests)
        limit = BATCH_LIMITS.get(api, 100)
        for attempt in range(1, self.max_attempts + 1):
            if not pending:
                break
            retry: list[tuple[str, HttpRequest]] = []
            for start in range(0, len(pending), limit):
                chunk = pending[start : start + limit]
                self._run_chunk(
                    api, user, chunk, results, retry, what, last=attempt == self.max_attempts
                )
            pending = retry
            if pending:
                self.counter.retried()
                self._sleep(self._delay(attempt))
        return results

    def _run_chunk(
        self,
        api: str,
        user: str,
        chunk: list[tuple[str, HttpRequest]],
        results: dict[str, Any],
        retry: list[tuple[str, HttpRequest]],
        what: str,
        *,
        last: bool,
    ) -> None:
        self._check_stop(what)
        by_key = dict(chunk)

        def collect(key: str, response: Any, exception: Exception | None) -> None:
            if exception is None:
                results[key] = response
            elif isinstance(exception, HttpError) and is_retryable(exception) and not last:
                retry.append((key, by_key[key]))
            elif isinstance(exception, HttpError):
                results[key] = translate(exception, f"{what} {key}")
            else:
                results[key] = WorkspaceError(f"{what} {key}: {exception}")

        batch = BatchHttpRequest(callback=collect, batch_uri=self.batch_uri(api))
        for key, request in chunk:
            batch.add(request, request_id=key)
        for _key, request in chunk:
            _api, method, kind = self._describe(request)
            self.limiter.acquire(api, kind, user)
            self.counter.add(api, method)
        try:
            batch.execute(http=self._http(user))
        except HttpError as exc:
            if not is_retryable(exc) or last:
                raise translate(exc, what) from None
            retry.extend(chunk)
        except RefreshError as exc:
            raise self._refresh_problem(exc, user) from None
        except _TRANSIENT:
            if last:
                raise
            retry.extend(chunk)
