"""The "1:1 service log": one spreadsheet in the admin's My Drive, one row per team and run.

Every process and instance appends to it and reads it, so /status shows the same history
everywhere and a restart loses nothing. ``values.append`` is atomic (two appends at once never
overwrite each other's rows) and one call carries every team of a run: one write against the
Sheets quota of 60 per minute per user. It is made on first use, owned by the admin and not
shared (not under the root folder, whose sharing the managers inherit), and found again by
its appProperties like every file the service makes.

Calls: one files.list per process to find it (three more, once, to create it); then one
values.append per run and one values.get per read.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from typing import Any

from service.errors import NotFoundError
from service.google import tags
from service.google.drive import find_files
from service.google.gateway import Gateway
from service.google.managed_sheet import FILE_FIELDS, create_sheet
from service.run_log import FIELDS, Entry

log = logging.getLogger(__name__)
NAME = "1:1 service log"
HEADERS = (
    "Run", "Started (UTC)", "Job", "Team", "Week", "Seconds", "API calls", "Counts",
    "Warnings", "Error", "Skipped",
)  # fmt: skip
# No sheet title: the first sheet, whatever the locale named it ("Sheet1", "Feuille 1").
COLUMNS = "A:K"


class SheetRunLog:
    """The run log in a spreadsheet owned by ``admin``."""

    def __init__(self, gateway: Gateway, admin: str) -> None:
        self.gateway = gateway
        self.admin = admin
        self._file_id: str | None = None
        self._lock = threading.Lock()

    def append(self, entries: Sequence[Entry]) -> None:
        """One values.append with every entry (RAW: an error text stays text)."""
        if not entries:
            return
        file_id = self._find(create=True)
        assert file_id is not None
        values = self.gateway.client("sheets", self.admin).spreadsheets().values()
        request = values.append(
            spreadsheetId=file_id,
            range="A1",
            valueInputOption="RAW",
            insertDataOption="INSERT_ROWS",
            body={"values": [_row(e) for e in entries]},
        )
        self._execute(request, "the service log")

    def read(self) -> list[Entry]:
        """Every entry, oldest first: one values.get (none yet when there is no log)."""
        file_id = self._find(create=False)
        if file_id is None:
            return []
        values = self.gateway.client("sheets", self.admin).spreadsheets().values()
        request = values.get(
            spreadsheetId=file_id, range=COLUMNS, valueRenderOption="UNFORMATTED_VALUE"
        )
        answer = self._execute(request, "the service log")
        return [e for row in answer.get("values", []) if (e := _entry(row)) is not None]

    def _execute(self, request: Any, what: str) -> Any:
        try:
            return self.gateway.execute(request, self.admin, what)
        except NotFoundError:
            self._file_id = None  # trashed or unshared: found (or made) afresh next time
            raise

    def _find(self, *, create: bool) -> str | None:
        with self._lock:
            if self._file_id is None:
                logs = self._logs()
                found = logs[0] if logs else None
                if found is None and create:
                    found = self._create()
                self._file_id = str(found["id"]) if found else None
            return self._file_id

    def _create(self) -> dict[str, Any]:
        """A new log with its header row. Two processes creating it at once both keep the
        oldest; the other one is put in the bin by whoever made it."""
        gw, admin = self.gateway, self.admin
        mine = create_sheet(gw, admin, NAME, tags.tags(kind=tags.KIND_SERVICE_LOG), None)
        header = gw.client("sheets", admin).spreadsheets().values().update(
            spreadsheetId=mine["id"], range="A1", valueInputOption="RAW",
            body={"values": [list(HEADERS)]},
        )  # fmt: skip
        gw.execute(header, admin, "the service log")
        oldest = next(iter(self._logs()), mine)
        if oldest["id"] != mine["id"]:
            trash = (
                gw.client("drive", admin)
                .files()
                .update(fileId=mine["id"], body={"trashed": True}, supportsAllDrives=True)
            )
            gw.execute(trash, admin, "the service log")
            return oldest
        log.info("created the service log")
        return mine

    def _logs(self) -> list[dict[str, Any]]:
        """Our service logs, oldest first (one files.list)."""
        query = tags.drive_query(kind=tags.KIND_SERVICE_LOG)
        files = find_files(
            self.gateway, self.admin, query, fields=FILE_FIELDS, what="the service log"
        )
        return sorted(files, key=lambda f: (f.get("createdTime", ""), f.get("id", "")))


def _row(entry: Entry) -> list[Any]:
    row: list[Any] = []
    for name in FIELDS:
        value = entry.get(name)
        if name == "counts":
            value = json.dumps(value or {}, sort_keys=True)
        row.append("" if value is None else value)
    return row


def _entry(row: list[Any]) -> Entry | None:
    """A row back as an entry; the header, a blank row or a row someone typed is skipped."""
    cells = [*row, *[""] * (len(FIELDS) - len(row))]
    entry: Entry = dict(zip(FIELDS, cells, strict=False))
    if not entry["run"] or entry["run"] == HEADERS[0] or not entry["job"]:
        return None
    try:
        entry["counts"] = json.loads(entry["counts"]) if entry["counts"] else {}
        entry["seconds"] = float(entry["seconds"] or 0)
        entry["api_calls"] = int(entry["api_calls"] or 0)
        entry["warnings"] = int(entry["warnings"] or 0)
    except (TypeError, ValueError):
        return None
    if not isinstance(entry["counts"], dict) or entry["seconds"] != entry["seconds"]:
        return None  # someone typed a list, a number or nan where the service writes its own
    for name in ("run", "started", "job", "team", "week"):
        entry[name] = str(entry[name])
    entry["error"] = str(entry["error"]) if entry["error"] != "" else None
    entry["skipped"] = str(entry["skipped"]) if entry["skipped"] != "" else None
    return entry
