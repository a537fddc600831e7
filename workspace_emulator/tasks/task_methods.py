"""Cloud Tasks v2 task methods: create (with name deduplication), get, list, delete.

A task named by the caller is refused with 409 ALREADY_EXISTS while a task of that name is
in the queue, and for a while after it was deleted or ran (a tombstone): that is what makes a
retried enqueue safe. Only HTTP tasks are emulated; dispatch is ``tasks.dispatch``.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store
from workspace_emulator.tasks.model import (
    TASK_ID,
    TASKS,
    TOMBSTONE,
    TOMBSTONES,
    check_http_request,
    encode,
    invalid,
    not_found,
    parse_time,
    queue_name_of,
    requested_view,
    seconds,
    task_name_of,
    timestamp,
    view_of,
)
from workspace_emulator.tasks.queues import page, queue_of

DEFAULT_DEADLINE = "600s"
TOO_RECENT = (
    "The task cannot be created because a task with this name existed too recently. For more "
    "information about task de-duplication see https://cloud.google.com/tasks/docs/reference/"
    "rest/v2/projects.locations.queues.tasks/create#body.request_body.FIELDS.task."
)


def tombstone(store: Store, name: str, now: datetime) -> None:
    """Keep ``name`` from being used again until the tombstone expires."""
    store.put(TOMBSTONES, name, {"until": timestamp(now + TOMBSTONE)})


def _check_name(store: Store, queue: str, name: str, now: datetime) -> None:
    prefix = queue + "/tasks/"
    if not name.startswith(prefix) or not TASK_ID.fullmatch(name[len(prefix) :]):
        raise invalid(f"Task.name must be {prefix}TASK_ID (letters, digits, - and _).")
    if store.get(TASKS, name) is not None:
        raise ApiError(409, "Requested entity already exists", status="ALREADY_EXISTS")
    stone = store.get(TOMBSTONES, name)
    if stone is not None:
        if parse_time(stone["until"]) > now:
            raise ApiError(409, TOO_RECENT, status="ALREADY_EXISTS")
        store.delete(TOMBSTONES, name)


def tasks_create(request: Request) -> dict[str, Any]:
    """projects.locations.queues.tasks.create."""
    store: Store = request.store
    queue = queue_of(store, queue_name_of(request))["name"]
    body = request.json()
    given = body.get("task") or {}
    if "appEngineHttpRequest" in given:
        raise ApiError(501, "App Engine tasks are not implemented by the emulator; "
                       "use an httpRequest.", status="UNIMPLEMENTED")  # fmt: skip
    if "httpRequest" not in given:
        raise invalid("Task.http_request is required.")
    now = store.now()
    name = str(given.get("name") or "")
    if name:
        _check_name(store, queue, name, now)
    else:
        name = f"{queue}/tasks/{secrets.randbelow(9 * 10**18) + 10**18}"
    deadline = given.get("dispatchDeadline") or DEFAULT_DEADLINE
    if not 15 <= seconds(deadline, "task.dispatchDeadline") <= 1800:
        raise invalid("Task.dispatch_deadline must be between 15 seconds and 30 minutes.")
    task = {
        "name": name,
        "httpRequest": check_http_request(given["httpRequest"]),
        "scheduleTime": timestamp(parse_time(given["scheduleTime"]))
        if given.get("scheduleTime")
        else timestamp(now),
        "createTime": timestamp(now),
        "dispatchDeadline": deadline,
        "dispatchCount": 0,
        "responseCount": 0,
    }
    store.put(TASKS, name, task)
    return encode(view_of(task, requested_view(body.get("responseView"))), request)


def task_of(store: Store, name: str) -> dict[str, Any]:
    """The stored task, or Google's 404."""
    task = store.get(TASKS, name)
    if task is None:
        raise not_found()
    return task


def tasks_get(request: Request) -> dict[str, Any]:
    """projects.locations.queues.tasks.get."""
    task = task_of(request.store, task_name_of(request))
    return encode(view_of(task, requested_view(request.arg("responseView"))), request)


def tasks_list(request: Request) -> dict[str, Any]:
    """projects.locations.queues.tasks.list, by name."""
    store: Store = request.store
    queue = queue_of(store, queue_name_of(request))["name"]
    names = sorted(n for n in store.ids(TASKS) if n.startswith(queue + "/tasks/"))
    chosen, token = page(names, request)
    view = requested_view(request.arg("responseView"))
    out: dict[str, Any] = {}
    if chosen:
        out["tasks"] = [encode(view_of(task_of(store, n), view), request) for n in chosen]
    if token:
        out["nextPageToken"] = token
    return out


def tasks_delete(request: Request) -> dict[str, Any]:
    """projects.locations.queues.tasks.delete: the name stays taken for a while."""
    store: Store = request.store
    name = task_name_of(request)
    task_of(store, name)
    store.delete(TASKS, name)
    tombstone(store, name, store.now())
    return {}
