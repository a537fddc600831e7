"""Wire real adapters from configuration: the one place that builds the dependencies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.ratelimit import RateLimiter
from service.google.scopes import scopes_for
from service.jobs.base import Deps
from service.run_history import RunHistory
from service.run_log import RunLog, SpillFile
from service.settings import Config
from service.settings.org import teams_of


def build_gateway(config: Config, *, limiter: RateLimiter | None = None, **options: Any) -> Gateway:
    """The gateway for the configured credentials and endpoint (``options``: Gateway's)."""
    auth = config.google.auth
    path: Path | None = None
    if auth.mode == "service_account" and auth.key_file:
        path = config.resolve(auth.key_file)
    elif auth.mode == "oauth_user" and auth.authorized_user_file:
        path = config.resolve(auth.authorized_user_file)
    templates = config.google.templates
    customer = any((templates.ae_doc_id, templates.manager_doc_id, templates.vp_doc_id))
    scopes = scopes_for(customer_templates=customer)
    return Gateway(
        CredentialSource(auth.mode, path, scopes),
        endpoint=config.google.endpoint,
        limiter=limiter,
        **options,
    )


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
