"""Cloud Tasks v2 on the emulator, through google-cloud-tasks' own client (REST transport).

Queues and tasks as the client sees them, name deduplication, and dispatch: the test decides
when attempts happen (``run_due(now)``), a small HTTP server plays the task's target.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from google.api_core import exceptions
from google.auth.transport import requests as google_requests
from google.cloud import tasks_v2
from google.oauth2 import id_token
from google.protobuf import field_mask_pb2

from workspace_emulator.core.server import Emulator
from workspace_emulator.tasks.oidc import CERTS_PATH
from workspace_emulator.testing import running_emulator, tasks_client

LOCATION = "projects/acme/locations/europe-west1"
INVOKER = "tasks-invoker@acme.iam.gserviceaccount.com"


class Target:
    """An HTTP server answering task requests with the statuses it is given, in order."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.release.set()
        target = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                target.received.append(
                    (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                target.arrived.set()
                target.release.wait(timeout=30)
                status = target.statuses.pop(0) if target.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def emu(tmp_path: Path) -> Iterator[Emulator]:
    with running_emulator(tmp_path / "ws", dispatch_tasks=False) as emulator:
        yield emulator


@pytest.fixture
def target() -> Iterator[Target]:
    served = Target()
    yield served
    served.release.set()
    served.server.shutdown()
    served.server.server_close()


def make_queue(client: Any, queue_id: str, **settings: Any) -> Any:
    return client.create_queue(
        parent=LOCATION, queue={"name": f"{LOCATION}/queues/{queue_id}", **settings}
    )


def http_task(queue: Any, task_id: str | None, url: str, body: bytes = b"") -> dict[str, Any]:
    task: dict[str, Any] = {
        "http_request": {
            "url": url,
            "http_method": tasks_v2.HttpMethod.POST,
            "oidc_token": {"service_account_email": INVOKER, "audience": "https://svc.example"},
            "body": body,
        }
    }
    if task_id:
        task["name"] = f"{queue.name}/tasks/{task_id}"
    return task


def test_queues_have_google_defaults_and_take_rate_limits_and_retry_config(emu: Emulator) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "prepare")
    assert queue.state == tasks_v2.Queue.State.RUNNING
    assert queue.rate_limits.max_dispatches_per_second == 500
    assert queue.rate_limits.max_concurrent_dispatches == 1000
    assert queue.retry_config.max_attempts == 100
    assert queue.retry_config.min_backoff.total_seconds() == pytest.approx(0.1)
    patched = client.update_queue(
        queue={
            "name": queue.name,
            "rate_limits": {"max_dispatches_per_second": 10, "max_concurrent_dispatches": 5},
            "retry_config": {"max_attempts": 5, "min_backoff": {"seconds": 10},
                             "max_backoff": {"seconds": 300}, "max_doublings": 3},
        },
        update_mask=field_mask_pb2.FieldMask(paths=["rate_limits", "retry_config"]),
    )  # fmt: skip
    assert patched.rate_limits.max_dispatches_per_second == 10
    assert patched.rate_limits.max_burst_size == 2
    assert patched.retry_config.max_doublings == 3
    got = client.get_queue(name=queue.name)
    assert got.retry_config.max_backoff.total_seconds() == 300
    assert [q.name for q in client.list_queues(parent=LOCATION)] == [queue.name]
    with pytest.raises(exceptions.Conflict):
        make_queue(client, "prepare")
    with pytest.raises(exceptions.BadRequest):
        client.update_queue(queue={"name": queue.name, "rate_limits": {
            "max_dispatches_per_second": 501}})  # fmt: skip


def test_tasks_are_created_listed_and_deleted_and_their_names_deduplicated(emu: Emulator) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "collect")
    task = client.create_task(
        parent=queue.name, task=http_task(queue, "east-w1", "http://x/t", b"hi")
    )
    assert task.name.endswith("/tasks/east-w1") and task.dispatch_count == 0
    assert task.http_request.body == b""  # the BASIC view leaves the body out
    full = client.get_task(request={"name": task.name, "response_view": tasks_v2.Task.View.FULL})
    assert full.http_request.body == b"hi"
    assert full.http_request.oidc_token.service_account_email == INVOKER
    with pytest.raises(exceptions.Conflict) as taken:
        client.create_task(parent=queue.name, task=http_task(queue, "east-w1", "http://x/t"))
    assert taken.value.message.endswith(": Requested entity already exists")
    assert isinstance(taken.value, exceptions.AlreadyExists) or taken.value.code == 409
    unnamed = client.create_task(parent=queue.name, task=http_task(queue, None, "http://x/t"))
    assert len(list(client.list_tasks(parent=queue.name))) == 2
    client.delete_task(name=task.name)
    client.delete_task(name=unnamed.name)
    assert list(client.list_tasks(parent=queue.name)) == []
    with pytest.raises(exceptions.Conflict, match="existed too recently"):
        client.create_task(parent=queue.name, task=http_task(queue, "east-w1", "http://x/t"))
    emu.store.set_now(emu.store.now() + timedelta(hours=2))  # the tombstone has expired
    assert client.create_task(parent=queue.name, task=http_task(queue, "east-w1", "http://x/t"))
    with pytest.raises(exceptions.NotFound):
        client.get_task(name=f"{queue.name}/tasks/nobody")
    with pytest.raises(exceptions.BadRequest):
        client.create_task(parent=queue.name, task=http_task(queue, "bad.name", "http://x/t"))
    with pytest.raises(exceptions.NotFound):
        client.create_task(
            parent=f"{LOCATION}/queues/none", task=http_task(queue, None, "http://x")
        )


def test_a_task_is_sent_with_a_verifiable_oidc_token_and_ends_on_2xx(
    emu: Emulator, target: Target
) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "remind")
    task = client.create_task(
        parent=queue.name, task=http_task(queue, "t1", target.url + "/run?x=1")
    )
    attempts = emu.tasks.run_due(emu.store.now())
    assert [(a.task, a.status) for a in attempts] == [(task.name, 200)]
    path, headers, _body = target.received[0]
    assert path == "/run?x=1"
    assert headers["x-cloudtasks-queuename"] == "remind"
    assert headers["x-cloudtasks-taskname"] == "t1"
    assert headers["x-cloudtasks-taskretrycount"] == "0"
    token = headers["authorization"].removeprefix("Bearer ")
    claims = id_token.verify_token(
        token, google_requests.Request(), "https://svc.example", certs_url=emu.base_url + CERTS_PATH
    )
    assert claims["email"] == INVOKER and claims["email_verified"]
    assert claims["iss"] == "https://accounts.google.com"
    with pytest.raises(ValueError):
        id_token.verify_token(token, google_requests.Request(), "https://other.example",
                              certs_url=emu.base_url + CERTS_PATH)  # fmt: skip
    assert list(client.list_tasks(parent=queue.name)) == []  # done: deleted
    with pytest.raises(exceptions.Conflict):  # and its name is not free again yet
        client.create_task(parent=queue.name, task=http_task(queue, "t1", target.url))


def test_a_failed_attempt_is_retried_after_the_back_off(emu: Emulator, target: Target) -> None:
    client = tasks_client(emu)
    retry = {"max_attempts": 3, "min_backoff": {"seconds": 10}, "max_backoff": {"seconds": 60}}
    queue = make_queue(client, "prepare", retry_config=retry)
    task = client.create_task(parent=queue.name, task=http_task(queue, "t", target.url))
    target.statuses = [500, 503]
    now = emu.store.now()
    assert [a.status for a in emu.tasks.run_due(now)] == [500]
    waiting = client.get_task(name=task.name)
    assert waiting.dispatch_count == 1 and waiting.response_count == 1
    assert waiting.last_attempt.response_status.code == 13  # INTERNAL
    delay = (waiting.schedule_time - now).total_seconds()
    assert 10 <= delay < 11
    assert emu.tasks.run_due(now + timedelta(seconds=5)) == []  # not due yet
    assert [a.status for a in emu.tasks.run_due(now + timedelta(seconds=11))] == [503]
    again = client.get_task(name=task.name)
    assert 20 <= (again.schedule_time - now).total_seconds() - 11 < 21  # doubled
    assert [a.status for a in emu.tasks.run_due(now + timedelta(seconds=40))] == [200]
    assert list(client.list_tasks(parent=queue.name)) == []
    assert target.received[-1][1]["x-cloudtasks-taskretrycount"] == "2"


def test_a_task_out_of_attempts_is_dropped(emu: Emulator, target: Target) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "q", retry_config={"max_attempts": 2})
    client.create_task(parent=queue.name, task=http_task(queue, "t", target.url))
    target.statuses = [500, 500, 500]
    now = emu.store.now()
    assert [a.status for a in emu.tasks.run_due(now)] == [500]
    assert [a.status for a in emu.tasks.run_due(now + timedelta(minutes=5))] == [500]
    assert list(client.list_tasks(parent=queue.name)) == []
    assert emu.tasks.run_due(now + timedelta(hours=1)) == []


def test_rate_limits_bound_dispatches_per_second_and_in_flight(
    emu: Emulator, target: Target
) -> None:
    client = tasks_client(emu)
    slow = make_queue(client, "slow", rate_limits={"max_dispatches_per_second": 1})
    for n in range(3):
        client.create_task(parent=slow.name, task=http_task(slow, f"t{n}", target.url))
    now = emu.store.now()
    assert len(emu.tasks.run_due(now)) == 1  # a bucket of one token
    assert emu.tasks.run_due(now) == []
    assert len(emu.tasks.run_due(now + timedelta(seconds=1))) == 1
    assert len(emu.tasks.run_due(now + timedelta(seconds=30))) == 1  # never more than burst
    narrow = make_queue(client, "narrow", rate_limits={"max_concurrent_dispatches": 1})
    for n in range(2):
        client.create_task(parent=narrow.name, task=http_task(narrow, f"t{n}", target.url))
    target.release.clear()
    later = emu.store.now()
    first = emu.tasks.dispatch_due(later)
    assert len(first) == 1 and target.arrived.wait(timeout=10)
    assert emu.tasks.dispatch_due(later) == []  # one in flight already
    target.release.set()
    assert first[0].result(timeout=10).ok
    assert len(emu.tasks.run_due(later)) == 1


def test_a_paused_queue_keeps_its_tasks(emu: Emulator, target: Target) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "q")
    client.create_task(parent=queue.name, task=http_task(queue, "t", target.url))
    client.pause_queue(name=queue.name)
    assert emu.tasks.run_due(emu.store.now()) == []
    client.resume_queue(name=queue.name)
    assert len(emu.tasks.run_due(emu.store.now())) == 1


def test_methods_not_emulated_answer_501(emu: Emulator) -> None:
    client = tasks_client(emu)
    queue = make_queue(client, "q")
    task = client.create_task(parent=queue.name, task=http_task(queue, "t", "http://x/"))
    with pytest.raises(exceptions.MethodNotImplemented):
        client.run_task(name=task.name)


def test_the_emulator_dispatches_on_its_own_thread(tmp_path: Path, target: Target) -> None:
    with running_emulator(tmp_path / "ws") as emu:
        client = tasks_client(emu)
        queue = make_queue(client, "q")
        client.create_task(parent=queue.name, task=http_task(queue, "t", target.url))
        assert target.arrived.wait(timeout=10)
