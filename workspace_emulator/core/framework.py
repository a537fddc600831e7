"""The emulator's shared contract: requests, errors, routing and the state store.

Every API surface (drive, docs, sheets, calendar) is a module that builds an ``Api`` and
registers handlers on it with ``@api.route``. The server authenticates the caller, picks the
route, holds the store lock for the whole handler (so every call is atomic, as on Google) and
renders ``ApiError`` in the surface's error shape.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs

ErrorStyle = Literal["google", "grpc"]  # Drive/Calendar vs Docs/Sheets error bodies

_GRPC_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
                404: "NOT_FOUND", 409: "ALREADY_EXISTS", 412: "FAILED_PRECONDITION",
                429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 501: "UNIMPLEMENTED",
                503: "UNAVAILABLE"}  # fmt: skip
_GOOGLE_REASON = {400: "badRequest", 401: "authError", 403: "forbidden", 404: "notFound",
                  409: "duplicate", 429: "rateLimitExceeded", 500: "backendError",
                  501: "notImplemented", 503: "backendError"}  # fmt: skip


class ApiError(Exception):
    """An error answered to the client in the surface's own shape.

    ``reason`` is the Drive/Calendar ``errors[0].reason``; ``status`` the Docs/Sheets
    ``error.status``. Both default from the code.
    """

    def __init__(
        self,
        code: int,
        message: str,
        *,
        reason: str | None = None,
        status: str | None = None,
        domain: str = "global",
        location: str | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason or _GOOGLE_REASON.get(code, "unknown")
        self.status = status or _GRPC_STATUS.get(code, "UNKNOWN")
        self.domain = domain
        self.location = location

    def body(self, style: ErrorStyle) -> dict[str, Any]:
        """The JSON error body Google sends for this error in ``style``."""
        if style == "grpc":
            return {"error": {"code": self.code, "message": self.message, "status": self.status}}
        item: dict[str, Any] = {
            "domain": self.domain,
            "reason": self.reason,
            "message": self.message,
        }
        if self.location:
            item["locationType"] = "parameter"
            item["location"] = self.location
        return {"error": {"code": self.code, "message": self.message, "errors": [item]}}


def not_found(what: str, ident: str) -> ApiError:
    """The 404 Google gives for a missing or invisible resource."""
    return ApiError(404, f"{what} not found: {ident}.", reason="notFound")


def bad_request(message: str, *, location: str | None = None) -> ApiError:
    """A 400 invalid-argument error."""
    return ApiError(400, message, reason="invalid", location=location)


@dataclass
class Request:
    """One HTTP call as a handler sees it, after authentication."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""
    user: str = ""  # the authenticated e-mail address
    scopes: frozenset[str] = frozenset()
    match: dict[str, str] = field(default_factory=dict)  # named groups of the route pattern
    client_id: str = ""  # the OAuth client the token was issued to (drive.file semantics)
    store: Any = None  # the server's Store, set before the handler runs
    batched: bool = False  # a part of a batch: the batch as a whole has the latency

    @classmethod
    def from_target(cls, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        """Build a request from a raw request target (path + query string)."""
        path, _, qs = target.partition("?")
        return cls(
            method=method.upper(),
            path=path,
            query=parse_qs(qs, keep_blank_values=True),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
        )

    def json(self) -> Any:
        """The body as JSON (an empty body is ``{}``); malformed JSON is a 400."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise bad_request(f"Invalid JSON payload received. {exc}") from exc

    def method_override(self) -> str:
        """The HTTP method meant (``X-HTTP-Method-Override`` wins, as on Google)."""
        return self.headers.get("x-http-method-override", self.method).upper()

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default

    def args(self, name: str) -> list[str]:
        """Every value of a repeated query parameter."""
        return list(self.query.get(name, []))

    def flag(self, name: str) -> bool:
        """A boolean query parameter (``true``/``1``)."""
        return (self.arg(name) or "").lower() in ("true", "1")

    def int_arg(self, name: str, default: int) -> int:
        """An integer query parameter; a non-integer is a 400."""
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError as exc:
            raise bad_request(f"Invalid value for {name}: {raw}", location=name) from exc


@dataclass
class Response:
    """A non-default answer: another status, raw bytes, or extra headers."""

    status: int = 200
    body: Any = None  # JSON-able, or bytes for raw content
    content_type: str = "application/json; charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], "dict[str, Any] | Response | None"]


@dataclass
class Route:
    """A method + path pattern bound to a handler and the scopes that allow it."""

    api: Api
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    scopes: tuple[str, ...]  # any one of these grants access; empty = no scope check


class Api:
    """One emulated API surface: a name, an error style and its routes."""

    def __init__(self, name: str, style: ErrorStyle) -> None:
        self.name = name
        self.style = style
        self.routes: list[Route] = []

    def route(
        self, method: str, pattern: str, *, scopes: tuple[str, ...] = ()
    ) -> Callable[[Handler], Handler]:
        """Register ``handler`` for ``method`` on the regex ``pattern`` (full match)."""

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(self, method.upper(), re.compile(pattern), handler, scopes))
            return handler

        return register


def new_id(length: int = 44) -> str:
    """A Drive-like opaque id (letters, digits, '-' and '_')."""
    raw = (uuid.uuid4().hex + uuid.uuid4().hex + uuid.uuid4().hex).upper()
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
    num = int(raw, 16)
    out: list[str] = []
    while len(out) < length:
        num, rem = divmod(num, len(alphabet))
        out.append(alphabet[rem])
    return "1" + "".join(out[: length - 1])


class Store:
    """All emulated Workspace state: JSON objects by (kind, id), kept in memory and SQLite.

    Handlers run under ``lock`` (the server takes it), so reads and writes inside one call
    are atomic. Every ``put``/``delete`` is written through to SQLite when a path is given,
    so the state survives a restart. Objects returned by ``get`` are live: call ``put`` after
    changing one so the change is persisted.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.lock = threading.RLock()
        # Simulated time: the demo and tests move it so "late" edits can be replayed.
        self.clock_offset = timedelta(0)
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            # An emulator's data is worth a clean shutdown, not an fsync per write: without
            # these, a commit costs milliseconds and bounds the emulator's throughput.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS objects (kind TEXT, id TEXT, body TEXT,"
                " PRIMARY KEY (kind, id))"
            )
            for kind, ident, body in self._db.execute("SELECT kind, id, body FROM objects"):
                self._data.setdefault(kind, {})[ident] = json.loads(body)

    def now(self) -> datetime:
        """The emulator's current time (real time plus the simulated offset), in UTC.

        Every timestamp the emulator writes (createdTime, modifiedTime, updated, token
        expiry checks excepted) comes from here.
        """
        return datetime.now(UTC) + self.clock_offset

    def set_now(self, moment: datetime) -> None:
        """Make ``now()`` return ``moment`` from this instant on (time keeps flowing)."""
        self.clock_offset = moment - datetime.now(UTC)

    def get(self, kind: str, ident: str) -> dict[str, Any] | None:
        """The object or None."""
        return self._data.get(kind, {}).get(ident)

    def put(self, kind: str, ident: str, obj: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace an object (and persist it)."""
        with self.lock:
            self._data.setdefault(kind, {})[ident] = obj
            if self._db is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO objects VALUES (?, ?, ?)",
                    (kind, ident, json.dumps(obj)),
                )
                self._db.commit()
        return obj

    def delete(self, kind: str, ident: str) -> None:
        """Remove an object if present."""
        with self.lock:
            self._data.get(kind, {}).pop(ident, None)
            if self._db is not None:
                self._db.execute("DELETE FROM objects WHERE kind = ? AND id = ?", (kind, ident))
                self._db.commit()

    def all(self, kind: str) -> Iterator[dict[str, Any]]:
        """Every object of a kind (a snapshot, safe to iterate while putting)."""
        return iter(list(self._data.get(kind, {}).values()))

    def ids(self, kind: str) -> list[str]:
        """Every id of a kind."""
        return list(self._data.get(kind, {}))

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None


def json_copy(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars): several times faster than
    ``copy.deepcopy`` (no memo), which would otherwise be most of the emulator's time."""
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value
