"""Wire real adapters from configuration: the one place that builds the dependencies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.errors import ConfigError
from service.google.cloud_tasks import CLOUD_PLATFORM, TaskQueue
from service.google.cloud_tasks import build_task_queue as make_task_queue
from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.ratelimit import RateLimiter
from service.google.scopes import scopes_for
from service.jobs.base import Deps
from service.run_history import RunHistory
from service.run_log import RunLog, SpillFile
from service.settings import Config
from service.settings.org import teams_of


def _credentials_path(config: Config) -> Path | None:
    auth = config.google.auth
    if auth.mode == "service_account" and auth.key_file:
        return config.resolve(auth.key_file)
    if auth.mode == "oauth_user" and auth.authorized_user_file:
        return config.resolve(auth.authorized_user_file)
    return None


def build_gateway(config: Config, *, limiter: RateLimiter | None = None, **options: Any) -> Gateway:
    """The gateway for the configured credentials and endpoint (``options``: Gateway's)."""
    auth = config.google.auth
    path = _credentials_path(config)
    templates = config.google.templates
    customer = any((templates.ae_doc_id, templates.manager_doc_id, templates.vp_doc_id))
    scopes = scopes_for(customer_templates=customer)
    return Gateway(
        CredentialSource(auth.mode, path, scopes),
        endpoint=config.google.endpoint,
        limiter=limiter,
        **options,
    )


def build_task_queue(config: Config) -> TaskQueue:
    """The ``cloud_tasks`` executor's queue: Cloud Tasks as the service's own identity (the
    key file's service account, not delegated; or application default credentials), at
    ``google.yaml: endpoint`` when set (the emulator), else at Google."""
    cloud = config.service.cloud_tasks
    if cloud is None:
        raise ConfigError(["service.yaml: cloud_tasks: missing (executor cloud_tasks)"])
    scopes = (CLOUD_PLATFORM,)
    source = CredentialSource(config.google.auth.mode, _credentials_path(config), scopes)
    return make_task_queue(cloud, source.for_service(scopes), config.google.endpoint)


def build_deps(
    config: Config,
    *,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    gateway: Gateway | None = None,
) -> Deps:
    """Dependencies for running jobs against the configured Workspace."""
    return Deps(
        config=config,
        gateway=gateway or build_gateway(config),
        teams=teams_of(config),
        dry_run=dry_run,
        progress=progress or (lambda _message: None),
    )


def build_run_log(config: Config) -> RunLog:
    """The admin's "1:1 service log" in Workspace. Its calls give up sooner than a job's
    (two attempts, 15 s): during an outage the run is kept locally instead of waiting."""
    from service.google.service_log import SheetRunLog

    return SheetRunLog(build_gateway(config, max_attempts=2, timeout=15.0), config.admin_user)


def build_history(config: Config, run_log: RunLog | None = None) -> RunHistory:
    """The run history shared by every process, with the local spill file (``service.yaml:
    status_file``) for runs the shared log cannot take yet."""
    spill_at = config.service.status_file
    return RunHistory(
        run_log if run_log is not None else build_run_log(config),
        spill=SpillFile(config.resolve(spill_at)) if spill_at else None,
    )
