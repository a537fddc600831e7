"""Cloud Tasks v2 state and rules: names, queue defaults, task checks, back-off, tombstones.

Queues and tasks are kept in the store in their REST shape (enums as names); ``encode``
turns the enums into numbers when the client asks for ``$alt=json;enum-encoding=int``, as
the GAPIC REST transport of google-cloud-tasks does. Reference: cloud.google.com/tasks/docs/
reference/rest/v2/projects.locations.queues (Queue, RateLimits, RetryConfig) and
projects.locations.queues.tasks (Task, HttpRequest, OidcToken).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import Any

from workspace_emulator.core.framework import ApiError, Request

QUEUES, TASKS, TOMBSTONES = "cloudtasks_queues", "cloudtasks_tasks", "cloudtasks_tombstones"
LOCATION = re.compile(r"projects/[A-Za-z0-9.:-]+/locations/[a-z0-9-]+")
QUEUE_ID = re.compile(r"[A-Za-z0-9-]{1,100}")
TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,500}")
# A name deleted or run cannot be used again for ~1 hour on a queue made through the API
# (~9 days on a queue.yaml queue): CreateTaskRequest.task in the RPC reference.
TOMBSTONE = timedelta(hours=1)

HTTP_METHODS = ["HTTP_METHOD_UNSPECIFIED", "POST", "GET", "HEAD", "PUT", "DELETE", "PATCH",
                "OPTIONS"]  # fmt: skip
VIEWS = ["VIEW_UNSPECIFIED", "BASIC", "FULL"]
STATES = ["STATE_UNSPECIFIED", "RUNNING", "PAUSED", "DISABLED"]

DEFAULT_RATE = {"maxDispatchesPerSecond": 500.0, "maxBurstSize": 100,
                "maxConcurrentDispatches": 1000}  # fmt: skip
DEFAULT_RETRY = {"maxAttempts": 100, "maxRetryDuration": "0s", "minBackoff": "0.100s",
                 "maxBackoff": "3600s", "maxDoublings": 16}  # fmt: skip


def location_of(request: Request) -> str:
    """``projects/P/locations/L`` of the request's path."""
    match = request.match
    return f"projects/{match['projectsId']}/locations/{match['locationsId']}"


def queue_name_of(request: Request) -> str:
    """The full name of the queue in the request's path."""
    return f"{location_of(request)}/queues/{request.match['queuesId']}"


def task_name_of(request: Request) -> str:
    """The full name of the task in the request's path."""
    return f"{queue_name_of(request)}/tasks/{request.match['tasksId']}"


def invalid(message: str) -> ApiError:
    """Google's 400 INVALID_ARGUMENT."""
    return ApiError(400, message, status="INVALID_ARGUMENT")


def not_found() -> ApiError:
    """Google's 404 for a queue or task that does not exist."""
    return ApiError(404, "Requested entity was not found.", status="NOT_FOUND")


def enum_name(value: Any, names: list[str], field: str) -> str:
    """An enum given as a name or a number (in JSON or a query string), as its name."""
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int) and 0 <= value < len(names):
        return names[value]
    if isinstance(value, str) and value in names:
        return value
    raise invalid(f"Invalid value at '{field}': {value!r}")


def seconds(duration: Any, field: str) -> float:
    """A protobuf Duration in JSON ("3.5s") as seconds."""
    text = str(duration)
    if not re.fullmatch(r"-?\d+(\.\d{1,9})?s", text):
        raise invalid(f"Invalid value at '{field}' (type.googleapis.com/google.protobuf.Duration)")
    return float(text[:-1])


def duration(value: float) -> str:
    """Seconds as a protobuf Duration in JSON."""
    return f"{value:.3f}s" if value != int(value) else f"{int(value)}s"


def timestamp(moment: datetime) -> str:
    """A protobuf Timestamp in JSON (UTC, microseconds)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    """A protobuf Timestamp in JSON as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def encode(obj: dict[str, Any], request: Request) -> dict[str, Any]:
    """The stored object as the client asked for it: enums as numbers for ``enum-encoding=int``."""
    if "enum-encoding=int" not in (request.arg("$alt") or ""):
        return obj
    out = dict(obj)
    http = out.get("httpRequest")
    if http and "httpMethod" in http:
        out["httpRequest"] = {**http, "httpMethod": HTTP_METHODS.index(http["httpMethod"])}
    if "view" in out:
        out["view"] = VIEWS.index(out["view"])
    if "state" in out:
        out["state"] = STATES.index(out["state"])
    return out


# --- queues ---------------------------------------------------------------------------


def burst_size(rate: float) -> int:
    """The token bucket's size Cloud Tasks picks for a rate (output only): rate / 5."""
    return max(1, min(500, math.ceil(rate / 5)))


def rate_limits(given: dict[str, Any]) -> dict[str, Any]:
    """Checked rate limits, defaults filled in."""
    rate = float(given.get("maxDispatchesPerSecond") or DEFAULT_RATE["maxDispatchesPerSecond"])
    if not 0 < rate <= 500:
        raise invalid("RateLimits.max_dispatches_per_second must be in (0, 500].")
    concurrent = int(given.get("maxConcurrentDispatches") or 1000)
    if not 1 <= concurrent <= 5000:
        raise invalid("RateLimits.max_concurrent_dispatches must be in [1, 5000].")
    return {"maxDispatchesPerSecond": rate, "maxBurstSize": burst_size(rate),
            "maxConcurrentDispatches": concurrent}  # fmt: skip


def retry_config(given: dict[str, Any]) -> dict[str, Any]:
    """Checked retry config, defaults filled in (maxAttempts -1 is unlimited)."""
    out = {**DEFAULT_RETRY, **{k: v for k, v in given.items() if v not in (None, "")}}
    attempts = int(out["maxAttempts"])
    if attempts < -1 or (attempts == 0 and "maxAttempts" in given):
        raise invalid("RetryConfig.max_attempts must be -1 (unlimited) or positive.")
    low = seconds(out["minBackoff"], "retryConfig.minBackoff")
    high = seconds(out["maxBackoff"], "retryConfig.maxBackoff")
    if low < 0 or high < low:
        raise invalid("RetryConfig.min_backoff must be at most RetryConfig.max_backoff.")
    doublings = int(out["maxDoublings"])
    if doublings < 0:
        raise invalid("RetryConfig.max_doublings must not be negative.")
    seconds(out["maxRetryDuration"], "retryConfig.maxRetryDuration")
    return {"maxAttempts": attempts or DEFAULT_RETRY["maxAttempts"], "maxRetryDuration":
            out["maxRetryDuration"], "minBackoff": duration(low), "maxBackoff": duration(high),
            "maxDoublings": doublings}  # fmt: skip


def new_queue(name: str, body: dict[str, Any]) -> dict[str, Any]:
    """A queue as stored: the given settings checked, Google's defaults for the rest."""
    state = enum_name(body.get("state", "RUNNING"), STATES, "queue.state")
    queue = {
        "name": name,
        "rateLimits": rate_limits(body.get("rateLimits") or {}),
        "retryConfig": retry_config(body.get("retryConfig") or {}),
        "state": "RUNNING" if state == "STATE_UNSPECIFIED" else state,
    }
    if body.get("httpTarget"):
        queue["httpTarget"] = body["httpTarget"]
    return queue


def patched_queue(queue: dict[str, Any], body: dict[str, Any], mask: str | None) -> dict[str, Any]:
    """``queue`` with the fields named in the update mask (every field given, without one)
    taken from ``body``; a field named but not given returns to its default."""
    paths = [p for p in (mask or "").split(",") if p] or [
        f"{top}.{sub}" for top in ("rateLimits", "retryConfig") for sub in body.get(top) or {}
    ] + [top for top in ("state", "httpTarget") if top in body]
    merged = {**queue, "rateLimits": dict(queue["rateLimits"]),
              "retryConfig": dict(queue["retryConfig"])}  # fmt: skip
    for path in paths:
        top, _, sub = path.partition(".")
        if top not in ("rateLimits", "retryConfig", "state", "httpTarget"):
            raise invalid(f"Invalid update mask path: {path}")
        if not sub:
            merged[top] = body.get(top) or {}
            continue
        given = (body.get(top) or {}).get(sub)
        if given is None:
            merged[top].pop(sub, None)
        else:
            merged[top][sub] = given
    merged["rateLimits"].pop("maxBurstSize", None)  # output only: recomputed
    return new_queue(queue["name"], merged)


def backoff(queue: dict[str, Any], failures: int) -> float:
    """Seconds before the next attempt after ``failures`` failed ones: min_backoff doubled
    max_doublings times, then growing linearly by that step, never above max_backoff."""
    retry = queue["retryConfig"]
    low = seconds(retry["minBackoff"], "minBackoff")
    high = seconds(retry["maxBackoff"], "maxBackoff")
    doublings = int(retry["maxDoublings"])
    n = max(0, failures - 1)
    step = low * 2 ** min(n, doublings)
    return min(high, step * (1 + max(0, n - doublings)))


def attempts_left(queue: dict[str, Any], dispatches: int) -> bool:
    """True while the retry config allows another attempt after ``dispatches``."""
    limit = int(queue["retryConfig"]["maxAttempts"])
    return limit == -1 or dispatches < limit


# --- tasks ----------------------------------------------------------------------------


def check_http_request(given: dict[str, Any]) -> dict[str, Any]:
    """An HttpRequest checked and normalised (method as a name, OIDC audience defaulted)."""
    url = str(given.get("url") or "")
    if not re.match(r"https?://[^/]+", url):
        raise invalid("HttpRequest.url must be an absolute http or https URL.")
    method = enum_name(given.get("httpMethod", "POST"), HTTP_METHODS, "task.httpRequest.httpMethod")
    method = "POST" if method == "HTTP_METHOD_UNSPECIFIED" else method
    out: dict[str, Any] = {"url": url, "httpMethod": method}
    if given.get("headers"):
        out["headers"] = {str(k): str(v) for k, v in given["headers"].items()}
    if given.get("body"):
        if method not in ("POST", "PUT", "PATCH"):
            raise invalid("HttpRequest.body is allowed only for POST, PUT and PATCH.")
        out["body"] = given["body"]  # base64, as the JSON mapping of bytes
    if given.get("oauthToken"):
        raise ApiError(501, "oauthToken is not implemented by the emulator.",
                       status="UNIMPLEMENTED")  # fmt: skip
    token = given.get("oidcToken")
    if token is not None:
        email = str(token.get("serviceAccountEmail") or "")
        if "@" not in email:
            raise invalid("OidcToken.service_account_email is required.")
        out["oidcToken"] = {"serviceAccountEmail": email, "audience": token.get("audience") or url}
    return out


def view_of(task: dict[str, Any], view: str) -> dict[str, Any]:
    """The task as ``view`` shows it: BASIC leaves out the body."""
    out = {**task, "view": view}
    if view != "FULL" and "body" in task.get("httpRequest", {}):
        out["httpRequest"] = {k: v for k, v in task["httpRequest"].items() if k != "body"}
    return out


def requested_view(value: Any) -> str:
    """``responseView`` of a request (BASIC by default)."""
    view = enum_name(value or "BASIC", VIEWS, "responseView")
    return "BASIC" if view == "VIEW_UNSPECIFIED" else view
