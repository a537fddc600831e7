"""The Workspace read the way a person's own tools would: the real client libraries acting as
one user against the emulator, with none of the service's code in between. The end-to-end
tests count what they check with this, so that a figure the service computes is compared with
a count made independently of it."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any

from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

AUTH = "https://www.googleapis.com/auth/"
SCOPES = [AUTH + "drive", AUTH + "documents", AUTH + "spreadsheets", AUTH + "calendar"]
PATHS = {
    "drive": ("v3", "/drive/v3/"),
    "calendar": ("v3", "/calendar/v3/"),
    "docs": ("v1", "/"),
    "sheets": ("v4", "/"),
}
FILE_FIELDS = (
    "id,name,mimeType,parents,trashed,owners(emailAddress),lastModifyingUser(emailAddress)"
)


class WorkspaceReader:
    """Real Drive, Docs, Sheets and Calendar clients, one per (API, user), on the emulator."""

    def __init__(self, base_url: str, key_file: str) -> None:
        self.base_url = base_url
        with open(key_file) as handle:
            self.key = json.load(handle)

    @cache  # noqa: B019 - one reader per test module; clients are costly to build
    def client(self, api: str, user: str) -> Any:
        """A client of ``api`` acting as ``user`` (domain-wide delegation)."""
        credentials = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            self.key, scopes=SCOPES, subject=user
        )
        version, path = PATHS[api]
        return build(
            api,
            version,
            credentials=credentials,
            static_discovery=True,
            client_options={"api_endpoint": self.base_url + path},
        )

    def files(self, user: str, query: str = "trashed = false") -> list[dict[str, Any]]:
        """Every file ``user`` can see that matches ``query``."""
        drive = self.client("drive", user)
        out: list[dict[str, Any]] = []
        token = None
        while True:
            page = (
                drive.files()
                .list(
                    q=query,
                    fields=f"files({FILE_FIELDS}),nextPageToken",
                    pageSize=1000,
                    pageToken=token,
                )
                .execute()
            )
            out.extend(page.get("files", []))
            token = page.get("nextPageToken")
            if not token:
                return out

    def can_open(self, user: str, file_id: str) -> bool:
        """Whether ``user`` can open the file (Drive answers 404 when they cannot)."""
        try:
            self.client("drive", user).files().get(fileId=file_id, fields="id").execute()
        except HttpError as exc:
            if exc.resp.status == 404:
                return False
            raise
        return True

    def permissions(self, user: str, file_id: str) -> dict[str, str]:
        """Who the file or folder is shared with directly: e-mail -> role."""
        answer = (
            self.client("drive", user)
            .permissions()
            .list(fileId=file_id, fields="permissions(emailAddress,role)")
            .execute()
        )
        return {p.get("emailAddress", ""): p["role"] for p in answer.get("permissions", [])}

    def editors(self, user: str, file_id: str) -> set[str]:
        """Everyone who saved a revision of the file."""
        answer = (
            self.client("drive", user)
            .revisions()
            .list(fileId=file_id, fields="revisions(lastModifyingUser(emailAddress))")
            .execute()
        )
        return {r.get("lastModifyingUser", {}).get("emailAddress", "") for r in answer["revisions"]}

    def events(self, user: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
        """Every event on ``user``'s primary calendar in [start, end), cancelled included."""
        calendar = self.client("calendar", user)
        out: list[dict[str, Any]] = []
        token = None
        while True:
            page = (
                calendar.events()
                .list(
                    calendarId="primary",
                    timeMin=start.isoformat(),
                    timeMax=end.isoformat(),
                    singleEvents=True,
                    showDeleted=True,
                    maxResults=2500,
                    pageToken=token,
                )
                .execute()
            )
            out.extend(page.get("items", []))
            token = page.get("nextPageToken")
            if not token:
                return out

    def document(self, user: str, doc_id: str) -> dict[str, Any]:
        """``documents.get`` as ``user``."""
        doc: dict[str, Any] = self.client("docs", user).documents().get(documentId=doc_id).execute()
        return doc

    def sheet_tabs(
        self, user: str, sheet_id: str, titles: list[str]
    ) -> dict[str, list[dict[str, Any]]]:
        """The rows of each tab as dicts keyed by the header row."""
        answer = (
            self.client("sheets", user)
            .spreadsheets()
            .values()
            .batchGet(
                spreadsheetId=sheet_id,
                ranges=[f"'{t}'!A1:Z" for t in titles],
                valueRenderOption="UNFORMATTED_VALUE",
            )
            .execute()
        )
        out: dict[str, list[dict[str, Any]]] = {}
        for title, block in zip(titles, answer["valueRanges"], strict=True):
            header, *rows = block.get("values", [[]])
            out[title] = [dict(zip(header, row, strict=False)) for row in rows if any(row)]
        return out
