"""Cloud Tasks v2 queue methods: create, get, list, patch, delete, pause and resume.

Routes in ``tasks.urls``; the rules (defaults, limits, update masks) in ``tasks.model``.
"""

from __future__ import annotations

from typing import Any

from workspace_emulator.core.framework import ApiError, Request, Store
from workspace_emulator.tasks.model import (
    QUEUE_ID,
    QUEUES,
    TASKS,
    encode,
    invalid,
    location_of,
    new_queue,
    not_found,
    patched_queue,
    queue_name_of,
)


def queue_of(store: Store, name: str) -> dict[str, Any]:
    """The stored queue, or Google's 404."""
    queue = store.get(QUEUES, name)
    if queue is None:
        raise not_found()
    return queue


def page(items: list[Any], request: Request, limit: int = 1000) -> tuple[list[Any], str | None]:
    """One page of ``items`` for ``pageSize`` and ``pageToken`` (an offset)."""
    size = request.int_arg("pageSize", limit) or limit
    if size < 0:
        raise invalid("page_size must not be negative.")
    token = request.arg("pageToken") or "0"
    if not token.isdigit():
        raise invalid("Invalid page_token.")
    start, size = int(token), min(size, limit)
    rest = items[start + size :]
    return items[start : start + size], str(start + size) if rest else None


def queues_create(request: Request) -> dict[str, Any]:
    """projects.locations.queues.create: 409 when the name is taken."""
    body = request.json()
    parent = location_of(request)
    name = str(body.get("name") or "")
    prefix = parent + "/queues/"
    if not name.startswith(prefix) or not QUEUE_ID.fullmatch(name[len(prefix) :]):
        raise invalid(f"Queue.name must be {prefix}QUEUE_ID (letters, digits, hyphens).")
    store: Store = request.store
    if store.get(QUEUES, name) is not None:
        raise ApiError(409, "Requested entity already exists", status="ALREADY_EXISTS")
    return encode(store.put(QUEUES, name, new_queue(name, body)), request)


def queues_get(request: Request) -> dict[str, Any]:
    """projects.locations.queues.get."""
    return encode(queue_of(request.store, queue_name_of(request)), request)


def queues_list(request: Request) -> dict[str, Any]:
    """projects.locations.queues.list, by name."""
    store: Store = request.store
    prefix = location_of(request) + "/queues/"
    names = sorted(n for n in store.ids(QUEUES) if n.startswith(prefix))
    chosen, token = page(names, request, limit=9800)
    out: dict[str, Any] = {}
    if chosen:
        out["queues"] = [encode(queue_of(store, n), request) for n in chosen]
    if token:
        out["nextPageToken"] = token
    return out


def queues_patch(request: Request) -> dict[str, Any]:
    """projects.locations.queues.patch: updates the masked fields, or creates the queue."""
    store: Store = request.store
    name = queue_name_of(request)
    body = request.json()
    if body.get("name") and body["name"] != name:
        raise invalid("Queue.name does not match the URL.")
    queue = store.get(QUEUES, name)
    if queue is None:
        updated = new_queue(name, body)
    else:
        updated = patched_queue(queue, body, request.arg("updateMask"))
    return encode(store.put(QUEUES, name, updated), request)


def queues_delete(request: Request) -> dict[str, Any]:
    """projects.locations.queues.delete, with its tasks."""
    store: Store = request.store
    name = queue_name_of(request)
    queue_of(store, name)
    for task in store.ids(TASKS):
        if task.startswith(name + "/tasks/"):
            store.delete(TASKS, task)
    store.delete(QUEUES, name)
    return {}


def _set_state(request: Request, state: str) -> dict[str, Any]:
    store: Store = request.store
    queue = dict(queue_of(store, queue_name_of(request)), state=state)
    return encode(store.put(QUEUES, queue["name"], queue), request)


def queues_pause(request: Request) -> dict[str, Any]:
    """projects.locations.queues.pause: tasks are kept, none is dispatched."""
    return _set_state(request, "PAUSED")


def queues_resume(request: Request) -> dict[str, Any]:
    """projects.locations.queues.resume."""
    return _set_state(request, "RUNNING")
