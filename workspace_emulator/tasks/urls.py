"""Cloud Tasks v2's route table: every emulated method, its path and the scopes that allow it.

Queue methods live in ``queues``, task methods in ``task_methods``, the rules in ``model``;
``dispatch`` sends due HTTP tasks with an OIDC token from ``oidc``. Errors are Google's
``google.rpc.Status`` JSON (code, message, status). A real method not emulated (tasks.run,
queues.purge, the IAM policy methods...) answers 501 naming it (``core.unimplemented``).
"""

from __future__ import annotations

from workspace_emulator.core.framework import Api, Handler
from workspace_emulator.tasks import queues, task_methods

API = Api("cloudtasks", "grpc")
_AUTH = "https://www.googleapis.com/auth/"
SCOPES = (_AUTH + "cloud-platform", _AUTH + "cloud-tasks")
# Groups named as the discovery document's flatPath parameters; see model.location_of etc.
_LOCATION = r"/v2/projects/(?P<projectsId>[^/]+)/locations/(?P<locationsId>[^/]+)"
_QUEUE = _LOCATION + r"/queues/(?P<queuesId>[^/:]+)"
_TASK = _QUEUE + r"/tasks/(?P<tasksId>[^/:]+)"

ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", _LOCATION + "/queues", queues.queues_create),
    ("GET", _LOCATION + "/queues", queues.queues_list),
    ("GET", _QUEUE, queues.queues_get),
    ("PATCH", _QUEUE, queues.queues_patch),
    ("DELETE", _QUEUE, queues.queues_delete),
    ("POST", _QUEUE + ":pause", queues.queues_pause),
    ("POST", _QUEUE + ":resume", queues.queues_resume),
    ("POST", _QUEUE + "/tasks", task_methods.tasks_create),
    ("GET", _QUEUE + "/tasks", task_methods.tasks_list),
    ("GET", _TASK, task_methods.tasks_get),
    ("DELETE", _TASK, task_methods.tasks_delete),
]
for _method, _pattern, _handler in ROUTES:
    API.route(_method, _pattern, scopes=SCOPES)(_handler)
