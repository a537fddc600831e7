"""Credentials from config: service account (domain-wide delegation), OAuth user, or ADC."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import google.auth
import google.auth.exceptions
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account

from service.errors import ConfigError
from service.google.scopes import SCOPES

# auth mode -> (the google.yaml field naming its file, what the file must be)
FILE_MODES = {
    "service_account": ("auth.key_file", "a service-account key"),
    "oauth_user": ("auth.authorized_user_file", "an authorized-user credentials file"),
}


def load_credentials_file(mode: str, path: Path | None, scopes: tuple[str, ...] = SCOPES) -> Any:
    """The credentials of a key file (``service_account``) or an authorized-user file
    (``oauth_user``); a missing, unreadable or wrong file is one ``ConfigError`` line."""
    field, what = FILE_MODES[mode]
    if path is None or not path.is_file():
        label = "key file" if mode == "service_account" else "file"
        raise ConfigError([f"google.yaml: {field}: {label} not found: {path}"])
    try:
        if mode == "service_account":
            return service_account.Credentials.from_service_account_file(
                str(path), scopes=list(scopes)
            )
        return user_credentials.Credentials.from_authorized_user_file(
            str(path), scopes=list(scopes)
        )
    except OSError as exc:
        raise ConfigError([f"google.yaml: {field}: cannot read {path}: {exc.strerror}"]) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # google-auth says "missing fields token_uri, client_email", a JSON decode error or
        # a key it cannot parse, as bare exceptions.
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise ConfigError([f"google.yaml: {field}: {path} is not {what} ({reason})"]) from None


class CredentialSource:
    """Hands out credentials acting as a given user.

    With a service account and domain-wide delegation the service acts as each manager, so
    the files and events it makes are theirs. With OAuth-user or application-default
    credentials it always acts as that one identity.
    """

    def __init__(self, mode: str, path: Path | None, scopes: tuple[str, ...] = SCOPES) -> None:
        self.mode = mode
        self.scopes = scopes
        self._path = path
        self._base: Any
        if mode in FILE_MODES:
            self._base = load_credentials_file(mode, path, scopes)
        else:
            try:
                self._base, _project = google.auth.default(scopes=list(scopes))
            except google.auth.exceptions.DefaultCredentialsError as exc:
                reason = " ".join(str(exc).split())[:200]
                raise ConfigError(
                    [f"google.yaml: auth.mode: no application default credentials ({reason})"]
                ) from None
        self._cache: dict[str, Any] = {}

    @property
    def client_id(self) -> str:
        """The OAuth client id an admin authorizes for domain-wide delegation ("" if none)."""
        if self.mode != "service_account" or self._path is None:
            return ""
        try:
            info = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        return str(info.get("client_id", "")) if isinstance(info, dict) else ""

    def for_user_with(self, user: str, scopes: tuple[str, ...]) -> Any:
        """Fresh credentials acting as ``user`` with only ``scopes`` (to test one grant)."""
        if not self.delegates:
            return self._base
        return self._base.with_scopes(list(scopes)).with_subject(user)

    @property
    def delegates(self) -> bool:
        """True when the service can act as any user of the domain."""
        return self.mode == "service_account"

    def for_service(self, scopes: tuple[str, ...]) -> Any:
        """The service's own identity with ``scopes`` (no delegation), for Google Cloud APIs
        such as Cloud Tasks; an OAuth user's credentials are used as they are."""
        if self.mode == "oauth_user" or not hasattr(self._base, "with_scopes"):
            return self._base
        return self._base.with_scopes(list(scopes))

    def for_user(self, user: str) -> Any:
        """Credentials acting as ``user`` (the shared identity when not delegating)."""
        if not self.delegates:
            return self._base
        if user not in self._cache:
            self._cache[user] = self._base.with_subject(user)
        return self._cache[user]
