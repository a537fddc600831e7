"""Batch requests (multipart/mixed) for Drive and Calendar, as googleapiclient sends them.

Each part is an ``application/http`` request; it runs through the same dispatcher as a plain
call (with the outer Authorization unless the part has its own), and the answers go back as
``application/http`` parts whose Content-ID is ``<response-ID>``.
"""

from __future__ import annotations

import email.parser
import email.policy
import uuid
from collections.abc import Callable
from http.client import responses

from workspace_emulator.core.framework import ApiError, Request

LIMITS = {"drive": 100, "calendar": 1000}
Dispatch = Callable[[Request], tuple[int, dict[str, str], bytes]]


def parse_parts(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """(Content-ID, embedded HTTP request bytes) for every part of a multipart/mixed body."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise ApiError(400, "Batch request must be multipart/mixed.")
    parts = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        raw = payload if isinstance(payload, bytes) else str(part.get_payload()).encode()
        parts.append((str(part.get("Content-ID", "")), raw))
    return parts


def parse_inner(raw: bytes) -> tuple[str, str, dict[str, str], bytes]:
    """Method, target, headers and body of one embedded HTTP request."""
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.decode("utf-8", "replace").split("\n")
    method, target = lines[0].split(" ")[:2]
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return method, target, headers, body


def handle_batch(
    api: str, request: Request, dispatch: Dispatch
) -> tuple[int, dict[str, str], bytes]:
    """Run every part of a batch and build the multipart/mixed answer."""
    parts = parse_parts(request.headers.get("content-type", ""), request.body)
    if len(parts) > LIMITS.get(api, 100):
        raise ApiError(400, f"A maximum of {LIMITS.get(api, 100)} requests can be batched.")
    boundary = "batch_" + uuid.uuid4().hex
    out = []
    for content_id, raw in parts:
        method, target, headers, body = parse_inner(raw)
        if "authorization" not in headers and "authorization" in request.headers:
            headers["authorization"] = request.headers["authorization"]
        inner = Request.from_target(method, _path_only(target), headers, body)
        inner.batched = True
        status, answer_headers, answer = dispatch(inner)
        reply_id = content_id.strip("<>")
        lines = [
            f"--{boundary}",
            "Content-Type: application/http",
            f"Content-ID: <response-{reply_id}>",
            "",
            f"HTTP/1.1 {status} {responses.get(status, '')}",
            *(f"{k}: {v}" for k, v in answer_headers.items()),
            f"Content-Length: {len(answer)}",
            "",
            "",
        ]
        out.append("\r\n".join(lines).encode() + answer + b"\r\n")
    payload = b"".join(out) + f"--{boundary}--\r\n".encode()
    return 200, {"Content-Type": f"multipart/mixed; boundary={boundary}"}, payload


def _path_only(target: str) -> str:
    """Inner targets may be absolute URLs; keep path and query."""
    if "://" in target:
        target = "/" + target.split("://", 1)[1].split("/", 1)[1]
    return target
