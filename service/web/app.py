"""``create_app``: the Flask application factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from flask import Flask

from service.google.cloud_tasks import TaskQueue
from service.jobs.base import Deps
from service.run_log import RunLog
from service.settings import Config
from service.web.runtime import Runtime


def create_app(
    config: Config,
    *,
    deps: Callable[[bool], Deps] | None = None,
    clock: Callable[[], datetime] | None = None,
    test_config: dict[str, Any] | None = None,
    run_log: RunLog | None = None,
    task_queue: Callable[[], TaskQueue] | None = None,
) -> Flask:
    """Build the app for ``config``; ``deps``, ``clock``, ``run_log`` (where runs are
    recorded; the Workspace service log by default) and ``task_queue`` (the cloud_tasks
    executor's, built from the config on first use) are injectable for tests."""
    from service.bootstrap import build_deps, build_history, build_task_queue
    from service.web.hygiene import hygiene_init_app
    from service.web.readiness import readiness_bp
    from service.web.status import status_bp
    from service.web.tasks import tasks_bp

    app = Flask(__name__)
    app.config.update(test_config or {})
    make_deps = deps or (lambda dry_run: build_deps(config, dry_run=dry_run))

    def deps_stoppable(dry_run: bool) -> Deps:
        built = make_deps(dry_run)
        built.gateway.stop = runtime.lifecycle.stop_jobs  # a shutdown stops the job's calls
        return built

    runtime = Runtime(config=config, deps=deps_stoppable, history=build_history(config, run_log))
    if clock is not None:
        runtime.clock = clock
    if config.service.executor == "cloud_tasks":
        runtime.task_queue = task_queue or cache(lambda: build_task_queue(config))
    app.extensions["oneonone"] = runtime
    app.register_blueprint(status_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(readiness_bp)
    hygiene_init_app(app)
    return app


def runtime_of(app: Flask) -> Runtime:
    """The app's Runtime."""
    runtime: Runtime = app.extensions["oneonone"]
    return runtime
