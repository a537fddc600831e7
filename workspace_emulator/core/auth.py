"""The emulator's OAuth: service-account keys, the token endpoint, and access tokens.

The service-account key the emulator writes is a real RSA key; the JWT-bearer grant is
verified with it (signature, issuer, audience, expiry) exactly as Google does, and ``sub``
means domain-wide delegation. The refresh-token grant serves authorized-user files.
"""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import jwt

from workspace_emulator.core.admin_console import AdminConsole
from workspace_emulator.core.framework import Store

AUTH = "https://www.googleapis.com/auth/"
DRIVE = AUTH + "drive"
DRIVE_FILE = AUTH + "drive.file"
DRIVE_READONLY = AUTH + "drive.readonly"
DRIVE_METADATA_READONLY = AUTH + "drive.metadata.readonly"
DOCUMENTS = AUTH + "documents"
DOCUMENTS_READONLY = AUTH + "documents.readonly"
SPREADSHEETS = AUTH + "spreadsheets"
SPREADSHEETS_READONLY = AUTH + "spreadsheets.readonly"
CALENDAR = AUTH + "calendar"
CALENDAR_READONLY = AUTH + "calendar.readonly"
CALENDAR_EVENTS = AUTH + "calendar.events"
CALENDAR_EVENTS_READONLY = AUTH + "calendar.events.readonly"
CALENDAR_FREEBUSY = AUTH + "calendar.freebusy"
CLOUD_PLATFORM = AUTH + "cloud-platform"  # Cloud Tasks

SERVICE_ACCOUNT = "oneonone@emulator.iam.gserviceaccount.com"
OAUTH_CLIENT_ID = "emulator-oauth-client.apps.googleusercontent.com"
TOKEN_SECONDS = 3599
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


class TokenError(Exception):
    """A refused grant: ``error`` is OAuth's code (invalid_grant, unauthorized_client...)."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


class Authority:
    """Issues and checks access tokens; owns the service-account key in the state dir."""

    def __init__(self, state_dir: Path, store: Store, domain: str) -> None:
        self.state_dir = state_dir
        self.store = store
        self.domain = domain
        key_path = state_dir / "service-account-private.pem"
        if key_path.is_file():
            self._private_pem = key_path.read_bytes()
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            self._private_pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            key_path.write_bytes(self._private_pem)
            key_path.chmod(0o600)
        private = serialization.load_pem_private_key(self._private_pem, password=None)
        self._public_pem = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.client_id = "1" + str(int.from_bytes(self._public_pem[-12:], "big"))[:20]
        self.token_uri = ""

    # --- key files --------------------------------------------------------------------

    def write_service_account_file(self, base_url: str) -> Path:
        """Write ``service-account.json`` whose token_uri points at this emulator."""
        self.token_uri = f"{base_url}/token"
        path = self.state_dir / "service-account.json"
        key = {
            "type": "service_account",
            "project_id": "oneonone-emulator",
            "private_key_id": "emulator-key-1",
            "private_key": self._private_pem.decode(),
            "client_email": SERVICE_ACCOUNT,
            "client_id": self.client_id,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "universe_domain": "googleapis.com",
        }
        path.write_text(json.dumps(key, indent=2))
        path.chmod(0o600)
        return path

    def write_authorized_user_file(
        self, user: str, scopes: list[str], path: Path | None = None
    ) -> Path:
        """An OAuth authorized-user file (google-auth's format) for ``user``."""
        refresh = "1//" + secrets.token_urlsafe(32)
        self.store.put("refresh_tokens", refresh, {"user": user.lower(), "scopes": scopes})
        target = path or self.state_dir / f"authorized-user-{user}.json"
        target.write_text(
            json.dumps(
                {
                    "type": "authorized_user",
                    "client_id": OAUTH_CLIENT_ID,
                    "client_secret": "emulator-secret",
                    "refresh_token": refresh,
                    "token_uri": self.token_uri,
                    "account": user,
                }
            )
        )
        return target

    # --- grants -----------------------------------------------------------------------

    def grant(self, body: bytes) -> dict[str, Any]:
        """Answer a POST to /token, or raise TokenError."""
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        kind = form.get("grant_type", "")
        if kind == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._jwt_bearer(form.get("assertion", ""))
        if kind == "refresh_token":
            return self._refresh(form)
        raise TokenError("unsupported_grant_type", f"Unsupported grant_type: {kind!r}")

    def _jwt_bearer(self, assertion: str) -> dict[str, Any]:
        try:
            claims = jwt.decode(assertion, certs=self._public_pem, verify=True, audience=None)
        except ValueError as exc:
            raise TokenError("invalid_grant", f"Invalid JWT Signature. {exc}") from None
        if claims.get("aud") not in (self.token_uri, GOOGLE_TOKEN_URI):
            raise TokenError("invalid_grant", "Invalid JWT: audience does not match token_uri")
        if claims.get("iss") != SERVICE_ACCOUNT:
            raise TokenError("invalid_grant", "Invalid JWT: unknown issuer")
        now = time.time()
        if (
            not claims.get("exp")
            or claims["exp"] < now
            or claims["exp"] - claims.get("iat", now) > 3700
        ):
            raise TokenError("invalid_grant", "Invalid JWT: Token must be a short-lived token")
        subject = str(claims.get("sub") or SERVICE_ACCOUNT).lower()
        if subject != SERVICE_ACCOUNT and not subject.endswith("@" + self.domain):
            raise TokenError(
                "unauthorized_client",
                "Client is unauthorized to retrieve access tokens using this method, or client "
                "not authorized for any of the scopes requested.",
                401,
            )
        scopes = str(claims.get("scope", "")).split()
        if not scopes:
            raise TokenError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        console = AdminConsole(self.store)
        if console.is_suspended(subject):
            raise TokenError("invalid_grant", "Invalid email or User ID")
        if set(scopes) & console.refused_scopes(subject):
            raise TokenError(
                "unauthorized_client",
                "Client is unauthorized to retrieve access tokens using this method, or client "
                "not authorized for any of the scopes requested.",
                401,
            )
        return self._issue(subject, scopes, self.client_id)

    def _refresh(self, form: dict[str, str]) -> dict[str, Any]:
        record = self.store.get("refresh_tokens", form.get("refresh_token", ""))
        if record is None or form.get("client_id") != OAUTH_CLIENT_ID:
            raise TokenError("invalid_grant", "Token has been expired or revoked.")
        scopes = form["scope"].split() if form.get("scope") else list(record["scopes"])
        if not set(scopes) <= set(record["scopes"]):
            raise TokenError("invalid_scope", "Bad Request")
        return self._issue(record["user"], scopes, OAUTH_CLIENT_ID)

    def _issue(self, user: str, scopes: list[str], client_id: str) -> dict[str, Any]:
        token = "ya29.emu-" + secrets.token_urlsafe(32)
        record = {
            "user": user,
            "scopes": scopes,
            "client_id": client_id,
            "expires": time.time() + TOKEN_SECONDS,
        }
        self.store.put("tokens", token, record)
        return {
            "access_token": token,
            "expires_in": TOKEN_SECONDS,
            "scope": " ".join(scopes),
            "token_type": "Bearer",
        }

    def lookup(self, authorization: str) -> dict[str, Any] | None:
        """The token record for an ``Authorization`` header, or None if invalid/expired."""
        if not authorization.startswith("Bearer "):
            return None
        token = authorization.removeprefix("Bearer ").strip()
        if token.count(".") == 2:
            return self._self_signed(token)
        record = self.store.get("tokens", token)
        if record is None or record["expires"] < time.time():
            return None
        return record

    def _self_signed(self, token: str) -> dict[str, Any] | None:
        """A service account's self-signed JWT used as the access token (google.aip.dev/auth/
        4111, what GAPIC clients such as google-cloud-tasks send): signed with the key,
        issued by the service account, unexpired, with a ``scope`` claim or the audience of
        Cloud Tasks. It acts as the service account itself, never as a delegated user."""
        try:
            claims = jwt.decode(token, certs=self._public_pem, verify=True, audience=None)
        except ValueError:
            return None
        if claims.get("iss") != SERVICE_ACCOUNT or claims.get("sub", SERVICE_ACCOUNT) != (
            SERVICE_ACCOUNT
        ):
            return None
        scopes = str(claims.get("scope", "")).split()
        if not scopes and str(claims.get("aud", "")).startswith("https://cloudtasks."):
            scopes = [CLOUD_PLATFORM]
        return {"user": SERVICE_ACCOUNT, "scopes": scopes, "client_id": self.client_id,
                "expires": claims["exp"]}  # fmt: skip
