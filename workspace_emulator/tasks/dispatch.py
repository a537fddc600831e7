"""Dispatching HTTP tasks: due tasks go to their URL within each queue's rate limits, and a
failed attempt is retried after the queue's back-off until its attempts are used up.

Each queue has a token bucket (``maxBurstSize`` tokens, refilled at
``maxDispatchesPerSecond``) and at most ``maxConcurrentDispatches`` attempts in flight, as
Cloud Tasks does. ``dispatch_due(now)`` starts what is due at ``now`` (time passed in, so
tests decide when retries come due); ``run_due(now)`` also waits for the answers. The
emulator's thread calls it with its own clock (``start``/``stop``). A 2xx answer ends the
task; anything else, or no answer within the task's ``dispatchDeadline``, is a failure.
"""

from __future__ import annotations

import base64
import logging
import math
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from workspace_emulator.core.framework import Store
from workspace_emulator.tasks.model import (
    QUEUES,
    TASKS,
    attempts_left,
    backoff,
    parse_time,
    seconds,
    timestamp,
)
from workspace_emulator.tasks.oidc import IdTokenIssuer
from workspace_emulator.tasks.task_methods import tombstone

log = logging.getLogger(__name__)
# HTTP status -> google.rpc.Code, for an attempt's responseStatus
_RPC_CODE = {400: 3, 401: 16, 403: 7, 404: 5, 409: 10, 429: 8, 500: 13, 501: 12, 503: 14, 504: 4}


@dataclass(frozen=True)
class Attempt:
    """One dispatch of a task: its name, the HTTP status (0: no answer), when it started."""

    task: str
    status: int
    started: datetime

    @property
    def ok(self) -> bool:
        """True for a 2xx answer (the task is done and deleted)."""
        return 200 <= self.status < 300


class Dispatcher:
    """Sends due HTTP tasks; one per emulator."""

    def __init__(self, store: Store, issuer: IdTokenIssuer, workers: int = 32) -> None:
        self.store = store
        self.issuer = issuer
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cloudtasks")
        self._lock = threading.Lock()
        self._inflight: dict[str, set[str]] = {}  # queue -> tasks being attempted
        self._buckets: dict[str, tuple[float, datetime]] = {}  # queue -> (tokens, as of)
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the emulator's own thread ------------------------------------------------------

    def start(self) -> None:
        """Dispatch on a thread of the emulator, by the emulator's clock, until ``stop``."""
        self._thread = threading.Thread(target=self._loop, name="cloudtasks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop dispatching; attempts under way are left to finish on their own."""
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        self._pool.shutdown(wait=False, cancel_futures=True)

    def wake(self) -> None:
        """Look for due tasks now (a task was created or a queue changed)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                self.dispatch_due(self.store.now())
            except Exception:  # the loop must outlive a bad task
                log.exception("cloud tasks dispatch failed")
            self._wake.wait(self._idle_seconds())
            self._wake.clear()

    def _idle_seconds(self) -> float:
        """Until the next task is due (at most 1 s; at least 20 ms, the bucket refills)."""
        with self.store.lock, self._lock:
            busy = set().union(*self._inflight.values())
            running = {q["name"] for q in self.store.all(QUEUES) if q["state"] == "RUNNING"}
            due = [
                parse_time(t["scheduleTime"])
                for t in self.store.all(TASKS)
                if t["name"] not in busy and t["name"].rsplit("/tasks/", 1)[0] in running
            ]
        if not due:
            return 1.0
        return min(1.0, max(0.02, (min(due) - self.store.now()).total_seconds()))

    # --- dispatching --------------------------------------------------------------------

    def dispatch_due(self, now: datetime) -> list[Future[Attempt]]:
        """Start an attempt for every task due at ``now`` that its queue's state, token
        bucket and concurrency allow; the futures give each attempt's outcome."""
        started: list[Future[Attempt]] = []
        with self.store.lock, self._lock:
            for queue in self.store.all(QUEUES):
                if queue["state"] != "RUNNING":
                    continue
                for task in self._admit(queue, now):
                    started.append(self._pool.submit(self._attempt, queue["name"], task, now))
        return started

    def run_due(self, now: datetime) -> list[Attempt]:
        """``dispatch_due(now)`` and wait for every attempt's answer."""
        return [future.result() for future in self.dispatch_due(now)]

    def _admit(self, queue: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
        name, limits = queue["name"], queue["rateLimits"]
        busy = self._inflight.setdefault(name, set())
        due = sorted(
            (t for t in self.store.all(TASKS) if t["name"].startswith(name + "/tasks/")
             and t["name"] not in busy and parse_time(t["scheduleTime"]) <= now),
            key=lambda t: (t["scheduleTime"], t["name"]),
        )  # fmt: skip
        burst = float(limits["maxBurstSize"])
        tokens, since = self._buckets.get(name, (burst, now))
        elapsed = max(0.0, (now - since).total_seconds())
        tokens = min(burst, tokens + elapsed * float(limits["maxDispatchesPerSecond"]))
        room = int(limits["maxConcurrentDispatches"]) - len(busy)
        chosen = due[: max(0, min(math.floor(tokens), room))]
        self._buckets[name] = (tokens - len(chosen), max(now, since))
        busy.update(t["name"] for t in chosen)
        return [dict(t) for t in chosen]

    def _attempt(self, queue: str, task: dict[str, Any], now: datetime) -> Attempt:
        began = time.monotonic()
        try:
            status = self._send(queue, task)
        except Exception:  # no answer: refused, reset, timed out
            log.info("cloud task %s: no answer", task["name"].rsplit("/", 1)[-1])
            status = 0
        finished = now + timedelta(seconds=time.monotonic() - began)
        self._record(queue, task, now, finished, status)
        self._wake.set()
        return Attempt(task["name"], status, now)

    def _send(self, queue: str, task: dict[str, Any]) -> int:
        http = task["httpRequest"]
        headers = {"User-Agent": "Google-Cloud-Tasks", **http.get("headers", {})}
        headers.update({
            "X-CloudTasks-QueueName": queue.rsplit("/", 1)[-1],
            "X-CloudTasks-TaskName": task["name"].rsplit("/", 1)[-1],
            "X-CloudTasks-TaskRetryCount": str(task["dispatchCount"]),
            "X-CloudTasks-TaskExecutionCount": str(task["responseCount"]),
            "X-CloudTasks-TaskETA": f"{parse_time(task['scheduleTime']).timestamp():.6f}",
        })  # fmt: skip
        token = http.get("oidcToken")
        if token:
            jwt = self.issuer.issue(token["audience"], token["serviceAccountEmail"])
            headers["Authorization"] = f"Bearer {jwt}"
        body = base64.b64decode(http["body"]) if http.get("body") else None
        if body is not None:
            headers.setdefault("Content-Type", "application/octet-stream")
        # the URL was checked to be http(s) when the task was created
        request = urllib.request.Request(  # noqa: S310
            http["url"], data=body, headers=headers, method=http["httpMethod"]
        )
        timeout = seconds(task["dispatchDeadline"], "dispatchDeadline")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            exc.read()
            exc.close()
            return int(exc.code)

    def _record(
        self, queue: str, sent: dict[str, Any], now: datetime, finished: datetime, status: int
    ) -> None:
        """Count the attempt on the task; end it on success or when out of attempts, else
        schedule its retry after the queue's back-off."""
        with self.store.lock, self._lock:
            self._inflight.get(queue, set()).discard(sent["name"])
            task = self.store.get(TASKS, sent["name"])
            config = self.store.get(QUEUES, queue)
            if task is None or config is None:  # deleted while it ran
                return
            attempt = {"scheduleTime": task["scheduleTime"], "dispatchTime": timestamp(now)}
            if status:
                code = 0 if 200 <= status < 300 else _RPC_CODE.get(status, 2)
                attempt["responseTime"] = timestamp(finished)
                attempt["responseStatus"] = {"code": code, "message": f"HTTP status {status}"}
            task = {**task, "dispatchCount": task["dispatchCount"] + 1, "lastAttempt": attempt,
                    "responseCount": task["responseCount"] + (1 if status else 0)}  # fmt: skip
            task.setdefault("firstAttempt", attempt)
            if 200 <= status < 300 or not attempts_left(config, task["dispatchCount"]):
                self.store.delete(TASKS, task["name"])
                tombstone(self.store, task["name"], finished)
                return
            wait = backoff(config, task["dispatchCount"])
            task["scheduleTime"] = timestamp(finished + timedelta(seconds=wait))
            self.store.put(TASKS, task["name"], task)
