"""Wire real adapters from configuration: the one place that builds the dependencies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from service.google.credentials import CredentialSource
from service.google.gateway import Gateway
from service.google.ratelimit import RateLimiter
from service.google.scopes import scopes_for
from service.jobs.base import Deps
from service.settings import Config
from service.settings.org import teams_of


def build_gateway(config: Config, *, limiter: RateLimiter | None = None) -> Gateway:
    """The gateway for the configured credentials and endpoint."""
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
        CredentialSource(auth.mode, path, scopes), endpoint=config.google.endpoint, limiter=limiter
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
