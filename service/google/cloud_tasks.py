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
from urllib.parse import urlencode

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
        """The full name of ``job``'s queue."""
        queue = getattr(self.config.queues, job)
        return f"projects/{self.config.project}/locations/{self.config.location}/queues/{queue}"

    def enqueue(self, job: str, team: str, week: Week, day: date) -> bool:
        """Create ``team``'s task for ``job`` on ``week``; False when it was already
        enqueued (its name is taken). Any other refusal is a ``WorkspaceError``."""
        # imported when used: they are slow to import (gRPC), and most runs never enqueue
        from google.api_core import exceptions
        from google.cloud import tasks_v2

        parent = self.queue_path(job)
        query = urlencode({"team": team, "week": week.monday.isoformat()})
        task = {
            "name": f"{parent}/tasks/{task_id(job, team, week, day)}",
            "http_request": {
                "url": f"{self.config.service_url}/tasks/{job}?{query}",
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


def build_task_queue(config: CloudTasksConfig, credentials: Any, endpoint: str | None) -> TaskQueue:
    """A TaskQueue whose client talks to ``endpoint`` (the emulator) or to Google."""
    from google.cloud import tasks_v2

    client = tasks_v2.CloudTasksClient(
        transport="rest",
        credentials=credentials,
        client_options={"api_endpoint": endpoint} if endpoint else None,
    )
    return TaskQueue(config, client)
