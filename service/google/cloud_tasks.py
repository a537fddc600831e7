"""Cloud Tasks: one HTTP task per team and job run, named so that a repeated enqueue is a no-op.

google-cloud-tasks' own client on its REST transport; with ``google.yaml: endpoint`` (the
emulator) ``client_options`` point it there, otherwise at Google. Cloud Tasks refuses a task
name in use, or used recently (about an hour on a queue made through the API, about nine
days on a queue.yaml queue), with 409 ALREADY_EXISTS: that is "already enqueued".
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from service.domain.week import Week
from service.errors import WorkspaceError
from service.settings.models import CloudTasksConfig

log = logging.getLogger(__name__)
CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform"


def task_id(job: str, team: str, week: Week, day: date) -> str:
    """The task's id for ``job`` on ``team``'s ``week``, run on ``day`` (the team's local
    date): one per cron run, so a repeated cron request names the same tasks, while Monday's
    collect of the week Friday collected gets tasks of its own. A hash first, as Cloud Tasks
    recommends (ids with a sequential prefix are slower), and the id readable after it."""
    key = f"{job}|{team}|{week.monday.isoformat()}|{day.isoformat()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    readable = re.sub(r"[^A-Za-z0-9_-]", "_", team)[:100]
    return f"{digest}-{job}-{readable}-{week.monday:%Y%m%d}-{day:%Y%m%d}"


@dataclass
class TaskQueue:
    """Enqueues team tasks on the configured queues (``client``: a CloudTasksClient)."""

    config: CloudTasksConfig
    client: Any

    def queue_path(self, job: str) -> str:
        """The full name of ``job``'s queue (``rollup``: the roll-ups' queue)."""
        queue = getattr(self.config.queues, job)
        return f"projects/{self.config.project}/locations/{self.config.location}/queues/{queue}"

    def enqueue(self, job: str, team: str, week: Week, day: date) -> bool:
        """Create ``team``'s task for ``job`` on ``week``; False when it was already
        enqueued (its name is taken). Any other refusal is a ``WorkspaceError``. A collect
        task leaves the roll-ups to the directors' own tasks (``enqueue_rollup``)."""
        query = {"team": team, "week": week.monday.isoformat()}
        if job == "collect":
            query["rollups"] = "0"
        return self._create(job, task_id(job, team, week, day), f"/tasks/{job}", query)

    def enqueue_rollup(self, director: str, week: Week, day: date) -> bool:
        """Create the task writing ``director``'s roll-up of ``week`` once their teams'
        collect tasks are done (it answers 503 until then); named by a key, not the address,
        so no address is in a URL or a log."""
        key = director_key(director)
        query = {"rollup": key, "week": week.monday.isoformat()}
        return self._create("rollup", task_id("rollup", key, week, day), "/tasks/collect", query)

    def pending(self, job: str, week: Week) -> set[str]:
        """The teams whose ``job`` task for ``week`` is still in its queue (waiting, running
        or being retried): one tasks.list per 1,000 tasks."""
        from google.api_core import exceptions

        monday = week.monday.isoformat()
        try:
            tasks = self.client.list_tasks(parent=self.queue_path(job))
            queries = [parse_qs(urlsplit(t.http_request.url).query) for t in tasks]
        except exceptions.GoogleAPICallError as exc:
            raise WorkspaceError(f"Cloud Tasks: {exc.message}", status=exc.code) from None
        return {q["team"][0] for q in queries if q.get("week") == [monday] and "team" in q}

    def _create(self, queue: str, ident: str, path: str, query: dict[str, str]) -> bool:
        # imported when used: they are slow to import (gRPC), and most runs never enqueue
        from google.api_core import exceptions
        from google.cloud import tasks_v2

        parent = self.queue_path(queue)
        task = {
            "name": f"{parent}/tasks/{ident}",
            "http_request": {
                "url": f"{self.config.service_url}{path}?{urlencode(query)}",
                "http_method": tasks_v2.HttpMethod.POST,
                "oidc_token": {
                    "service_account_email": self.config.invoker_service_account,
                    "audience": self.config.service_url,
                },
            },
            "dispatch_deadline": {"seconds": self.config.dispatch_deadline_seconds},
        }
        try:
            self.client.create_task(parent=parent, task=task)
        except exceptions.Conflict:  # ALREADY_EXISTS: in the queue, or run recently
            return False
        except exceptions.GoogleAPICallError as exc:
            raise WorkspaceError(
                f"Cloud Tasks refused the task: {exc.message}", status=exc.code
            ) from None
        return True


def director_key(email: str) -> str:
    """A director's key in roll-up task URLs: a digest of the address, not the address."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def queue_specs(queue_yaml: str, location: str) -> list[dict[str, Any]]:
    """App Engine's ``queue.yaml`` as Cloud Tasks ``Queue`` resources under ``location``
    (``projects/P/locations/L``), for ``queues.create`` where queue.yaml is not deployed
    (Cloud Run) and for the emulator: rate, concurrency and retry parameters."""
    import yaml

    out = []
    for spec in yaml.safe_load(queue_yaml)["queue"]:
        count, unit = str(spec["rate"]).split("/")
        retry = spec.get("retry_parameters", {})
        config: dict[str, Any] = {"max_attempts": retry.get("task_retry_limit", -1)}
        if "task_age_limit" in retry:
            age = str(retry["task_age_limit"])
            config["max_retry_duration"] = {"seconds": int(age[:-1]) * _UNITS[age[-1]]}
        for key, field in (("min_backoff_seconds", "min_backoff"),
                           ("max_backoff_seconds", "max_backoff")):  # fmt: skip
            if key in retry:
                config[field] = {"seconds": int(retry[key])}
        if "max_doublings" in retry:
            config["max_doublings"] = int(retry["max_doublings"])
        out.append({
            "name": f"{location}/queues/{spec['name']}",
            "rate_limits": {
                "max_dispatches_per_second": float(count) / _UNITS[unit],
                "max_concurrent_dispatches": int(spec.get("max_concurrent_requests", 1000)),
            },
            "retry_config": config,
        })  # fmt: skip
    return out


def build_task_queue(config: CloudTasksConfig, credentials: Any, endpoint: str | None) -> TaskQueue:
    """A TaskQueue whose client talks to ``endpoint`` (the emulator) or to Google."""
    from google.cloud import tasks_v2

    client = tasks_v2.CloudTasksClient(
        transport="rest",
        credentials=credentials,
        client_options={"api_endpoint": endpoint} if endpoint else None,
    )
    return TaskQueue(config, client)
