"""Test helpers: an emulator on a free port and real Google clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import google_auth_httplib2
import gspread
import httplib2
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account
from googleapiclient.discovery import build

from workspace_emulator.core import auth
from workspace_emulator.core.faults import FaultConfig
from workspace_emulator.core.server import Emulator

ALL_SCOPES = [
    auth.DRIVE, auth.DOCUMENTS, auth.SPREADSHEETS, auth.CALENDAR,
]  # fmt: skip
_PATHS = {"drive": ("v3", "drive/v3/"), "docs": ("v1", ""), "sheets": ("v4", ""),
          "calendar": ("v3", "calendar/v3/")}  # fmt: skip


def start_emulator(state_dir: Path, faults: FaultConfig | None = None, **kwargs: Any) -> Emulator:
    """A started emulator on a free loopback port."""
    return Emulator(state_dir, port=0, faults=faults, **kwargs).start()


@contextmanager
def running_emulator(state_dir: Path, **kwargs: Any) -> Iterator[Emulator]:
    """An emulator for the duration of a ``with`` block."""
    emulator = start_emulator(state_dir, **kwargs)
    try:
        yield emulator
    finally:
        emulator.stop()


class LoopbackHttp(httplib2.Http):
    """Sends https://127.0.0.1 (forced on media uploads) back to plain http."""

    def __init__(self, base_url: str) -> None:
        super().__init__(timeout=30)
        self._netloc = urlsplit(base_url).netloc
        # 308 is "resume incomplete" in a resumable upload, not a redirect (as googleapiclient's
        # own build_http() sets it)
        self.redirect_codes = self.redirect_codes - {308}

    def request(self, uri: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(uri)
        if parts.netloc == self._netloc and parts.scheme == "https":
            uri = "http" + uri[len("https") :]
        return super().request(uri, *args, **kwargs)


def credentials(emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """Service-account credentials acting as ``user`` (domain-wide delegation)."""
    base = service_account.Credentials.from_service_account_file(
        str(emu.service_account_file), scopes=list(scopes)
    )
    return base.with_subject(user)


def client(api: str, emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """A googleapiclient resource for ``api`` acting as ``user`` against the emulator."""
    version, path = _PATHS[api]
    http = google_auth_httplib2.AuthorizedHttp(
        credentials(emu, user, scopes), http=LoopbackHttp(emu.base_url)
    )
    return build(
        api, version, http=http, static_discovery=True, cache_discovery=False,
        client_options={"api_endpoint": f"{emu.base_url}/{path}"},
    )  # fmt: skip


def drive_client(emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """Drive v3 acting as ``user``."""
    return client("drive", emu, user, scopes)


def docs_client(emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """Docs v1 acting as ``user``."""
    return client("docs", emu, user, scopes)


def sheets_client(emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """Sheets v4 acting as ``user``."""
    return client("sheets", emu, user, scopes)


def calendar_client(emu: Emulator, user: str, scopes: Sequence[str] = ALL_SCOPES) -> Any:
    """Calendar v3 acting as ``user``."""
    return client("calendar", emu, user, scopes)


class _EmulatorSession(AuthorizedSession):
    def __init__(self, creds: Any, base_url: str) -> None:
        super().__init__(creds)
        self._base = base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        parts = urlsplit(url)
        if parts.netloc.endswith("googleapis.com"):
            url = self._base + url[len(f"{parts.scheme}://{parts.netloc}") :]
        return super().request(method, url, *args, **kwargs)


def tasks_client(emu: Emulator) -> Any:
    """google-cloud-tasks' CloudTasksClient on its REST transport, as the emulator's service
    account (not delegated), pointed at the emulator by ``client_options``."""
    from google.cloud import tasks_v2

    creds = service_account.Credentials.from_service_account_file(
        str(emu.service_account_file), scopes=[auth.CLOUD_PLATFORM]
    )
    return tasks_v2.CloudTasksClient(
        transport="rest", credentials=creds, client_options={"api_endpoint": emu.base_url}
    )


def gspread_client(emu: Emulator, user: str) -> gspread.Client:
    """gspread acting as ``user``, its session injected (no patching of gspread)."""
    creds = credentials(emu, user, [auth.SPREADSHEETS, auth.DRIVE])
    return gspread.Client(auth=creds, session=_EmulatorSession(creds, emu.base_url))
